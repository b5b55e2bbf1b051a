import "server-only";
// What went wrong with a ModelsLab call, in the app's terms: an upstream refusal or failed job
// (`classifyFailure`), a call that got no HTTP answer (`transportFailure`), or an output that could not be
// downloaded (`OutputDownloadError`). Every text here is safe to show a person: the API key is redacted
// from anything the upstream said before it is kept.
import type { FailureReason, UpstreamFailed } from "./types";

export type CallContext = "make_gen" | "fetch" | "system_details" | "webhook";

// ---------------------------------------------------------------------------------------------------------
// Messages. None of them ever interpolates anything but a sanitised upstream reason or a number.

const MESSAGES = {
  invalidKey: "The API key is not valid.",
  insufficientCredits: "Out of credits — add credits to your ModelsLab account.",
  notFound: "The image job was not found upstream. It may have expired.",
  unavailable: "The image service is unavailable right now. Please try again shortly.",
  timeout: "The service did not answer in time.",
  warmup: "The model is warming up. Please try again in a minute.",
  unknown: "The image service gave an unexpected answer.",
} as const;

function busyMessage(retryAfterSeconds: number | null): string {
  return retryAfterSeconds === null ? "Busy — try again in a moment." : `Busy — try again in ${retryAfterSeconds} s.`;
}

function refusedMessage(reason: string | null): string {
  return reason === null ? "The request was refused." : `The request was refused: ${reason}`;
}

function jobFailedMessage(reason: string | null): string {
  return reason === null ? "The generation failed." : `The generation failed: ${reason}`;
}

// ---------------------------------------------------------------------------------------------------------
// Redaction of the API key. The key travels in every request body and upstreams echo bodies back.

const EXCERPT_LIMIT = 300;

function redact(text: string, key: string): string {
  return key === "" ? text : text.split(key).join("[redacted]");
}

/** Redacts every string inside a JSON-like value. */
export function redactDeep<T>(value: T, key: string): T {
  if (key === "") return value;
  if (typeof value === "string") return redact(value, key) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactDeep(v, key)) as T;
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, key);
    return out as T;
  }
  return value;
}

/** "HTTP 500: <body excerpt>" for logs. Redacts before trimming so a cut can never leave part of the key. */
function describeResponse(httpStatus: number | null, body: string, key: string): string {
  const flat = redact(body, key).replace(/\s+/g, " ").trim();
  const excerpt = flat.length > EXCERPT_LIMIT ? `${flat.slice(0, EXCERPT_LIMIT)}…` : flat;
  const head = httpStatus === null ? "no HTTP response" : `HTTP ${httpStatus}`;
  return excerpt === "" ? `${head}: (empty body)` : `${head}: ${excerpt}`;
}

// ---------------------------------------------------------------------------------------------------------
// An answer that is not a usable result: HTTP status and what the body said (read by wire.ts).

export type FailureInput = {
  /** null for a webhook call: there is no response of ours to look at. */
  httpStatus: number | null;
  /** What a JSON-object body said; null when the body was HTML, garbage, empty, or deliberately ignored. */
  body: {
    status: string | null;
    message: string | null;
    retryAfter: number | null;
    /** The documented warm-up answer `{"status":"error","message":"Try Again"}`. */
    warmup: boolean;
  } | null;
  rawText: string;
  key: string;
  context: CallContext;
};

const INVALID_KEY = /invalid api key|api key (is |has )?(not valid|invalid|expired)|invalid key|unauthori[sz]ed|key field is required/i;
const NO_CREDITS = /insufficient (credit|balance|fund)|out of credits?|not enough credits?|add (more )?credits|low balance/i;
const RATE_LIMIT = /rate limit|too many requests/i;
const NOT_FOUND = /not found|does not exist|doesn't exist|not queued|invalid (request )?id|expired/i;
const UNAVAILABLE = /temporarily unavailable|service unavailable|internal server error|server (is )?(busy|overloaded|restarting|down)/i;

function safeReason(message: string | null, key: string): string | null {
  if (message === null) return null;
  const clean = redact(message, key).replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/\s+/g, " ").trim();
  if (clean === "") return null;
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
}

function retryAfter(seconds: number | null): number | null {
  return seconds === null || seconds < 0 ? null : Math.ceil(seconds);
}

