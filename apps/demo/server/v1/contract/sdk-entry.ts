/**
 * Where `pnpm sdk-check` loads BabySea's SDK from: `BABYSEA_SDK` names a user's local copy,
 * either a module file or the package folder. For a folder, the package's ESM entry
 * (`exports['.'].import`, then `module`, then `main`) when it has been built, else its
 * `src/index.ts` (a fresh clone, run through tsx).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The file to import, or why there is none. */
export type SdkEntry = { ok: true; file: string; how: string } | { ok: false; reason: string };

type ExportTarget = string | { import?: ExportTarget; default?: ExportTarget } | undefined;

function importTarget(target: ExportTarget): string | undefined {
  if (typeof target === 'string') return target;
  if (!target || typeof target !== 'object') return undefined;
  return importTarget(target.import) ?? importTarget(target.default);
}

/** Finds the module to import for the copy of the SDK at `path`. */
export function resolveSdkEntry(path: string): SdkEntry {
  const where = resolve(path);
  if (!existsSync(where)) return { ok: false, reason: `${where} does not exist` };
  if (statSync(where).isFile()) return { ok: true, file: where, how: 'the file given' };
  const manifest = join(where, 'package.json');
  if (existsSync(manifest)) {
    let pkg: {
      name?: string;
      exports?: Record<string, ExportTarget>;
      module?: string;
      main?: string;
    };
    try {
      pkg = JSON.parse(readFileSync(manifest, 'utf8'));
    } catch {
      return { ok: false, reason: `${manifest} is not valid JSON` };
    }
    const candidates: [string | undefined, string][] = [
      [importTarget(pkg.exports?.['.']), 'package.json exports["."]'],
      [pkg.module, 'package.json module'],
      [pkg.main, 'package.json main'],
    ];
    for (const [file, how] of candidates) {
      if (file && existsSync(join(where, file))) return { ok: true, file: join(where, file), how };
    }
  }
  const source = join(where, 'src', 'index.ts');
  if (existsSync(source)) return { ok: true, file: source, how: 'src/index.ts (not built)' };
  return {
    ok: false,
    reason: `${where} has neither a built entry (package.json exports/module/main) nor src/index.ts`,
  };
}
