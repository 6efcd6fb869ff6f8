/**
 * Reads a response body, stopping as soon as more than `maxBytes` have arrived. Content-Length is only a
 * shortcut for refusing early: it is absent on chunked answers and says nothing about the decoded size of a
 * compressed one (fetch decodes gzip/deflate/br), so the bytes are counted as they stream.
 * Returns undefined when the body is over the cap (the stream is cancelled, the connection dropped).
 */
export async function readCappedBody(
  response: Response,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const declared = response.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    return undefined;
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}
