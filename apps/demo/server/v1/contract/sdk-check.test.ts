/**
 * `pnpm sdk-check` without BabySea's SDK: the script says how to run it and exits 0, or says
 * why it cannot load the copy it was given and exits 1. (With the SDK, it is run by hand: the
 * SDK is not a dependency of this repository.)
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DEMO = fileURLToPath(new URL('../../../', import.meta.url));

function sdkCheck(env: Record<string, string | undefined>) {
  const { BABYSEA_SDK: _, ...rest } = process.env;
  return spawnSync(
    process.execPath,
    ['--conditions=@babysea/source', '--import', 'tsx', 'scripts/sdk-check.ts'],
    { cwd: DEMO, env: { ...rest, ...env }, encoding: 'utf8', timeout: 60_000 },
  );
}

describe('pnpm sdk-check', () => {
  it('skips with a clear line and exit 0 when BABYSEA_SDK is not set', () => {
    const run = sdkCheck({});
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^sdk-check: skipped \(BABYSEA_SDK is not set\)\. Set BABYSEA_SDK=/);
  });

  it('fails with the reason when BABYSEA_SDK names nothing', () => {
    const run = sdkCheck({ BABYSEA_SDK: '/nonexistent/babysea' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('cannot load the SDK: /nonexistent/babysea does not exist');
  });
});
