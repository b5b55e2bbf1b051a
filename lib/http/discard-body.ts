import "server-only";

/**
 * Reads and throws away a request body nobody consumed, so a refusal sent mid-upload (429, 401, …) reaches
 * the client instead of a connection reset. Bounded: past `maxBytes` or `timeoutMs` it gives up and the
 * connection may be cut, as for any oversized upload.
 */
export async function discardBody(request: Request, maxBytes: number, timeoutMs: number): Promise<void> {
  const body = request.body;
  if (!body || body.locked || request.bodyUsed) return;
  if (Number(request.headers.get("content-length") ?? "0") > maxBytes) return;
  const reader = body.getReader();
  const deadline = Date.now() + timeoutMs;
  let seen = 0;
  try {
    while (seen <= maxBytes) {
      const next = await readBefore(reader, deadline);
      if (next === null) break;
      if (next.done) return;
      seen += next.value.byteLength;
    }
    await reader.cancel();
  } catch {
    // The client went away: nothing left to drain.
  }
}

async function readBefore(reader: ReadableStreamDefaultReader<Uint8Array>, deadline: number) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), Math.max(0, deadline - Date.now()))));
  try {
    return await Promise.race([reader.read(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
