/** How long a GET may take and how large its answer may be. */
export interface GetLimits {
  readonly timeoutMs: number;
  readonly maxBytes: number;
}

/** Reads a body chunk by chunk and stops at the first byte past `maxBytes`. */
async function boundedBody(
  body: ReadableStream<Uint8Array>,
  host: string,
  maxBytes: number,
): Promise<Buffer> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new Error(`${host} answered with more than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
}

/**
 * The body of a 200 answer to a GET of `url`, as UTF-8 text. Rejects on any other status, on a
 * redirect (not followed: the URL was checked, its target would not be), on a network failure,
 * after `timeoutMs`, and as soon as the body grows past `maxBytes`: the answer is read while it
 * streams and the connection closed then, so a peer cannot make the service hold more.
 */
export async function boundedGet(url: URL, limits: GetLimits): Promise<string> {
  const response = await fetch(url, {
    redirect: 'error',
    signal: AbortSignal.timeout(limits.timeoutMs),
  });
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (response.status !== 200 || declared > limits.maxBytes) {
    await response.body?.cancel();
    throw new Error(
      response.status !== 200
        ? `${url.host} answered ${response.status}`
        : `${url.host} announced more than ${limits.maxBytes} bytes`,
    );
  }
  if (!response.body) return '';
  return (await boundedBody(response.body, url.host, limits.maxBytes)).toString('utf8');
}
