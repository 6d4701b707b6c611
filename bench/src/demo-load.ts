/**
 * `pnpm bench demo-load`: what the guard costs a real HTTP API. The demo's `GET /v1/status`
 * handler is served twice over loopback from one child process, once behind the verifier
 * (Hono middleware, SQLite storage, usage logs and last-used on) and once with the same handler
 * unguarded; concurrent keep-alive clients in this process send a bounded number of requests
 * to each in turn, and the ratio of requests per second is printed (target ≥ 0.8).
 *
 * The servers run in a child process (apps/demo/scripts/load-servers.ts) so that the load
 * generator does not share their event loop: on a two-core machine one core serves while the
 * other loads.
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

// ---- the load generator (this process) ---------------------------------------------------

function startServers(): Promise<{ child: ChildProcess; endpoints: Endpoints }> {
  const child = spawn(
    process.execPath,
    ['--conditions=@babysea/source', '--import', 'tsx', SERVERS],
    {
      cwd: fileURLToPath(new URL('../../apps/demo/', import.meta.url)),
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (line) =>
      resolve({ child, endpoints: JSON.parse(line) as Endpoints }),
    );
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
async function load(name: string, target: string, authorization: string | null, ms: number) {
  const url = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies: number[] = [];
  let failures = 0;
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
  agent.destroy();
  if (failures > 0) throw new Error(`${name}: ${failures} requests did not answer 200`);
  const sorted = Float64Array.from(latencies).sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  const measurement: Measurement = {
    name,
    opsPerSec: (latencies.length / elapsed) * 1000,
    nsPerOp: (elapsed * 1e6) / latencies.length,
    p50us: at(0.5) * 1000,
    p99us: at(0.99) * 1000,
    samples: latencies.length,
  };
  return measurement;
}

/** Runs the section: alternating rounds (order flipped each pair), then the ratios. */
export async function run(): Promise<void> {
  const { child, endpoints } = await startServers();
  const bearer = `Bearer ${endpoints.secret}`;
  const side = {
    unguarded: (n: number) => load(`unguarded #${n}`, endpoints.unguarded, null, ROUND_MS),
    guarded: (n: number) => load(`guarded #${n}`, endpoints.guarded, bearer, ROUND_MS),
  };
  try {
    await load('warmup guarded', endpoints.guarded, bearer, WARMUP_MS);
    await load('warmup unguarded', endpoints.unguarded, null, WARMUP_MS);
    const rows: Measurement[] = [];
    const pairs: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // Flipping the order cancels a slow drift of the machine (other work, thermal).
      const order =
        round % 2 === 1 ? (['unguarded', 'guarded'] as const) : (['guarded', 'unguarded'] as const);
      const measured: Record<string, Measurement> = {};
      for (const name of order) {
        measured[name] = await side[name](round);
        rows.push(measured[name]);
      }
      pairs.push((measured.guarded?.opsPerSec ?? 0) / (measured.unguarded?.opsPerSec ?? 1));
    }
    const best = (prefix: string) =>
      rows
        .filter((r) => r.name.startsWith(prefix))
        .reduce((a, b) => (b.opsPerSec > a.opsPerSec ? b : a));
    const unguarded = { ...best('unguarded'), name: 'unguarded (best)' };
    const guarded = { ...best('guarded'), name: 'guarded, SQLite (best)' };
    printTable(
      `demo load: GET /v1/status over loopback, ${CONCURRENCY} keep-alive clients, ${ROUND_MS / 1000} s rounds`,
      [...rows, unguarded, guarded],
      unguarded,
    );
    const ratio = guarded.opsPerSec / unguarded.opsPerSec;
    const sorted = [...pairs].sort((a, b) => a - b);
    const median =
      ((sorted[(sorted.length - 1) >> 1] ?? 0) + (sorted[sorted.length >> 1] ?? 0)) / 2;
    console.log(
      `\nguarded / unguarded = ${ratio.toFixed(3)} (best rounds: ${Math.round(guarded.opsPerSec)} vs ${Math.round(unguarded.opsPerSec)} req/s); median of paired rounds ${median.toFixed(3)}; target ≥ 0.8: ${ratio >= 0.8 ? 'met' : 'MISSED'}`,
    );
  } finally {
    child.removeAllListeners('exit');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.stdin?.end();
    await exited;
  }
}
