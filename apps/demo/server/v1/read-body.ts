/**
 * Reads a request body up to a size limit, without buffering more than the limit: a declared
 * `Content-Length` over it is refused before a byte is read, and a streamed body (chunked, or
 * lying about its length) is refused as soon as it passes the limit.
 */

/** The body as text, or `too_large`. */
export type BodyResult = { ok: true; text: string } | { ok: false; reason: 'too_large' };

/** Reads `request`'s body as UTF-8 text if it is at most `maxBytes` long. */
export async function readBodyLimited(request: Request, maxBytes: number): Promise<BodyResult> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) return { ok: false, reason: 'too_large' };
  if (!request.body) return { ok: true, text: '' };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return { ok: false, reason: 'too_large' };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, text: new TextDecoder().decode(bytes) };
}
