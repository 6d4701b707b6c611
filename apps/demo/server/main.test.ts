/**
 * `pnpm start`'s real entry point in a child process, stopped with Ctrl-C (SIGINT) the way a
 * user stops it: it must exit 0 having written last-used and the request log to the file.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSqliteStorage } from '@babysea/keys-sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNT_ID } from './session.js';

const DEMO_DIR = fileURLToPath(new URL('..', import.meta.url));
/** Start-up includes tsx compiling the server: generous, but bounded. */
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;

interface Child {
  process: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(() => {
  // A test that failed half-way must not leave its server running.
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function startMain(env: Record<string, string>): Child {
  const child = spawn(
    process.execPath,
    ['--conditions=@babysea/source', '--import', 'tsx', 'server/main.ts'],
    {
      cwd: DEMO_DIR,
      env: { ...process.env, DATABASE_URL: '', KEYS_LOG_RETENTION_DAYS: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { process: child, output: () => output, exited };
}

/** Resolves with the first match of `pattern` in the child's output; rejects on exit or timeout. */
function waitForOutput(
  child: Child,
  pattern: RegExp,
  timeoutMs: number,
): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${child.output()}`));
    }, timeoutMs);
    const check = () => {
      const match = child.output().match(pattern);
      if (match) {
        cleanup();
        resolve(match);
      }
    };
    const onExit = () => {
      check();
      cleanup();
      reject(new Error(`exited before printing ${pattern}; output:\n${child.output()}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.process.stdout?.off('data', check);
      child.process.off('exit', onExit);
    };
    child.process.stdout?.on('data', check);
    child.process.once('exit', onExit);
    check();
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

describe('pnpm start (server/main.ts)', () => {
  it('stops cleanly on Ctrl-C, with last-used and the request log written to SQLite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'demo-main-'));
    dirs.push(dir);
    const file = join(dir, 'keys.db');
    const child = startMain({ PORT: '0', HOST: '127.0.0.1', KEYS_DEMO_SQLITE: file });

    const [, url] = await waitForOutput(
      child,
      /BabySea Keys demo running at (http:\/\/127\.0\.0\.1:\d+)[\s\S]*Press Ctrl-C to stop/,
      START_TIMEOUT_MS,
    );
    expect(child.output()).toContain(`SQLite ${file}`);

    const created = await fetch(`${url}/api/keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'demo_role=owner' },
      body: JSON.stringify({ name: 'ctrl-c-check', preset: 'full-access' }),
    });
    expect(created.status).toBe(201);
    const { data } = (await created.json()) as { data: { key: { id: string }; secret: string } };
    const before = Date.now();
    const status = await fetch(`${url}/v1/status`, {
      headers: { Authorization: `Bearer ${data.secret}`, 'User-Agent': 'ctrl-c-test/1.0' },
    });
    expect(status.status).toBe(200);

    // Sent at once, well inside the 5 s last-used interval: the shutdown flush writes it.
    child.process.kill('SIGINT');
    const exit = await withTimeout(child.exited, STOP_TIMEOUT_MS, 'stopping on SIGINT');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(child.output()).toContain('SIGINT: stopping');
    expect(child.output()).toContain('Stopped cleanly.');

    const storage = createSqliteStorage({ database: file });
    try {
      const key = await storage.findKey(DEMO_ACCOUNT_ID, data.key.id);
      expect(key?.lastUsedAt).toBeGreaterThanOrEqual(before);
      const logs = await storage.listUsageLogs(DEMO_ACCOUNT_ID, data.key.id);
      expect(logs.map((log) => [log.method, log.endpoint, log.status, log.userAgent])).toEqual([
        ['GET', '/v1/status', 200, 'ctrl-c-test/1.0'],
      ]);
    } finally {
      storage.close();
    }
  });

  it('refuses a KEYS_LOG_RETENTION_DAYS that is not a positive number', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'demo-main-'));
    dirs.push(dir);
    const child = startMain({
      PORT: '0',
      HOST: '127.0.0.1',
      KEYS_DEMO_SQLITE: join(dir, 'keys.db'),
      KEYS_LOG_RETENTION_DAYS: 'forever',
    });
    const exit = await withTimeout(child.exited, START_TIMEOUT_MS, 'exiting');
    expect(exit.code).toBe(1);
    expect(child.output()).toContain('KEYS_LOG_RETENTION_DAYS must be a positive number of days');
  });
});
