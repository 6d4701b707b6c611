/**
 * Test support: runs test-fixtures/feed-process.ts in its own process (tsx, source
 * condition) and exchanges JSON lines with it.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface FeedProcess {
  /** Sends one command line. */
  send(line: string): void;
  /** The next line (parsed) that satisfies `match`, waiting up to `timeoutMs`. */
  next(
    match: (message: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  /** Ends the process and waits for it. */
  stop(): Promise<void>;
}

export async function startFeedProcess(database: string, pollMs = 250): Promise<FeedProcess> {
  const script = fileURLToPath(new URL('./feed-process.ts', import.meta.url));
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['--conditions=@babysea/source', '--import', 'tsx', script, database, String(pollMs)],
    { cwd: fileURLToPath(new URL('../..', import.meta.url)), stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const messages: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  let buffered = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    let newline = buffered.indexOf('\n');
    while (newline !== -1) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line.startsWith('{')) messages.push(JSON.parse(line) as Record<string, unknown>);
      newline = buffered.indexOf('\n');
    }
    for (const wake of [...waiters]) wake();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));

  const next: FeedProcess['next'] = (match, timeoutMs = 30_000) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const index = messages.findIndex(match);
        if (index === -1) return false;
        const [message] = messages.splice(index, 1);
        waiters.delete(check);
        clearTimeout(timer);
        resolve(message!);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`feed process: no matching line within ${timeoutMs} ms\n${stderr}`));
      }, timeoutMs);
      if (!check()) waiters.add(check);
    });

  await next((message) => message.ready === true, 60_000);
  return {
    send: (line) => child.stdin.write(`${line}\n`),
    next,
    async stop() {
      child.stdin.end('exit\n');
      await exited;
    },
  };
}
