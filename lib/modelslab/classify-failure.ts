import "server-only";
import type { FailureReason, UpstreamFailed } from "./types";
import { busyMessage, jobFailedMessage, MESSAGES, refusedMessage } from "./messages";
import { describeResponse, redact } from "./redact";
import { readMessage, readNumber, readStatus, type JsonRecord } from "./wire-values";

export type CallContext = "make_gen" | "fetch" | "system_details" | "webhook";

export type FailureInput = {
  httpStatus: number | null;
  body: JsonRecord | null;
  rawText: string;
  key: string;
  context: CallContext;
};

const INVALID_KEY = /invalid api key|api key (is )?(not valid|invalid)|invalid key|unauthori[sz]ed|key field is required/i;
const NO_CREDITS = /insufficient (credit|balance|fund)|out of credits?|not enough credits?|add (more )?credits|low balance/i;
const RATE_LIMIT = /rate limit|too many requests/i;
const NOT_FOUND = /not found|does not exist|doesn't exist|not queued|invalid (request )?id|expired/i;
const UNAVAILABLE = /temporarily unavailable|service unavailable|internal server error|server (is )?(busy|overloaded|restarting|down)/i;
const WARMUP = /^try again[.!]?$/i;

/** The documented warm-up answer: `{"status":"error","message":"Try Again"}` (any case). */
export function isWarmupAnswer(body: JsonRecord | null): boolean {
  if (body === null) return false;
  const status = readStatus(body);
  const message = readMessage(body);
  return (status === "error" || status === "failed") && message !== null && WARMUP.test(message);
}

function safeReason(message: string | null, key: string): string | null {
  if (message === null) return null;
  const clean = redact(message, key).replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/\s+/g, " ").trim();
  if (clean === "") return null;
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
}

function retryAfter(body: JsonRecord | null): number | null {
  const n = readNumber(body?.retry_after);
  return n === null || n < 0 ? null : Math.ceil(n);
}

export function classifyFailure(input: FailureInput): UpstreamFailed {
  const { httpStatus, body, key, context } = input;
  const status = httpStatus ?? 0;
  const message = body === null ? null : readMessage(body);
  const reasonText = safeReason(message, key);
  const text = message ?? "";
  const detail = describeResponse(httpStatus, input.rawText, key);
  const fail = (reason: FailureReason, msg: string, retryable: boolean, extra: Partial<UpstreamFailed> = {}) =>
    ({ kind: "failed", reason, message: msg, retryable, retryAfterSeconds: null, ambiguous: false, detail, ...extra }) as const;

  if (isWarmupAnswer(body)) return fail("unavailable", MESSAGES.warmup, true);
  if (status === 401 || INVALID_KEY.test(text)) return fail("invalid_key", MESSAGES.invalidKey, false);
  if (status === 402 || NO_CREDITS.test(text)) return fail("insufficient_credits", MESSAGES.insufficientCredits, false);
  if (status === 429 || RATE_LIMIT.test(text)) {
    const after = retryAfter(body);
    return fail("rate_limited", busyMessage(after), true, { retryAfterSeconds: after });
  }
  if (context === "fetch" && (status === 404 || status === 410 || NOT_FOUND.test(text))) {
    return fail("not_found", MESSAGES.notFound, false);
  }
  if (status >= 500 || UNAVAILABLE.test(text)) return fail("unavailable", MESSAGES.unavailable, true);
  if (status >= 400) return fail("invalid_request", refusedMessage(reasonText ?? `HTTP ${status}`), false);

  const bodyStatus = body === null ? null : readStatus(body);
  if (bodyStatus === "failed" || (bodyStatus === "error" && (context === "fetch" || context === "webhook"))) {
    return fail("unknown", jobFailedMessage(reasonText), false);
  }
  if (bodyStatus === "error") return fail("invalid_request", refusedMessage(reasonText), false);

  // A 2xx answer we cannot read: for make_gen a billable job may exist, so never resubmit blindly.
  // For read-only calls it is a passing glitch: asking again is the cure.
  const ambiguous = context === "make_gen";
  if (body === null && (context === "fetch" || context === "system_details")) {
    return fail("unavailable", MESSAGES.unavailable, true);
  }
  return fail("unknown", MESSAGES.unknown, !ambiguous, { ambiguous });
}
