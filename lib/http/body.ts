import "server-only";
import { AppError } from "@/lib/errors";

// Body limits for what the server reads (request bodies, and ModelsLab's answers in lib/modelslab): read
// with a cap, or drained and thrown away after a refusal.

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Body exceeds ${limit} bytes`);
    this.name = "BodyTooLargeError";
  }
}

type HasBody = { headers: Headers; body: ReadableStream<Uint8Array> | null };

/**
 * Reads a request or response body, counting bytes as they stream and cancelling once past `limit`, so an
 * oversized or endless body is never held in memory whole.
 */
export async function readCapped(res: HasBody, limit: number): Promise<Buffer> {
  const declared = Number(res.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > limit) {
    await res.body?.cancel().catch(() => undefined);
    throw new BodyTooLargeError(limit);
  }
  if (res.body === null) return Buffer.alloc(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * The body as UTF-8 text, refused with 413 as soon as it passes `maxBytes`. A body that breaks off or is
 * malformed on the wire (bad chunked encoding, a client that hangs up mid-body) is the client's problem: 400,
 * logged as a warning with what broke, never as an internal failure.
 */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  try {
    return (await readCapped(request, maxBytes)).toString("utf8");
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new AppError("payload_too_large", "The request is too large.");
    throw new AppError("bad_request", "The request body could not be read.", { detail: `request body unreadable: ${describeStreamError(error)}` });
  }
}

/** "Error: aborted (ECONNRESET)" — name, message and code only: a stack never reaches a log line. */
function describeStreamError(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 200);
  const code = (error as { code?: unknown }).code;
  return `${error.name}: ${error.message.slice(0, 200)}${typeof code === "string" ? ` (${code})` : ""}`;
}

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
