import "server-only";
import { readCapped } from "@/lib/http/body";
import { classifyTransportError, type TransportFailure } from "./transport-errors";

const MAX_ANSWER_BYTES = 2 * 1024 * 1024;

export type PostOutcome = { kind: "http"; status: number; text: string } | TransportFailure;

/** One POST, no retries. The key travels only inside `body`, never in the URL or a header. */
export async function postJson(
  fetchImpl: typeof fetch,
  url: string,
  body: string,
  timeoutMs: number,
): Promise<PostOutcome> {
  try {
    const res = await fetchImpl(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body,
      cache: "no-store",
      redirect: "error",
      signal: AbortSignal.timeout(timeoutMs),
    });
    const bytes = await readCapped(res, MAX_ANSWER_BYTES);
    return { kind: "http", status: res.status, text: bytes.toString("utf8") };
  } catch (error) {
    return classifyTransportError(error);
  }
}
