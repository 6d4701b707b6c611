/**
 * The contract test: every `/v1` route, called over HTTP with a key of each preset, answers
 * exactly what BabySea's SDK declares: the route's success schema when the preset's scopes
 * allow it, BabySea's 403 BSE1003 refusal when they do not.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PRESETS, DEFAULT_ROUTES } from '@babysea/keys-core';
import { createMemoryStorage } from '@babysea/keys-core/memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { type RunningDemo, startDemo } from '../../listen.js';
import { DEMO_ACCOUNT_ID } from '../../session.js';
import { ROUTE_CONTRACTS, type RouteContract } from './route-contracts.js';
import { ApiErrorBody } from './sdk-schemas.js';

/** The route as the scope table writes it: keys-core marks multi-segment parameters `{name+}`. */
const routeOf = (pattern: string) => pattern.replace('+}', '}');

let demo: RunningDemo;
const secrets = new Map<string, string>();

beforeAll(async () => {
  const clientDir = mkdtempSync(join(tmpdir(), 'demo-contract-'));
  writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>demo</title>');
  demo = await startDemo({
    storage: createMemoryStorage(),
    clock: () => Date.UTC(2026, 0, 15, 12),
    clientDir,
    host: '127.0.0.1',
    port: 0,
  });
  for (const preset of DEFAULT_PRESETS) {
    const { secret } = await demo.demo.keys.create({
      accountId: DEMO_ACCOUNT_ID,
      actor: { userId: 'usr_ada', role: 'primary-owner' },
      name: `contract-${preset.id}`,
      preset: preset.id,
    });
    secrets.set(preset.id, secret);
  }
});
afterAll(() => demo?.close());

async function call(secret: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${demo.url}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${secret}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

/** A fresh generation made with the Full Access key, for the routes that take an id. */
async function fixture(type: 'image' | 'video'): Promise<string> {
  const { body } = await call(
    secrets.get('full-access') as string,
    'POST',
    type === 'image' ? '/v1/generate/image/bfl/flux-schnell' : '/v1/generate/video/google/veo-2',
    type === 'image'
      ? { generation_prompt: 'a baby seal' }
      : { generation_prompt: 'waves', generation_duration: 5 },
  );
  return (body as { data: { generation_id: string } }).data.generation_id;
}

/** The concrete request for a contract's route. */
async function requestFor(contract: RouteContract): Promise<{ path: string; body?: unknown }> {
  switch (contract.route) {
    case '/v1/generate/image/{model_identifier}':
      return { path: '/v1/generate/image/bfl/flux-schnell', body: { generation_prompt: 'a seal' } };
    case '/v1/generate/video/{model_identifier}':
      return {
        path: '/v1/generate/video/bytedance/seedance-1.5-pro',
        body: {
          generation_prompt: 'a seal',
          generation_duration: 5,
          generation_generate_audio: true,
        },
      };
    case '/v1/content/{generation_id}':
      return { path: `/v1/content/${await fixture('image')}` };
    case '/v1/content/generation/cancel/{generation_id}':
      return { path: `/v1/content/generation/cancel/${await fixture('video')}` };
    case '/v1/estimate/{model_identifier}':
      return { path: '/v1/estimate/bytedance/seedance-1-pro?count=2&duration=10&resolution=720p' };
    default:
      return { path: contract.route };
  }
}

/** Fails with zod's account of every mismatch (path and expectation), not just "false". */
function expectMatches(schema: z.ZodType, body: unknown) {
  const result = schema.safeParse(body);
  expect(result.success ? 'matches' : result.error.issues).toBe('matches');
}

describe('the /v1 contract', () => {
  it('has a contract for every route of the scope table, and only those', () => {
    const key = (r: { method: string; path?: string; route?: string }) =>
      `${r.method} ${routeOf(r.path ?? r.route ?? '')}`;
    expect(ROUTE_CONTRACTS.map(key).sort()).toEqual(DEFAULT_ROUTES.map(key).sort());
  });

  describe.each(DEFAULT_PRESETS.map((p) => [p.label, p] as const))('with a %s key', (_, preset) => {
    const routeScope = (contract: RouteContract) =>
      DEFAULT_ROUTES.find((r) => r.method === contract.method && routeOf(r.path) === contract.route)
        ?.scope as string;
    const cases = ROUTE_CONTRACTS.map((c) => [`${c.method} ${c.route}`, c] as const);

    it.each(cases)('%s answers what the SDK declares', async (_, contract) => {
      const { path, body } = await requestFor(contract);
      const answer = await call(secrets.get(preset.id) as string, contract.method, path, body);
      if (preset.scopes.includes(routeScope(contract))) {
        expect(answer.status).toBe(200);
        expectMatches(contract.response, answer.body);
      } else {
        expect(answer.status).toBe(403);
        expectMatches(ApiErrorBody, answer.body);
        expect((answer.body as z.infer<typeof ApiErrorBody>).error.code).toBe('BSE1003');
      }
    });
  });
});
