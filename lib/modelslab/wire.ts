import "server-only";
// ModelsLab's wire format, both ways: the make_gen request body, and ONE reader for the job answers that come
// back (make_gen, fetch/{id} and webhook bodies all share the same success/processing/error shapes), plus the
// system_details answer. The upstream is loosely typed: numbers may arrive as strings, ids as ints or strings,
// `message` may be spelled `messege`, and `output` may be an array, one URL or "". Everything here tolerates
// that and returns the app's own union types (./types).
import type { FetchResult, MakeGenInput, MakeGenResult, SystemDetails, UpstreamOutput, WebhookEvent } from "./types";
import { classifyFailure, redactDeep, type CallContext, type FailureInput } from "./failures";

// ---------------------------------------------------------------------------------------------------------
// Request

/**
 * The make_gen JSON body. Fields are written in one fixed order so the same input always gives
 * byte-identical JSON. A base64 face image forces `base64: true` (the flag covers input and output).
 */
export function buildMakeGenBody(input: MakeGenInput, key: string): string {
  const face = input.faceImage.kind === "url" ? input.faceImage.url : input.faceImage.dataUri;
  const body: Record<string, string | number | boolean> = {
    key,
    prompt: input.prompt,
    negative_prompt: input.negativePrompt,
    face_image: face,
    width: input.width,
    height: input.height,
    num_inference_steps: input.steps,
    guidance_scale: input.guidanceScale,
    seed: input.seed,
    base64: input.base64 || input.faceImage.kind === "base64",
  };
  if (input.webhookUrl !== null) body.webhook = input.webhookUrl;
  body.track_id = input.trackId;
  return JSON.stringify(body);
}

// ---------------------------------------------------------------------------------------------------------
// Wire values

