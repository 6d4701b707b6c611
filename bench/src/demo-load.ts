/**
 * `pnpm bench demo-load`: what the guard costs a real HTTP API. The demo app is served twice
 * over loopback from one child process (apps/demo/scripts/load-servers.ts): once with the
 * verifier in front of `/v1/*` (Hono middleware, SQLite storage, usage logs and last-used on),
 * once with a fixed caller in its place. Concurrent keep-alive clients in this process send
 * requests to `GET /v1/status` on each in turn, for a bounded time and count.
 *
 * Two ratios are printed (target ≥ 0.8):
 * - throughput: requests per second guarded / unguarded (best round of each side);
 * - server CPU: the child's CPU time per request, unguarded / guarded. It barely moves when
 *   other processes compete for the cores, so it is the number to trust on a busy machine.
 *
 * The servers run in their own process so that the load generator does not share their event
 * loop: on a two-core machine one core serves while the other loads.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Measurement } from './harness.js';
import { printTable } from './harness.js';

const CONCURRENCY = 32;
const ROUND_MS = 2_000;
const WARMUP_MS = 1_000;
const MAX_REQUESTS_PER_ROUND = 300_000;
const ROUNDS = 4;
const SERVERS = fileURLToPath(new URL('../../apps/demo/scripts/load-servers.ts', import.meta.url));

interface Endpoints {
  guarded: string;
  unguarded: string;
  secret: string;
}

interface Round extends Measurement {
  /** The servers' CPU time (user + system) per request, in microseconds. */
  serverCpuUs: number;
}

function startServers(): Promise<{ child: ChildProcess; endpoints: Endpoints }> {
  const child = spawn(
    process.execPath,
    ['--conditions=@babysea/source', '--import', 'tsx', SERVERS],
    {
      cwd: fileURLToPath(new URL('../../apps/demo/', import.meta.url)),
      stdio: ['pipe', 'pipe', 'inherit', 'ipc'],
    },
  );
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (line) =>
      resolve({ child, endpoints: JSON.parse(line) as Endpoints }),
    );
  });
}

/** The child's `process.cpuUsage()` total, in microseconds. */
function serverCpu(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (usage) => {
      const { user, system } = usage as NodeJS.CpuUsage;
      resolve(user + system);
    });
    child.send('cpu');
  });
}

function get(url: URL, agent: Agent, authorization: string | null): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: authorization ? { authorization } : {} }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
    });
    req.once('error', reject);
    req.end();
  });
}

/** CONCURRENCY workers sending requests back to back until the time or count is up. */
async function load(
  child: ChildProcess,
  name: string,
  target: string,
  authorization: string | null,
  ms: number,
): Promise<Round> {
  const url = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies: number[] = [];
  let failures = 0;
  const cpuBefore = await serverCpu(child);
  const start = performance.now();
  const deadline = start + ms;
  const worker = async () => {
    while (performance.now() < deadline && latencies.length < MAX_REQUESTS_PER_ROUND) {
      const t0 = performance.now();
      const status = await get(url, agent, authorization);
      latencies.push(performance.now() - t0);
      if (status !== 200) failures++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsed = performance.now() - start;
  const cpu = (await serverCpu(child)) - cpuBefore;
  agent.destroy();
  if (failures > 0) throw new Error(`${name}: ${failures} requests did not answer 200`);
  const sorted = Float64Array.from(latencies).sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return {
    name,
    opsPerSec: (latencies.length / elapsed) * 1000,
    nsPerOp: (elapsed * 1e6) / latencies.length,
    p50us: at(0.5) * 1000,
    p99us: at(0.99) * 1000,
    samples: latencies.length,
    serverCpuUs: cpu / latencies.length,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return ((sorted[(sorted.length - 1) >> 1] ?? 0) + (sorted[sorted.length >> 1] ?? 0)) / 2;
};

/** Runs the section: alternating rounds (order flipped each pair), then the ratios. */
export async function run(): Promise<void> {
  const { child, endpoints } = await startServers();
  const bearer = `Bearer ${endpoints.secret}`;
  const side = {
    unguarded: (n: number) => load(child, `unguarded #${n}`, endpoints.unguarded, null, ROUND_MS),
    guarded: (n: number) => load(child, `guarded #${n}`, endpoints.guarded, bearer, ROUND_MS),
  };
  try {
    await load(child, 'warmup', endpoints.guarded, bearer, WARMUP_MS);
    await load(child, 'warmup', endpoints.unguarded, null, WARMUP_MS);
    const rounds: Round[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // Flipping the order cancels a slow drift of the machine (other work, thermal).
      const order = round % 2 === 1 ? ['unguarded', 'guarded'] : ['guarded', 'unguarded'];
      for (const name of order as Array<keyof typeof side>) rounds.push(await side[name](round));
    }
    const of = (prefix: string) => rounds.filter((r) => r.name.startsWith(prefix));
    const best = (list: Round[]) => list.reduce((a, b) => (b.opsPerSec > a.opsPerSec ? b : a));
    const unguarded = { ...best(of('unguarded')), name: 'unguarded (best)' };
    const guarded = { ...best(of('guarded')), name: 'guarded, SQLite (best)' };
    printTable(
      `demo load: GET /v1/status over loopback, ${CONCURRENCY} keep-alive clients, ${ROUND_MS / 1000} s rounds`,
      [...rounds, unguarded, guarded],
      unguarded,
    );
    const throughput = guarded.opsPerSec / unguarded.opsPerSec;
    const cpuUnguarded = median(of('unguarded').map((r) => r.serverCpuUs));
    const cpuGuarded = median(of('guarded').map((r) => r.serverCpuUs));
    const cpuRatio = cpuUnguarded / cpuGuarded;
    const verdict = (ratio: number) => (ratio >= 0.8 ? 'met' : 'MISSED');
    console.log(
      `\nthroughput guarded / unguarded = ${throughput.toFixed(3)} (${Math.round(guarded.opsPerSec)} vs ${Math.round(unguarded.opsPerSec)} req/s, best rounds; target ≥ 0.8: ${verdict(throughput)})`,
    );
    console.log(
      `server CPU per request: ${cpuUnguarded.toFixed(1)} µs unguarded, ${cpuGuarded.toFixed(1)} µs guarded → ratio ${cpuRatio.toFixed(3)} (median of rounds; target ≥ 0.8: ${verdict(cpuRatio)})`,
    );
    const spread =
      Math.max(...of('unguarded').map((r) => r.opsPerSec)) /
      Math.min(...of('unguarded').map((r) => r.opsPerSec));
    if (spread > 1.25)
      console.log(
        `note: unguarded rounds varied ×${spread.toFixed(2)}; the machine is busy, so trust the CPU ratio (or rerun idle)`,
      );
  } finally {
    child.removeAllListeners('exit');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.stdin?.end();
    await exited;
  }
}
