import "server-only";
// Network errors that happen before any byte of the request left: resubmitting cannot double-bill.
const BEFORE_SEND = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
]);

function errorCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === "object" && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

export type TransportFailure = { kind: "timeout" } | { kind: "network"; sent: boolean; code: string | null };

export function classifyTransportError(error: unknown): TransportFailure {
  const name = typeof error === "object" && error !== null ? (error as { name?: unknown }).name : undefined;
  if (name === "TimeoutError" || name === "AbortError") return { kind: "timeout" };
  const code = errorCode(error);
  return { kind: "network", sent: code === null ? true : !BEFORE_SEND.has(code), code };
}
