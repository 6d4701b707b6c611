/**
 * Reading the management API's input: JSON bodies and paging parameters, refused as
 * `VALIDATION_FAILED` (400 BSE2001) with a field and rule, like any other input error.
 */
import { type FieldIssue, KeysError } from '../errors/keys-error.js';
import type { ListOptions } from '../types.js';

/** Largest request body read (a create request is well under 10 kB). */
export const MAX_BODY_BYTES = 64 * 1024;

function invalid(field: string, rule: string, message: string): KeysError {
  const issue: FieldIssue = { field, rule, message };
  return new KeysError('VALIDATION_FAILED', `${field}: ${message}`, { issues: [issue] });
}

/**
 * True for `application/json` (parameters such as `charset` allowed). A cross-site page can
 * send this type only through `fetch` with a CORS preflight, which a cross-origin caller fails;
 * the types a `<form>` or a preflight-free `fetch` can send (`text/plain`, the form encodings,
 * no type at all) are not it.
 */
export function isJsonContentType(value: string | null): boolean {
  if (value === null) return false;
  return value.split(';')[0]?.trim().toLowerCase() === 'application/json';
}

/** The body as text, refused past {@link MAX_BODY_BYTES} without reading further. */
async function readBounded(request: Request): Promise<string> {
  if (request.body === null) return '';
  const reader = request.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw invalid('body', 'too_large', `at most ${MAX_BODY_BYTES} bytes`);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/**
 * The request's JSON object body; `{}` when there is none. The handler has already refused
 * any POST not sent as `application/json` (see {@link isJsonContentType}).
 *
 * @throws {KeysError} `VALIDATION_FAILED` (field `body`): too large, not JSON, not an object
 */
export async function readJsonObject(request: Request): Promise<Record<string, unknown>> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES)
    throw invalid('body', 'too_large', `at most ${MAX_BODY_BYTES} bytes`);
  const text = await readBounded(request);
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid('body', 'json', 'not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('body', 'object', 'expected a JSON object');
  }
  return value as Record<string, unknown>;
}

function readTime(params: URLSearchParams, field: 'limit' | 'before'): number | undefined {
  const raw = params.get(field);
  if (raw === null || raw === '') return undefined;
  if (!/^\d{1,15}$/.test(raw)) throw invalid(field, 'invalid', 'expected a non-negative integer');
  return Number(raw);
}

/**
 * `limit` and `before` from a query string (`limit=20&before=1767225600000`).
 *
 * @throws {KeysError} `VALIDATION_FAILED` naming the parameter
 */
export function readPage(query: string): ListOptions {
  const params = new URLSearchParams(query);
  const page: ListOptions = {};
  const limit = readTime(params, 'limit');
  const before = readTime(params, 'before');
  if (limit !== undefined) {
    if (limit < 1 || limit > 1000) throw invalid('limit', 'range', 'between 1 and 1000');
    page.limit = limit;
  }
  if (before !== undefined) page.before = before;
  return page;
}
