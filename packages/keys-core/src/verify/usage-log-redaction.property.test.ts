/**
 * Property: no key-shaped string survives in any stored usage-log row. Random requests by a
 * real key carry other keys (this engine's `bye_…`, another product's `sk_live_…`, bare
 * `word_` + base62 runs) anywhere in the method, the path, the query and the user agent, raw
 * or percent-encoded; after `flush`, every string field of every stored row is free of them.
 *
 * "Key-shaped" is `[A-Za-z0-9_]*_` + 20 or more base62 characters (the rule of
 * `redactSecrets`), checked on the text and on its percent-decoded form; besides, no 12
 * characters of an embedded secret past its public display prefix may appear anywhere.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createKeys } from '../lifecycle/create-keys.js';
import { DISPLAY_BODY_LENGTH, generateKey } from '../secret/key.js';
import { createMemoryStorage } from '../storage/memory-adapter.js';
import type { UsageLog } from '../types.js';

/** Requests tried per field, reported in issue 9's closing note. */
const RUNS = 2_000;

type Field = 'method' | 'path' | 'query' | 'userAgent';
const FIELDS: readonly Field[] = ['method', 'path', 'query', 'userAgent'];

/**
 * Fields `main` does not redact yet: issue-10 is building redaction of every logged field (see
 * /work/notes/contracts.md). Each is asserted with `it.fails`, so that its test turns red the
 * day its redaction lands, and the field must then leave this set. Empty when all are done.
 */
const PENDING_FIELDS: ReadonlySet<Field> = new Set<Field>(['method', 'path', 'query', 'userAgent']);

const KEY_SHAPED = /[A-Za-z0-9_]*_[A-Za-z0-9]{20,}/;

function decoded(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

const base62 = fc.constantFrom(
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split(''),
);

/** A secret to hide and the prefix its display part ends at. */
const secret = fc.oneof(
  fc.constant(null).map(() => ({ text: generateKey('bye_'), prefix: 'bye_' })),
  fc.constant(null).map(() => ({ text: generateKey('sk_live_'), prefix: 'sk_live_' })),
  fc
    .tuple(
      fc.constantFrom('ghp_', 'tok_', 'x_'),
      fc.string({ unit: base62, minLength: 20, maxLength: 40 }),
    )
    .map(([prefix, body]) => ({ text: prefix + body, prefix })),
);

const filler = fc.string({
  unit: fc.constantFrom(...'ab/=&:;-. '.split(''), '%20', 'q=', 'key='),
  maxLength: 6,
});

const embedding = fc.record({
  secret,
  before: filler,
  after: filler,
  encoded: fc.boolean(),
});

interface Embedded {
  secret: { text: string; prefix: string };
  before: string;
  after: string;
  encoded: boolean;
}

/** The request with `embedded` placed in `field`. */
function requestWith(field: Field, { secret: s, before, after, encoded }: Embedded) {
  const carried = `${before}${encoded ? encodeURIComponent(s.text).replace(/_/g, '%5F') : s.text}${after}`;
  return {
    method: field === 'method' ? `GET${carried}`.replace(/[^A-Za-z0-9_%]/g, '') : 'GET',
    path: field === 'path' ? `/v1/content/${carried.replace(/[?#]/g, '')}` : '/v1/status',
    query: field === 'query' ? `q=${carried}` : '',
    userAgent: field === 'userAgent' ? `client/1.0 ${carried}` : 'client/1.0',
  };
}

/** What in `row` still shows the secret, or `null`. */
function leakIn(row: UsageLog, s: Embedded['secret']): string | null {
  const hidden = s.text.slice(s.prefix.length + DISPLAY_BODY_LENGTH);
  for (const [name, value] of Object.entries(row)) {
    if (typeof value !== 'string' || name === 'id' || name === 'keyId' || name === 'ipHash')
      continue;
    for (const text of [value, decoded(value)]) {
      if (KEY_SHAPED.test(text)) return `${name}: ${JSON.stringify(value)}`;
      for (let i = 0; i + 12 <= hidden.length; i++) {
        if (text.includes(hidden.slice(i, i + 12))) return `${name}: ${JSON.stringify(value)}`;
      }
    }
  }
  return null;
}

describe('usage logs › no key-shaped string is stored (property)', () => {
  for (const field of FIELDS) {
    const test = PENDING_FIELDS.has(field) ? it.fails : it;
    test(`redacts keys carried in the ${field} (${RUNS} requests)`, async () => {
      const storage = createMemoryStorage();
      const keys = createKeys({ storage });
      const account = {
        accountId: 'acct_redaction',
        actor: { userId: 'u', role: 'owner' as const },
      };
      const { key, secret: own } = await keys.create({
        ...account,
        name: 'caller',
        preset: 'full-access',
      });
      try {
        await fc.assert(
          fc.asyncProperty(embedding, async (embedded) => {
            const { method, path, query, userAgent } = requestWith(field, embedded);
            await keys.verify({
              authorization: `Bearer ${own}`,
              ip: '203.0.113.7',
              method,
              path,
              query,
              userAgent,
            });
            await keys.flush();
            const [row] = await storage.listUsageLogs(key.accountId, key.id, { limit: 1 });
            expect(row, 'the request was logged').toBeDefined();
            expect(leakIn(row!, embedded.secret)).toBeNull();
          }),
          { numRuns: RUNS },
        );
      } finally {
        await keys.close();
      }
    }, 120_000);
  }
});
