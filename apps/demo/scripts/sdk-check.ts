/**
 * `pnpm --filter @babysea/keys-demo sdk-check`: runs a user's local copy of BabySea's official
 * TypeScript SDK (`BABYSEA_SDK=/path/to/babysea`, a built package folder, a clone, or a module
 * file) against the demo, and checks each method's result against the schemas written from
 * the SDK's declared types (server/v1/contract/sdk-schemas.ts). Without `BABYSEA_SDK` it says
 * so and exits 0: the SDK is not a dependency of this repository.
 *
 * The demo runs in-process on 127.0.0.1 with in-memory storage and a clock twenty times faster
 * than the wall clock, so that a video generation finishes under the SDK's own polling
 * (`waitForGeneration`, 500 ms at the fastest) in a couple of seconds. Exits 1 if any check fails.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_PRESETS } from '@babysea/keys-core';
import { createMemoryStorage } from '@babysea/keys-core/memory';
import { serve } from '@hono/node-server';
import type { z } from 'zod';
import { describeLimits } from '../server/demo-limits.js';
import { createDemoServer } from '../server/demo-server.js';
import { DEMO_ACCOUNT_ID } from '../server/session.js';
import { ROUTE_CONTRACTS, type RouteContract } from '../server/v1/contract/route-contracts.js';
import { resolveSdkEntry } from '../server/v1/contract/sdk-entry.js';
import {
  AccountData,
  apiResponse,
  BillingData,
  EstimateData,
  Generation,
  GenerationData,
} from '../server/v1/contract/sdk-schemas.js';

const sdkPath = process.env.BABYSEA_SDK;
if (!sdkPath) {
  console.log(
    'sdk-check: skipped (BABYSEA_SDK is not set). Set BABYSEA_SDK=/path/to/your/copy/of/babysea ' +
      "(BabySea's TypeScript SDK: a package folder, a clone or a module file) to run it against the demo.",
  );
  process.exit(0);
}
const entry = resolveSdkEntry(sdkPath);
if (!entry.ok) {
  console.error(`sdk-check: cannot load the SDK: ${entry.reason}`);
  process.exit(1);
}

// ---- the SDK, as far as these checks use it ----------------------------------------------
// biome-ignore lint/suspicious/noExplicitAny: the SDK's answers are checked by the schemas
type Envelope = { data: any; idempotency_replayed?: boolean } & Record<string, unknown>;
interface Client {
  status(): Promise<Envelope>;
  usage(days?: number): Promise<Envelope>;
  account(): Promise<Envelope>;
  billing(): Promise<Envelope>;
  estimate(model: string, options?: number | Record<string, unknown>): Promise<Envelope>;
  generate(
    model: string,
    params: Record<string, unknown>,
    options?: { idempotencyKey?: string },
  ): Promise<Envelope>;
  waitForGeneration(
    id: string,
    options?: { timeout?: number; interval?: number },
  ): Promise<Envelope>;
  generateAndWait(
    model: string,
    params: Record<string, unknown>,
    options?: { interval?: number; timeout?: number },
  ): Promise<Envelope>;
  getGeneration(id: string): Promise<Envelope>;
  listGenerations(options?: { limit?: number; offset?: number }): Promise<Envelope>;
  cancelGeneration(id: string): Promise<Envelope>;
  deleteGeneration(id: string): Promise<Envelope>;
  health: Record<'providers' | 'models' | 'storage' | 'cache', () => Promise<Envelope>>;
  library: Record<'providers' | 'models', () => Promise<Envelope>>;
}
interface SdkError extends Error {
  status: number;
  code: string;
  requestId?: string;
  rateLimit?: { limit: number; remaining: number; reset: number; retryAfter?: number };
  generation_status?: string;
}
const sdk = (await import(pathToFileURL(entry.file).href)) as {
  BabySea: new (options: { apiKey: string; baseUrl: string; maxRetries?: number }) => Client;
  BabySeaError: new (...args: never[]) => SdkError;
  BabySeaGenerationFailedError: new (...args: never[]) => SdkError;
  BabySeaRetryError: new (...args: never[]) => Error & { lastError: SdkError; attempts: number };
  SDK_VERSION?: string;
};
if (typeof sdk.BabySea !== 'function') {
  console.error(`sdk-check: ${entry.file} does not export BabySea`);
  process.exit(1);
}

// ---- the demo ----------------------------------------------------------------------------
const SPEED = 20;
const started = Date.now();
const clientDir = mkdtempSync(join(tmpdir(), 'sdk-check-'));
writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>demo</title>');
const demo = createDemoServer({
  storage: createMemoryStorage(),
  clock: () => started + (Date.now() - started) * SPEED,
  clientDir,
});
/** Requests the server saw, by `METHOD path`: a refusal must cost the SDK one request. */
const seen = new Map<string, number>();
const server = serve({
  fetch: (request, env) => {
    const key = `${request.method} ${new URL(request.url).pathname}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
    return demo.app.fetch(request, env);
  },
  port: 0,
  hostname: '127.0.0.1',
});
await new Promise((resolve) => server.once('listening', resolve));
const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const clients = new Map<string, Client>();
for (const preset of DEFAULT_PRESETS) {
  const { secret } = await demo.keys.create({
    accountId: DEMO_ACCOUNT_ID,
    actor: { userId: 'usr_ada', role: 'primary-owner' },
    name: `sdk-check-${preset.id}`,
    preset: preset.id,
  });
  clients.set(preset.id, new sdk.BabySea({ apiKey: secret, baseUrl }));
}
const client = clients.get('full-access') as Client;

// ---- checks --------------------------------------------------------------------------------
const results: { what: string; ok: boolean; outcome: string }[] = [];
async function check(what: string, run: () => Promise<string>) {
  try {
    results.push({ what, ok: true, outcome: await run() });
  } catch (error) {
    results.push({ what, ok: false, outcome: (error as Error).message });
  }
}
function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}
/** The SDK's answer against the schema; `idempotency_replayed` is the SDK's own addition. */
function matches(schema: z.ZodType, answer: Envelope, label: string): string {
  const { idempotency_replayed: _, ...body } = answer;
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`${label} does not match: ${first?.path.join('.')}: ${first?.message}`);
  }
  return `${label} ✓`;
}
async function refusal(run: () => Promise<unknown>): Promise<SdkError> {
  try {
    await run();
  } catch (error) {
    return error as SdkError;
  }
  throw new Error('expected a refusal, got a success');
}

const image = { generation_prompt: 'A baby seal plays in the Arctic' };
const video = { generation_prompt: 'Waves at dawn', generation_duration: 5 };
const FAST = { interval: 500, timeout: 60_000 };

await check('status()', async () =>
  matches(ROUTE('GET /v1/status'), await client.status(), 'StatusData'),
);
await check('usage()', async () => {
  const answer = await client.usage();
  assert(
    answer.data.usage_period_days === 30,
    `usage_period_days ${answer.data.usage_period_days}`,
  );
  return `${matches(ROUTE('GET /v1/usage'), answer, 'UsageData')}, 30 days`;
});
await check('usage(7)', async () => {
  const answer = await client.usage(7);
  assert(answer.data.usage_period_days === 7, `usage_period_days ${answer.data.usage_period_days}`);
  return 'UsageData ✓, 7 days';
});
await check('account()', async () =>
  matches(apiResponse(AccountData), await client.account(), 'AccountData'),
);
await check('billing()', async () =>
  matches(apiResponse(BillingData), await client.billing(), 'BillingData'),
);
await check("estimate('bfl/flux-schnell', { count: 3 })", async () => {
  const answer = await client.estimate('bfl/flux-schnell', { count: 3 });
  assert(answer.data.assets_count === 3, `assets_count ${answer.data.assets_count}`);
  return `${matches(apiResponse(EstimateData), answer, 'EstimateData')}, ${answer.data.cost_total_consumed} credits for 3`;
});
await check("estimate('bfl/flux-schnell', 5)", async () => {
  const answer = await client.estimate('bfl/flux-schnell', 5);
  assert(answer.data.assets_count === 5, `assets_count ${answer.data.assets_count}`);
  return 'EstimateData ✓, assets_count 5';
});
await check(
  "estimate('bytedance/seedance-1.5-pro', { duration: 10, resolution: '1080p', audio: true })",
  async () => {
    const answer = await client.estimate('bytedance/seedance-1.5-pro', {
      duration: 10,
      resolution: '1080p',
      audio: true,
    });
    const { duration_seconds, resolution, cost_per_second } = answer.data;
    assert(
      duration_seconds === 10 && resolution === '1080p',
      `${duration_seconds} s ${resolution}`,
    );
    return `EstimateData ✓, ${cost_per_second}/s at 1080p with audio`;
  },
);

let imageId = '';
await check("generate('bfl/flux-schnell', …)", async () => {
  const answer = await client.generate('bfl/flux-schnell', image);
  imageId = answer.data.generation_id;
  return `${matches(apiResponse(GenerationData), answer, 'GenerationData')}, generation_initialized`;
});
await check('waitForGeneration(image)', async () => {
  const answer = await client.waitForGeneration(imageId, FAST);
  assert(answer.data.generation_status === 'succeeded', answer.data.generation_status);
  return `${matches(apiResponse(Generation), answer, 'Generation')}, succeeded, ${answer.data.generation_output_file.length} file`;
});
await check('generate(…, { idempotencyKey }) twice', async () => {
  const key = `sdk-check-${started}`;
  const first = await client.generate('bfl/flux-schnell', image, { idempotencyKey: key });
  const again = await client.generate('bfl/flux-schnell', image, { idempotencyKey: key });
  assert(first.idempotency_replayed === undefined, 'the first answer is flagged replayed');
  assert(again.idempotency_replayed === true, 'the second answer is not flagged replayed');
  assert(again.data.generation_id === first.data.generation_id, 'another generation was created');
  const other = await refusal(() =>
    client.generate('bfl/flux-schnell', { generation_prompt: 'another' }, { idempotencyKey: key }),
  );
  assert(other.code === 'BSE2015', `another body: ${other.code}`);
  return `replayed (idempotency_replayed: true, same id); another body → ${other.status} ${other.code}`;
});
await check("generateAndWait('bfl/flux-schnell', …)", async () => {
  const answer = await client.generateAndWait('bfl/flux-schnell', image, FAST);
  assert(answer.data.generation_status === 'succeeded', answer.data.generation_status);
  return 'Generation ✓, succeeded';
});
await check(
  "generate('google/veo-2', { generation_duration: 5 }) + waitForGeneration",
  async () => {
    const created = await client.generate('google/veo-2', video);
    const answer = await client.waitForGeneration(created.data.generation_id, FAST);
    assert(answer.data.generation_status === 'succeeded', answer.data.generation_status);
    return `video succeeded (${answer.data.generation_output_file[0]?.split('.').pop()})`;
  },
);
await check('getGeneration(id)', async () =>
  matches(apiResponse(Generation), await client.getGeneration(imageId), 'Generation'),
);
await check('listGenerations({ limit: 2, offset: 1 })', async () => {
  const answer = await client.listGenerations({ limit: 2, offset: 1 });
  assert(
    answer.limit === 2 && answer.offset === 1,
    `limit ${answer.limit} offset ${answer.offset}`,
  );
  assert(answer.data.generations.length === 2, `${answer.data.generations.length} generations`);
  return `${matches(ROUTE('GET /v1/content/list'), answer, 'PaginatedResponse<GenerationListData>')}, total ${answer.total}`;
});
await check('listGenerations()', async () => {
  const answer = await client.listGenerations();
  assert(
    answer.limit === 50 && answer.offset === 0,
    `limit ${answer.limit} offset ${answer.offset}`,
  );
  return `limit 50, offset 0, total ${answer.total}`;
});
await check('cancelGeneration(id) + waitForGeneration', async () => {
  const created = await client.generate('google/veo-2', video);
  const answer = await client.cancelGeneration(created.data.generation_id);
  matches(
    ROUTE('POST /v1/content/generation/cancel/{generation_id}'),
    answer,
    'GenerationCancelData',
  );
  const failed = await refusal(() => client.waitForGeneration(created.data.generation_id, FAST));
  assert(
    failed instanceof sdk.BabySeaGenerationFailedError,
    `waitForGeneration threw ${failed.name}`,
  );
  return `GenerationCancelData ✓ (canceled, credits_refunded); waitForGeneration → ${failed.name} (${failed.generation_status})`;
});
await check('deleteGeneration(id)', async () => {
  const answer = await client.deleteGeneration(imageId);
  matches(ROUTE('DELETE /v1/content/{generation_id}'), answer, 'GenerationDeleteData');
  const gone = await refusal(() => client.getGeneration(imageId));
  assert(gone.status === 404 && gone.code === 'BSE4001', `then ${gone.status} ${gone.code}`);
  return `GenerationDeleteData ✓ (files_deleted ${answer.data.files_deleted}); then getGeneration → 404 BSE4001`;
});
for (const name of ['providers', 'models', 'storage', 'cache'] as const) {
  const route =
    name === 'providers' || name === 'models'
      ? `/v1/health/inference/${name}`
      : `/v1/health/${name}`;
  await check(`health.${name}()`, async () =>
    matches(ROUTE(`GET ${route}`), await client.health[name](), route),
  );
}
for (const name of ['providers', 'models'] as const) {
  await check(`library.${name}()`, async () =>
    matches(ROUTE(`GET /v1/library/${name}`), await client.library[name](), `/v1/library/${name}`),
  );
}
await check('a wrong key', async () => {
  const bad = new sdk.BabySea({ apiKey: 'bye_00000000000000000000000000000000000000', baseUrl });
  const error = await refusal(() => bad.status());
  assert(
    error instanceof sdk.BabySeaError && error.status === 401,
    `${error.name} ${error.status}`,
  );
  return `BabySeaError ${error.status} ${error.code}`;
});

// Every preset × every route, through the SDK: the answer the scopes allow, or one 403 BSE1003.
const cells: string[] = [];
for (const preset of DEFAULT_PRESETS) {
  const presetClient = clients.get(preset.id) as Client;
  for (const contract of ROUTE_CONTRACTS) {
    const scope = contractScope(contract);
    const label = `${preset.label} × ${contract.sdkMethod} (${contract.method} ${contract.route})`;
    await check(label, async () => {
      const { call, path } = await sdkCall(presetClient, contract);
      const before = seen.get(path) ?? 0;
      if (preset.scopes.includes(scope)) {
        return matches(contract.response, await call(), 'allowed');
      }
      const error = await refusal(call);
      const requests = (seen.get(path) ?? 0) - before;
      assert(error instanceof sdk.BabySeaError, `threw ${error.name}: ${error.message}`);
      assert(error.status === 403 && error.code === 'BSE1003', `${error.status} ${error.code}`);
      assert(/^req_/.test(error.requestId ?? ''), `requestId ${error.requestId}`);
      assert(requests === 1, `${requests} requests`);
      return `refused 403 BSE1003, 1 request, requestId ${error.requestId?.slice(0, 8)}…`;
    });
    cells.push(label);
  }
}

// Rate limits, on a second demo limited to 3 requests a minute (the SDK is built with
// maxRetries: 0, or it would sleep out the Retry-After it is sent before giving up).
const limitedLimits = {
  rate: { limit: 3, windowMs: 60_000 },
  concurrency: null,
  authFailures: null,
};
const limited = createDemoServer({
  storage: createMemoryStorage(),
  clientDir,
  limits: limitedLimits,
});
const limitedServer = serve({ fetch: limited.app.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise((resolve) => limitedServer.once('listening', resolve));
const limitedUrl = `http://127.0.0.1:${(limitedServer.address() as AddressInfo).port}`;
const { secret: limitedSecret } = await limited.keys.create({
  accountId: DEMO_ACCOUNT_ID,
  actor: { userId: 'usr_ada', role: 'primary-owner' },
  name: 'sdk-check-limits',
  preset: 'full-access',
});
const limitedClient = new sdk.BabySea({
  apiKey: limitedSecret,
  baseUrl: limitedUrl,
  maxRetries: 0,
});
await check(`rateLimit (${describeLimits(limitedLimits)})`, async () => {
  await limitedClient.status();
  const missing = await refusal(() => limitedClient.getGeneration('nope'));
  assert(
    missing.rateLimit?.limit === 3,
    `rateLimit on a 404: ${JSON.stringify(missing.rateLimit)}`,
  );
  await limitedClient.status();
  const over = await refusal(() => limitedClient.status());
  const last = over instanceof sdk.BabySeaRetryError ? over.lastError : over;
  assert(
    last.status === 429 && last.code === 'BSE1005',
    `4th request: ${last.status} ${last.code}`,
  );
  assert((last.rateLimit?.retryAfter ?? 0) > 0, `retryAfter ${last.rateLimit?.retryAfter}`);
  return `404 carries rateLimit { limit: 3, remaining: ${missing.rateLimit?.remaining} }; 4th request → ${over.name} of 429 ${last.code}, rateLimit.retryAfter ${last.rateLimit?.retryAfter} s`;
});
limitedServer.close();
await limited.close();

function ROUTE(key: string): z.ZodType {
  const contract = ROUTE_CONTRACTS.find((c) => `${c.method} ${c.route}` === key);
  if (!contract) throw new Error(`no contract for ${key}`);
  return contract.response;
}
function contractScope(contract: RouteContract): string {
  const rule = demo.keys.policy.matchRoute(contract.method, concretePath(contract, 'x'));
  return rule?.rule.scope ?? '';
}
function concretePath(contract: RouteContract, id: string): string {
  return contract.route
    .replace(
      '{model_identifier}',
      contract.route.includes('/video/') ? 'google/veo-2' : 'bfl/flux-schnell',
    )
    .replace('{generation_id}', id);
}
async function sdkCall(c: Client, contract: RouteContract) {
  const needsId = contract.route.includes('{generation_id}');
  const id = needsId
    ? (
        await client.generate(
          contract.route.includes('cancel') ? 'google/veo-2' : 'bfl/flux-schnell',
          contract.route.includes('cancel') ? video : image,
        )
      ).data.generation_id
    : '';
  const path = `${contract.method} ${concretePath(contract, id)}`;
  const calls: Record<string, () => Promise<Envelope>> = {
    'POST /v1/generate/image/{model_identifier}': () => c.generate('bfl/flux-schnell', image),
    'POST /v1/generate/video/{model_identifier}': () => c.generate('google/veo-2', video),
    'GET /v1/content/{generation_id}': () => c.getGeneration(id),
    'GET /v1/content/list': () => c.listGenerations(),
    'DELETE /v1/content/{generation_id}': () => c.deleteGeneration(id),
    'POST /v1/content/generation/cancel/{generation_id}': () => c.cancelGeneration(id),
    'GET /v1/status': () => c.status(),
    'GET /v1/usage': () => c.usage(),
    'GET /v1/user/account': () => c.account(),
    'GET /v1/user/billing': () => c.billing(),
    'GET /v1/health/inference/providers': () => c.health.providers(),
    'GET /v1/health/inference/models': () => c.health.models(),
    'GET /v1/health/storage': () => c.health.storage(),
    'GET /v1/health/cache': () => c.health.cache(),
    'GET /v1/library/providers': () => c.library.providers(),
    'GET /v1/library/models': () => c.library.models(),
    'GET /v1/estimate/{model_identifier}': () => c.estimate('bfl/flux-schnell'),
  };
  const call = calls[`${contract.method} ${contract.route}`];
  if (!call) throw new Error(`no SDK call for ${contract.route}`);
  return { call, path };
}

// ---- report ------------------------------------------------------------------------------
console.log(
  `sdk-check: BabySea SDK ${sdk.SDK_VERSION ?? '(version unknown)'} from ${entry.file} (${entry.how})`,
);
console.log(`           against the demo at ${baseUrl} (clock ×${SPEED})\n`);
for (const { what, ok, outcome } of results) console.log(`${ok ? '✓' : '✗'} ${what}: ${outcome}`);
const failed = results.filter((r) => !r.ok).length;
console.log(
  `\n${results.length - failed} passed, ${failed} failed (${cells.length} preset × route cells)`,
);
server.close();
await demo.close();
process.exit(failed ? 1 : 0);
