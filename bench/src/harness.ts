/**
 * The tiny measuring kit every bench section shares: run a function for a bounded time,
 * record per-call latencies, and report ops/s, ns/op, p50 and p99.
 */

export interface Measurement {
  /** What was measured, e.g. `verify warm (memory)`. */
  name: string;
  /** Operations per second over the measured window. */
  opsPerSec: number;
  /** Mean nanoseconds per operation. */
  nsPerOp: number;
  /** Median per-call latency in microseconds. */
  p50us: number;
  /** 99th percentile per-call latency in microseconds. */
  p99us: number;
  /** How many calls were measured. */
  samples: number;
}

export interface MeasureOptions {
  /** Wall time to spend measuring. @default 1000 */
  durationMs?: number;
  /** Calls before measuring starts. @default 200 */
  warmup?: number;
  /** Hard cap on measured calls (keeps loops bounded). @default 2_000_000 */
  maxSamples?: number;
  /**
   * Calls timed together as one sample, for operations too fast to time one by one
   * (sub-microsecond); p50/p99 are then per batch divided by its size. @default 1
   */
  batch?: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length));
  return sorted[index] ?? Number.NaN;
}

/** Measures a synchronous or asynchronous function. Await is only paid when it returns a promise. */
export async function measure(
  name: string,
  fn: () => unknown,
  options: MeasureOptions = {},
): Promise<Measurement> {
  const durationMs = options.durationMs ?? 1000;
  const warmup = options.warmup ?? 200;
  const maxSamples = options.maxSamples ?? 2_000_000;
  const batch = options.batch ?? 1;

  for (let i = 0; i < warmup; i++) {
    const out = fn();
    if (out instanceof Promise) await out;
  }

  const samples = new Float64Array(Math.ceil(maxSamples / batch));
  let count = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(durationMs) * 1_000_000n;
  let now = start;
  while (now < deadline && count < samples.length) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) {
      const out = fn();
      if (out instanceof Promise) await out;
    }
    now = process.hrtime.bigint();
    samples[count++] = Number(now - t0) / batch;
  }
  const elapsedNs = Number(now - start);
  const calls = count * batch;
  const sorted = samples.subarray(0, count).sort();
  return {
    name,
    opsPerSec: (calls / elapsedNs) * 1e9,
    nsPerOp: elapsedNs / calls,
    p50us: percentile(sorted, 50) / 1000,
    p99us: percentile(sorted, 99) / 1000,
    samples: calls,
  };
}

function fmt(n: number, digits = 0): string {
  return Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '-';
}

/**
 * Prints measurements as a table with a ratio column against `baseline` (throughput of the
 * row divided by the baseline's; 1.00 = as fast as the baseline).
 */
export function printTable(title: string, rows: Measurement[], baseline?: Measurement): void {
  const header = [
    'case',
    'ops/s',
    'ns/op',
    'p50 µs',
    'p99 µs',
    baseline ? `× ${baseline.name}` : '',
  ];
  const body = rows.map((r) => [
    r.name,
    fmt(r.opsPerSec),
    fmt(r.nsPerOp),
    fmt(r.p50us, 2),
    fmt(r.p99us, 2),
    baseline ? fmt(r.opsPerSec / baseline.opsPerSec, 3) : '',
  ]);
  const widths = header.map((h, i) =>
    Math.max(h.length, ...body.map((row) => row[i]?.length ?? 0)),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ');
  console.log(`\n## ${title}\n`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of body) console.log(line(row));
}