type JsonRecord = Record<string, unknown>;

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Parses a body; anything that is not a JSON object (HTML, garbage, empty, arrays) gives null. */
function parseJsonObject(text: string): JsonRecord | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith("{")) return null;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return isRecord(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

function readNumber(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string" && value.trim() !== "") {
    const n = Number(value.trim());
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** Ids and track ids: an int or a non-empty string, returned as a string. */
function readId(value: unknown): string | null {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "string" && value.trim() !== "") return value.trim();
  return null;
}

/** `message`, or the legacy `messege` spelling. */
function readMessage(body: JsonRecord): string | null {
  for (const field of ["message", "messege", "error"] as const) {
    const v = body[field];
    if (typeof v === "string" && v.trim() !== "") return v.trim();
  }
  return null;
}

function readStatus(body: JsonRecord): string | null {
  const s = body.status;
  return typeof s === "string" ? s.trim().toLowerCase() : null;
}

/** The job id: `id`, then `request_id`, then the numeric tail of `fetch_result` (used only as an id source). */
function readUpstreamId(body: JsonRecord): string | null {
  const direct = readId(body.id) ?? readId(body.request_id);
  if (direct !== null) return direct;
  const hint = body.fetch_result;
  if (typeof hint !== "string") return null;
  const tail = /\/fetch\/([A-Za-z0-9_-]+)\/?$/.exec(hint);
  return tail?.[1] ?? null;
}

function readSeed(body: JsonRecord): number | null {
  const meta = isRecord(body.meta) ? body.meta : null;
  const seed = readNumber(meta?.seed) ?? readNumber(body.seed);
  return seed !== null && Number.isInteger(seed) ? seed : null;
}

function toOutput(value: unknown): UpstreamOutput | null {
  if (typeof value !== "string") return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  // A `.base64` URL is a text file holding the image as base64, not the image itself.
  const encoding = url.pathname.toLowerCase().endsWith(".base64") ? "base64" : "binary";
  return { url: url.toString(), encoding };
}

/** Output URLs from an array, a single URL string, or "" (the fetch-processing shape). */
function readOutputList(value: unknown): UpstreamOutput[] {
  const items = Array.isArray(value) ? value : typeof value === "string" && value.trim() !== "" ? [value] : [];
  return items.map(toOutput).filter((o): o is UpstreamOutput => o !== null);
}

/** Finished outputs: `output`, falling back to `proxy_links` / `links` when `output` is empty. */
function readOutputs(body: JsonRecord): UpstreamOutput[] {
  for (const field of ["output", "proxy_links", "links"] as const) {
    const list = readOutputList(body[field]);
    if (list.length > 0) return list;
  }
  return [];
}

const WARMUP = /^try again[.!]?$/i;

function isWarmupBody(body: JsonRecord | null): boolean {
  if (body === null) return false;
  const status = readStatus(body);
  const message = readMessage(body);
  return (status === "error" || status === "failed") && message !== null && WARMUP.test(message);
}

/** The documented warm-up answer: `{"status":"error","message":"Try Again"}` (any case). No job was created. */
export function isWarmupAnswer(rawText: string): boolean {
  return isWarmupBody(parseJsonObject(rawText));
}

// ---------------------------------------------------------------------------------------------------------
// Answers

/** An upstream answer as the reader sees it. `httpStatus` is null for a webhook call: it is no response of ours. */
type WireAnswer = { httpStatus: number | null; body: JsonRecord | null; rawText: string };

/** What differs between the three job answers. `askedId` is fetch's own: its processing body carries no id. */
type ReadCall =
  | { context: "make_gen"; key: string }
  | { context: "fetch"; key: string; askedId: string }
  | { context: "webhook"; key: string };

const RUNNING = new Set(["processing", "queued", "pending"]);

function failure(answer: WireAnswer, context: CallContext, key: string, body = answer.body) {
  const said: FailureInput["body"] =
    body === null
      ? null
      : { status: readStatus(body), message: readMessage(body), retryAfter: readNumber(body.retry_after), warmup: isWarmupBody(body) };
  return classifyFailure({ httpStatus: answer.httpStatus, body: said, rawText: answer.rawText, key, context });
}

/**
 * THE reader of a job answer. A 2xx (or webhook) body whose status is `success` with outputs is done; a
 * `success` without outputs or a running status (`processing`/`queued`/`pending`) is still running, and
 * becomes `queued` for make_gen (which started the job: eta, future links) or `processing` for fetch and
 * webhook. Anything else is classified as a failure for the given call.
 */
function readJobAnswer(answer: WireAnswer, call: Extract<ReadCall, { context: "make_gen" }>): MakeGenResult;
function readJobAnswer(answer: WireAnswer, call: Exclude<ReadCall, { context: "make_gen" }>): FetchResult;
function readJobAnswer(answer: WireAnswer, call: ReadCall): MakeGenResult | FetchResult {
  const { httpStatus, body } = answer;
  const { context, key } = call;
  const askedId = call.context === "fetch" ? call.askedId : null;
  const ok = httpStatus === null || (httpStatus >= 200 && httpStatus < 300);
  const status = body === null ? null : readStatus(body);
  const running = status !== null && RUNNING.has(status);
  // A fetch poll can briefly answer "Try Again" while the job carries on: that is not a failure of the job.
  const warmupPoll = context === "fetch" && isWarmupBody(body);
  if (body === null || !ok || !(status === "success" || running || warmupPoll)) return failure(answer, context, key);

  const upstreamId = readUpstreamId(body);
  const seed = readSeed(body);
  const outputs = status === "success" ? readOutputs(body) : [];
  if (outputs.length > 0) {
    const generationTimeSeconds = readNumber(body.generationTime) ?? readNumber(body.generation_time);
    return redactDeep({ kind: "done", upstreamId: upstreamId ?? askedId, outputs, seed, generationTimeSeconds } as const, key);
  }
  // Success without outputs is treated as still running: the id is all we can follow.
  const followId = askedId ?? upstreamId;
  if (followId === null) {
    // make_gen: a billable job may exist, so this must stay the ambiguous "unreadable" answer whatever the
    // body's message says (a message must not turn it into a retryable failure and a resubmit).
    return failure(answer, context, key, context === "make_gen" ? null : body);
  }
  if (context !== "make_gen") return redactDeep({ kind: "processing", upstreamId: followId } as const, key);
  const eta = readNumber(body.eta);
  return redactDeep(
    {
      kind: "queued",
      upstreamId: followId,
      etaSeconds: eta !== null && eta >= 0 ? eta : null,
      futureOutputs: readOutputList(body.future_links),
      seed,
    } as const,
    key,
  );
}

/** A make_gen answer (any HTTP status, any body). */
export function normalizeMakeGen(httpStatus: number, rawText: string, opts: { key?: string } = {}): MakeGenResult {
  return readJobAnswer({ httpStatus, body: parseJsonObject(rawText), rawText }, { context: "make_gen", key: opts.key ?? "" });
}

/** A fetch/{id} answer. `upstreamId` is the id we asked about. */
export function normalizeFetch(httpStatus: number, rawText: string, opts: { upstreamId: string; key?: string }): FetchResult {
  const call = { context: "fetch", key: opts.key ?? "", askedId: opts.upstreamId } as const;
  return readJobAnswer({ httpStatus, body: parseJsonObject(rawText), rawText }, call);
}

function rawOf(json: unknown): string {
  try {
    return JSON.stringify(json) ?? "";
  } catch {
    return "";
  }
}

/**
 * A webhook call. Success mirrors the make_gen success body plus `track_id`;
 * failure is `{status:"failed", id, message|messege, track_id}`. Nothing here proves the call is genuine.
 */
export function parseWebhook(json: unknown, opts: { key?: string } = {}): WebhookEvent {
  const key = opts.key ?? "";
  const body = isRecord(json) ? json : null;
  const trackId = body === null ? null : readId(body.track_id);
  const upstreamId = body === null ? null : readUpstreamId(body);
  const result = readJobAnswer({ httpStatus: null, body, rawText: rawOf(json) }, { context: "webhook", key });
  return redactDeep({ trackId, upstreamId, result }, key);
}

/** system_details answers `status:"ok"` (old page) or `status:"success"` (OpenAPI). */
export function normalizeSystemDetails(httpStatus: number, rawText: string, opts: { key?: string } = {}): SystemDetails {
  const answer = { httpStatus, body: parseJsonObject(rawText), rawText };
  const status = answer.body === null ? null : readStatus(answer.body);
  if (answer.body !== null && httpStatus >= 200 && httpStatus < 300 && (status === "ok" || status === "success")) {
    return { ok: true, queueTimeSeconds: readNumber(answer.body.queue_time), modelCount: readNumber(answer.body.model_count) };
  }
  return failure(answer, "system_details", opts.key ?? "");
}
