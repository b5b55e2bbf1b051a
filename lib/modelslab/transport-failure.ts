import "server-only";
import type { UpstreamFailed } from "./types";
import type { CallContext } from "./classify-failure";
import { MESSAGES } from "./messages";
import type { TransportFailure } from "./transport-errors";

/**
 * A call that got no HTTP answer. For make_gen, anything after the request may have left is
 * ambiguous: a billable job might exist, so it must not be resubmitted automatically.
 */
export function transportFailure(failure: TransportFailure, context: CallContext, timeoutMs: number): UpstreamFailed {
  const base = { kind: "failed", retryAfterSeconds: null } as const;
  const mayHaveRun = context === "make_gen";
  if (failure.kind === "timeout") {
    return {
      ...base,
      reason: "timeout",
      message: MESSAGES.timeout,
      retryable: !mayHaveRun,
      ambiguous: mayHaveRun,
      detail: `no HTTP response: timed out after ${timeoutMs} ms`,
    };
  }
  const ambiguous = mayHaveRun && failure.sent;
  return {
    ...base,
    reason: "unavailable",
    message: MESSAGES.unavailable,
    retryable: !ambiguous,
    ambiguous,
    detail: `no HTTP response: network error ${failure.code ?? "(no code)"}${failure.sent ? " after sending" : " before sending"}`,
  };
}
