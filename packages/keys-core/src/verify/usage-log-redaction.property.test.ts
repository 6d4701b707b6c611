/**
 * Property: no key-shaped string survives in any stored usage-log row. Random requests by a
 * real key carry other keys of the engine (its configured prefix: `bye_` or `sk_live_`)
 * anywhere in the method, the path, the query and the user agent, raw, percent-encoded (once
 * or twice, `_` included) or with only some characters encoded; after `flush`, no 12
 * characters of an embedded secret past its public display prefix appear in any string field
 * of the stored row, read as stored or decoded up to four times.
 *
 * "Key-shaped" follows the redactor's exact rule (a key of this engine: prefix, 38 base62
 * characters, checksum holding); other products' tokens are not this kit's to recognise.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createKeys } from '../lifecycle/create-keys.js';
import { DISPLAY_BODY_LENGTH, KEY_RANDOM_LENGTH, keyChecksum } from '../secret/key.js';
import { createMemoryStorage } from '../storage/memory-adapter.js';
import type { UsageLog } from '../types.js';

/** Requests tried per field and prefix (8 × 500 = 4,000), reported in issue 9's closing note. */
const RUNS = 500;

type Field = 'method' | 'path' | 'query' | 'userAgent';
const FIELDS: readonly Field[] = ['method', 'path', 'query', 'userAgent'];

/** `text` and its percent-decodings, up to four layers deep. */
function readings(text: string): string[] {
  const out = [text];
  for (let i = 0; i < 4; i++) {
    const last = out[out.length - 1]!;
    const next = last.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    );
    if (next === last) break;
    out.push(next);
  }
  return out;
}

/** How the secret is spelled in the request. */
type Spelling = 'raw' | 'encoded' | 'twice' | 'partly';
const spelling = fc.constantFrom<Spelling>('raw', 'encoded', 'twice', 'partly');

function encodeAll(text: string): string {
  return [...text].map((char) => `%${char.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');
}

function spell(text: string, how: Spelling, seed: number): string {
  if (how === 'raw') return text;
  if (how === 'encoded') return encodeAll(text);
  if (how === 'twice') return encodeAll(text).replace(/%/g, '%25');
  // Every third character from a random offset encoded, in upper-case hex.
  return [...text]
    .map((char, i) => ((i + seed) % 3 === 0 ? encodeAll(char).toUpperCase() : char))
    .join('');
}

const filler = fc.string({
  unit: fc.constantFrom(...'ab/=&:;-. '.split(''), '%20', 'q=', 'key='),
  maxLength: 6,
});

const base62 = fc.constantFrom(
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split(''),
);
const body = fc.string({
  unit: base62,
  minLength: KEY_RANDOM_LENGTH,
  maxLength: KEY_RANDOM_LENGTH,
});

const embedding = fc.record({ body, before: filler, after: filler, spelling, seed: fc.nat(2) });

interface Embedded {
  /** The random part of the embedded key (its checksum is computed for the engine's prefix). */
  body: string;
  before: string;
  after: string;
  spelling: Spelling;
  seed: number;
}

/** The request with `embedded` placed in `field`. */
function requestWith(
  field: Field,
  secret: string,
  { before, after, spelling: how, seed }: Embedded,
) {
  const carried = `${before}${spell(secret, how, seed)}${after}`;
  return {
    method: field === 'method' ? `GET${carried}`.replace(/[^A-Za-z0-9_%]/g, '') : 'GET',
    path: field === 'path' ? `/v1/content/${carried.replace(/[?#]/g, '')}` : '/v1/status',
    query: field === 'query' ? `q=${carried}` : '',
    userAgent: field === 'userAgent' ? `client/1.0 ${carried}` : 'client/1.0',
  };
}

/** What in `row` still shows the secret, or `null`. */
function leakIn(row: UsageLog, secret: string, prefix: string): string | null {
  const hidden = secret.slice(prefix.length + DISPLAY_BODY_LENGTH);
  for (const [name, value] of Object.entries(row)) {
    if (typeof value !== 'string') continue;
    for (const text of readings(value)) {
      for (let i = 0; i + 12 <= hidden.length; i++) {
        if (text.includes(hidden.slice(i, i + 12))) return `${name}: ${JSON.stringify(value)}`;
      }
    }
  }
  return null;
}

describe('usage logs › no key-shaped string is stored (property)', () => {
  describe.each(['bye_', 'sk_live_'])('an engine with prefix %s', (prefix) => {
    it.each(FIELDS)(
      `redacts keys carried in the %s (${RUNS} requests)`,
      async (field) => {
        const storage = createMemoryStorage();
        const keys = createKeys({ storage, prefix });
        const { key, secret: own } = await keys.create({
          accountId: 'acct_redaction',
          actor: { userId: 'user_owner', role: 'owner' },
          name: 'caller',
          preset: 'full-access',
        });
        try {
          await fc.assert(
            fc.asyncProperty(embedding, async (embedded) => {
              const head = prefix + embedded.body;
              const secret = head + keyChecksum(head);
              await keys.verify({
                authorization: `Bearer ${own}`,
                ip: '203.0.113.7',
                ...requestWith(field, secret, embedded),
              });
              await keys.flush();
              const [row] = await storage.listUsageLogs(key.accountId, key.id, { limit: 1 });
              expect(row, 'the request was logged').toBeDefined();
              expect(leakIn(row!, secret, prefix)).toBeNull();
            }),
            { numRuns: RUNS },
          );
        } finally {
          await keys.close();
        }
      },
      120_000,
    );
  });
});
