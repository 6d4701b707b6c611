import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveSdkEntry } from './sdk-entry.js';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sdk-entry-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('resolveSdkEntry', () => {
  it("takes a built package's ESM export", () => {
    const dir = folder({
      'package.json': JSON.stringify({
        exports: { '.': { import: { types: './dist/index.d.ts', default: './dist/index.js' } } },
      }),
      'dist/index.js': '',
      'src/index.ts': '',
    });
    expect(resolveSdkEntry(dir)).toEqual({
      ok: true,
      file: join(dir, 'dist/index.js'),
      how: 'package.json exports["."]',
    });
  });

  it('falls back to src/index.ts in a clone that has not been built', () => {
    const dir = folder({
      'package.json': JSON.stringify({ exports: { '.': { import: './dist/index.js' } } }),
      'src/index.ts': '',
    });
    expect(resolveSdkEntry(dir)).toMatchObject({ ok: true, file: join(dir, 'src/index.ts') });
  });

  it('takes a file as given', () => {
    const dir = folder({ 'sdk.mjs': '' });
    expect(resolveSdkEntry(join(dir, 'sdk.mjs'))).toMatchObject({
      ok: true,
      file: join(dir, 'sdk.mjs'),
    });
  });

  it('says so when the path does not exist', () => {
    expect(resolveSdkEntry('/nonexistent/babysea')).toEqual({
      ok: false,
      reason: '/nonexistent/babysea does not exist',
    });
  });

  it('says so when a folder holds no SDK', () => {
    const result = resolveSdkEntry(folder({ 'README.md': '' }));
    expect(result.ok ? '' : result.reason).toMatch(/neither a built entry .* nor src\/index\.ts/);
  });

  it('says so when package.json is broken', () => {
    const result = resolveSdkEntry(folder({ 'package.json': '{' }));
    expect(result.ok ? '' : result.reason).toMatch(/not valid JSON/);
  });
});
