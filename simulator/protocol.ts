// The ModelsLab flux_headshot wire protocol as the simulator speaks it, written from ModelsLab's documentation:
// make_gen validation with the real API's messages, and the exact bodies of every answer, legacy quirks included.
import { randomInt } from "node:crypto";
import type { Job } from "./jobs";

/** What a route handler answers; the dispatcher serialises it. */
export type Reply = { status: number; body: unknown; headers?: Record<string, string> };

export const isHttpUrl = (s: string) => /^https?:\/\//i.test(s) && URL.canParse(s);

// ---- make_gen validation

export type MakeGenParams = {
  prompt: string;
  negativePrompt: string;
  faceImage: string;
  base64: boolean;
  /** null: take the face image's size. */
  width: number | null;
  height: number | null;
  steps: number;
  guidance: number;
  seed: number;
  /** seed as it goes back in meta: as sent, or the one picked for a null seed. */
  seedEcho: unknown;
  webhook: string | null;
  trackId: { value: unknown } | null;
};

export type Validation = { ok: true; params: MakeGenParams } | { ok: false; message: string };

class Invalid extends Error {}

const blank = (v: unknown) => v === undefined || v === null || v === "";
const NUMERIC = /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i;

function num(body: Record<string, unknown>, field: string, label: string): number | null {
  const v = body[field];
  if (blank(v)) return null;
  const n = typeof v === "number" ? v : typeof v === "string" && NUMERIC.test(v) ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw new Invalid(`The ${label} must be a number.`);
  return n;
}

function int(body: Record<string, unknown>, field: string, label: string): number | null {
  const n = num(body, field, label);
  if (n !== null && !Number.isInteger(n)) throw new Invalid(`The ${label} must be an integer.`);
  return n;
}

function size(body: Record<string, unknown>, field: "width" | "height"): number | null {
  const n = int(body, field, field);
  if (n !== null && n > 2048) throw new Invalid(`The ${field} must not be greater than 2048.`);
  if (n !== null && n < 64) throw new Invalid(`The ${field} must be at least 64.`);
  return n;
}

function text(body: Record<string, unknown>, field: string, label: string, required: boolean): string {
  const v = body[field];
  if (blank(v) || (typeof v === "string" && v.trim() === "")) {
    if (required) throw new Invalid(`The ${label} field is required.`);
    return "";
  }
  if (typeof v !== "string") throw new Invalid(`The ${label} must be a string.`);
  return v;
}

function bool(v: unknown): boolean {
  if (blank(v) || v === false || v === "false" || v === 0 || v === "0") return false;
  if (v === true || v === "true" || v === 1 || v === "1") return true;
  throw new Invalid("The base64 field must be true or false.");
}

function parse(body: Record<string, unknown>): MakeGenParams {
  const prompt = text(body, "prompt", "prompt", true);
  const faceImage = text(body, "face_image", "face image", true);
  const negativePrompt = text(body, "negative_prompt", "negative prompt", false);
  const base64 = bool(body.base64);
  const width = size(body, "width");
  const height = size(body, "height");
  const steps = int(body, "num_inference_steps", "num inference steps") ?? 21;
  if (steps < 1 || steps > 26) throw new Invalid("The num inference steps must be between 1 and 26.");
  const guidance = num(body, "guidance_scale", "guidance scale") ?? 7.5;
  if (guidance < 1 || guidance > 10) throw new Invalid("The guidance scale must be between 1.0 and 10.0.");
  const sentSeed = int(body, "seed", "seed");
  if (sentSeed !== null && (sentSeed < 0 || sentSeed > 4294967295)) throw new Invalid("The seed must be between 0 and 4294967295.");
  const seed = sentSeed ?? randomInt(0, 4294967296);
  const webhookRaw = body.webhook;
  if (!blank(webhookRaw) && (typeof webhookRaw !== "string" || !isHttpUrl(webhookRaw))) {
    throw new Invalid("The webhook must be a valid URL.");
  }
  return {
    prompt,
    negativePrompt,
    faceImage,
    base64,
    width,
    height,
    steps,
    guidance,
    seed,
    seedEcho: sentSeed === null ? seed : body.seed,
    webhook: typeof webhookRaw === "string" && webhookRaw !== "" ? webhookRaw : null,
    trackId: Object.hasOwn(body, "track_id") ? { value: body.track_id } : null,
  };
}

/** Laravel-style validation of a make_gen body: the first failing rule's message, like the real API. */
export function validateMakeGen(body: Record<string, unknown>): Validation {
  try {
    return { ok: true, params: parse(body) };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, message: e.message };
    throw e;
  }
}

// ---- Answer bodies

const QUEUED_TIP = "Your image is processing in background, you can get this image using fetch API";
const FETCH_TIP = "Get 20x faster image generation using enterprise plan. Click here : https://modelslab.com/enterprise";
export const FAILED_MESSAGE = "Processing failed: simulated model error";
export const CLEARED_MESSAGE = "Request cancelled: queue cleared";

/** The legacy endpoints spell it `messege`; the [sim:messege] fault reproduces that. */
const messageField = (messege: boolean) => (messege ? "messege" : "message");

export function errorBody(message: string, messege: boolean, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { status: "error", [messageField(messege)]: message, ...extra };
}

export function successBody(job: Job): Record<string, unknown> {
  return {
    status: "success",
    generationTime: job.generationTime ?? 0,
    id: job.id,
    output: job.outputUrls,
    proxy_links: job.proxyUrls,
    meta: job.meta,
  };
}

export function failedBody(job: Job, messege = job.faults.messege): Record<string, unknown> {
  return { status: "failed", id: job.id, [messageField(messege)]: job.failMessage ?? FAILED_MESSAGE };
}

export function queuedBody(job: Job, origin: string, etaSeconds: number): Record<string, unknown> {
  return {
    status: "processing",
    tip: QUEUED_TIP,
    eta: etaSeconds,
    [messageField(job.faults.messege)]: "Try to fetch request after seconds estimated",
    fetch_result: `${origin}/api/v6/image_editing/fetch/${job.id}`,
    id: job.id,
    output: [],
    future_links: job.outputUrls,
    proxy_links: [],
    meta: job.meta,
  };
}

export function fetchBody(job: Job, messege: boolean): Record<string, unknown> {
  if (job.status === "success") return { status: "success", id: job.id, output: job.outputUrls, proxy_links: job.proxyUrls };
  if (job.status === "failed") return failedBody(job, messege);
  return { status: "processing", [messageField(messege)]: "try again later.", output: "", tip: FETCH_TIP };
}

export function webhookBody(job: Job): Record<string, unknown> {
  const base = job.status === "success" ? successBody(job) : failedBody(job);
  return { ...base, track_id: job.trackId ? job.trackId.value : null };
}

const STATUS_4XX = { auth: 401, validation: 400, credits: 402 } as const;

/** An error whose HTTP status follows the error style: always 200, or the enterprise OpenAPI's 4xx. */
export function styledError(style: "200" | "4xx", kind: keyof typeof STATUS_4XX, message: string, messege: boolean): Reply {
  return { status: style === "4xx" ? STATUS_4XX[kind] : 200, body: errorBody(message, messege) };
}

export function rateLimited(limit: number, messege: boolean): Reply {
  return {
    status: 429,
    body: errorBody(`Rate limit exceeded. Maximum ${limit} queued requests allowed.`, messege, { retry_after: 30 }),
    headers: { "retry-after": "30" },
  };
}