export function classifyFailure(input: FailureInput): UpstreamFailed {
  const { httpStatus, body, key, context } = input;
  const status = httpStatus ?? 0;
  const message = body?.message ?? null;
  const reasonText = safeReason(message, key);
  const text = message ?? "";
  const detail = describeResponse(httpStatus, input.rawText, key);
  const fail = (reason: FailureReason, msg: string, retryable: boolean, extra: Partial<UpstreamFailed> = {}) =>
    ({ kind: "failed", reason, message: msg, retryable, retryAfterSeconds: null, ambiguous: false, detail, ...extra }) as const;

  if (body?.warmup === true) return fail("unavailable", MESSAGES.warmup, true);
  if (status === 401 || INVALID_KEY.test(text)) return fail("invalid_key", MESSAGES.invalidKey, false);
  if (status === 402 || NO_CREDITS.test(text)) return fail("insufficient_credits", MESSAGES.insufficientCredits, false);
  if (status === 429 || RATE_LIMIT.test(text)) {
    const after = retryAfter(body?.retryAfter ?? null);
    return fail("rate_limited", busyMessage(after), true, { retryAfterSeconds: after });
  }
  // "Not found / expired" only when the upstream said so: its own JSON answer with 404/410, or a message
  // saying the job is unknown or gone. A bare 404 page (a gateway, a wrong path) says nothing about the job.
  if (context === "fetch" && (((status === 404 || status === 410) && body !== null) || NOT_FOUND.test(text))) {
    return fail("not_found", MESSAGES.notFound, false);
  }
  if (status >= 500 || UNAVAILABLE.test(text)) return fail("unavailable", MESSAGES.unavailable, true);
  if (status >= 400) return fail("invalid_request", refusedMessage(reasonText ?? `HTTP ${status}`), false);

  const bodyStatus = body?.status ?? null;
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

// ---------------------------------------------------------------------------------------------------------
// Transport: calls that got no HTTP answer at all.

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

// ---------------------------------------------------------------------------------------------------------
// Output downloads.

export type OutputDownloadProblem =
  | "http_status"
  | "html"
  | "too_large"
  | "not_image"
  | "bad_url"
  | "refused_url"
  | "timeout"
  | "network";

/** Thrown by downloadOutput. `expired` marks 404/410: the upstream has already deleted the file. */
export class OutputDownloadError extends Error {
  readonly status: number | null;
  readonly expired: boolean;
  readonly problem: OutputDownloadProblem;
  /** Where the refused or failed hop pointed, without path or query (safe to log): "host:port" and its origin. */
  readonly host: string | null;
  readonly origin: string | null;

  constructor(
    problem: OutputDownloadProblem,
    message: string,
    status: number | null = null,
    options?: { cause?: unknown; url?: URL },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "OutputDownloadError";
    this.problem = problem;
    this.status = status;
    this.expired = status === 404 || status === 410;
    this.host = options?.url?.host ?? null;
    this.origin = options?.url?.origin ?? null;
  }
}

/**
 * True for an OutputDownloadError, also one made by another copy of this module: Next bundles instrumentation-node.ts
 * (which builds the production client first, lib/generations/runtime.ts) apart from the route handlers, so the
 * client's errors can come from a class that `instanceof` in a route does not know.
 */
export function isOutputDownloadError(error: unknown): error is OutputDownloadError {
  if (error instanceof OutputDownloadError) return true;
  return error instanceof Error && error.name === "OutputDownloadError" && typeof (error as { problem?: unknown }).problem === "string";
}

/** What a failed output download means for the job. */
export type OutputFailure = {
  /** Stored as the job's failure reason. */
  reason: "output_refused" | "expired" | "output_too_large" | "output_invalid" | "output_unavailable";
  /** Safe to show a person. */
  message: string;
  /**
   * Worth asking again later (a network blip, a 5xx, a timeout). Never for a refused address (a configuration
   * problem), an expired file (the upstream said it is gone) or an answer that is not an image.
   */
  retryable: boolean;
};

export const OUTPUT_MESSAGES = {
  refused: "The image service returned the result at an address this server may not download from.",
  expired: "The result expired at the image service before it could be saved.",
  tooLarge: "The result is larger than this server accepts.",
  notImage: "The image service returned something that is not an image.",
  badUrl: "The image service returned an address for the result that is not valid.",
  unavailable: "The result could not be downloaded from the image service. Please try again.",
} as const;

/**
 * Classifies a failed download. Only a 404 or 410 from the file's own host counts as "expired": that is the
 * upstream saying the file is gone. Everything else says what actually happened.
 */
export function classifyOutputDownload(error: OutputDownloadError): OutputFailure {
  switch (error.problem) {
    case "refused_url":
      return { reason: "output_refused", message: OUTPUT_MESSAGES.refused, retryable: false };
    case "too_large":
      return { reason: "output_too_large", message: OUTPUT_MESSAGES.tooLarge, retryable: false };
    case "html":
    case "not_image":
      return { reason: "output_invalid", message: OUTPUT_MESSAGES.notImage, retryable: false };
    case "bad_url":
      return { reason: "output_invalid", message: OUTPUT_MESSAGES.badUrl, retryable: false };
    case "http_status":
      if (error.expired) return { reason: "expired", message: OUTPUT_MESSAGES.expired, retryable: false };
      return { reason: "output_unavailable", message: `The result could not be downloaded from the image service (HTTP ${error.status ?? "error"}).`, retryable: true };
    case "timeout":
    case "network":
      return { reason: "output_unavailable", message: OUTPUT_MESSAGES.unavailable, retryable: true };
  }
}
