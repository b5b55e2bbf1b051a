// The browser's side of the API: typed errors with messages a person can read, the JSON calls the pages
// make, and the answer shape of the server actions (app/actions.ts) with the one way to call them.
import type { AppErrorCode, ErrorBody } from "@/lib/errors";
import type { QuotaStatusDto } from "@/lib/generations/quota-policy";
import type { CreateGenerationInput, GenerationStatus } from "@/lib/validations/generation";
import type { FaceCheckResult } from "@/lib/images/face-check";
import type { FaceDto, GenerationDto, GenerationListDto } from "./types";

export type ApiErrorCode = AppErrorCode | "network" | "unknown";

export const NETWORK_ERROR_MESSAGE = "Could not reach the server. Check your connection and try again.";

/** A failed API call or server action. `message` is written for people and may be shown as is. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly fields: Record<string, string> | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly requestId: string | undefined;

  constructor(
    status: number,
    code: ApiErrorCode,
    message: string,
    opts: { fields?: Record<string, string>; retryAfterSeconds?: number; requestId?: string } = {},
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.fields = opts.fields;
    this.retryAfterSeconds = opts.retryAfterSeconds;
    this.requestId = opts.requestId;
  }
}

const FALLBACK: Record<number, string> = {
  404: "We could not find that. It may have been deleted.",
  413: "That file is too large.",
  429: "Too many requests. Please wait a moment and try again.",
};

function fallbackMessage(status: number): string {
  return FALLBACK[status] ?? (status >= 500 ? "Something went wrong on our side. Please try again." : "The request could not be completed.");
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function stringMap(v: unknown): Record<string, string> | undefined {
  if (!isRecord(v)) return undefined;
  const entries = Object.entries(v).filter((e): e is [string, string] => typeof e[1] === "string");
  return entries.length ? Object.fromEntries(entries) : undefined;
}

function retryAfter(body: Record<string, unknown>, header: string | null): number | undefined {
  if (typeof body.retryAfterSeconds === "number") return body.retryAfterSeconds;
  const n = header === null ? NaN : Number(header);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** Builds an ApiError from a non-2xx response, tolerating bodies that are not our JSON error shape. */
export async function apiErrorFromResponse(res: Response): Promise<ApiError> {
  let raw: unknown;
  try {
    raw = await res.json();
  } catch {
    raw = undefined;
  }
  const body = isRecord(raw) && isRecord(raw.error) ? raw.error : {};
  const message = typeof body.message === "string" && body.message.trim() ? body.message : fallbackMessage(res.status);
  const code = typeof body.code === "string" ? (body.code as ApiErrorCode) : "unknown";
  return new ApiError(res.status, code, message, {
    fields: stringMap(body.fields),
    retryAfterSeconds: retryAfter(body, res.headers.get("retry-after")),
    requestId: typeof body.requestId === "string" ? body.requestId : undefined,
  });
}

/** Anything thrown by a call, as a message a person can read. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return "Something went wrong. Please try again.";
}

/** fetch for our own JSON API: typed errors with messages a person can read, cancellation passed through. */
export async function apiRequest<T>(url: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: "same-origin", ...init, headers: { Accept: "application/json", ...init.headers } });
  } catch (error) {
    // Cancellation (react-query, unmount) is not a failure to report.
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(0, "network", NETWORK_ERROR_MESSAGE);
  }
  if (!res.ok) throw await apiErrorFromResponse(res);
  if (res.status === 204) return undefined as T;
  try {
    return (await res.json()) as T;
  } catch {
    throw new ApiError(res.status, "unknown", "The server sent an unexpected answer. Please try again.");
  }
}

/** `check`: the on-device face check's findings, stored with the photo for display (lib/images/face-check.ts). */
export function uploadFace(file: File, signal?: AbortSignal, check?: FaceCheckResult | null): Promise<FaceDto> {
  const body = new FormData();
  if (check) body.append("check", JSON.stringify(check));
  body.append("file", file, file.name);
  return apiRequest<FaceDto>("/api/faces", { method: "POST", body, signal });
}

/** Same key → same generation: the server answers 200 with the job it already made. */
export function createGeneration(input: CreateGenerationInput, idempotencyKey: string): Promise<GenerationDto> {
  return apiRequest<GenerationDto>("/api/generations", {
    method: "POST",
    headers: { "Content-Type": "application/json", "Idempotency-Key": idempotencyKey },
    body: JSON.stringify(input),
  });
}

export function getGeneration(id: string, signal?: AbortSignal): Promise<GenerationDto> {
  return apiRequest<GenerationDto>(`/api/generations/${encodeURIComponent(id)}`, { signal });
}

export type GenerationListFilters = { status?: GenerationStatus; q?: string; limit?: number };

export function listGenerations(filters: GenerationListFilters & { cursor?: string | null }, signal?: AbortSignal): Promise<GenerationListDto> {
  const qs = new URLSearchParams();
  if (filters.cursor) qs.set("cursor", filters.cursor);
  if (filters.status) qs.set("status", filters.status);
  if (filters.q?.trim()) qs.set("q", filters.q.trim());
  if (filters.limit) qs.set("limit", String(filters.limit));
  const query = qs.toString();
  return apiRequest<GenerationListDto>(`/api/generations${query ? `?${query}` : ""}`, { signal });
}

export function getQuota(signal?: AbortSignal): Promise<QuotaStatusDto> {
  return apiRequest<QuotaStatusDto>("/api/quota", { signal });
}

/**
 * What a server action answers: its value, or the error body a route handler would have sent (same
 * messages, fields and status), so the page treats both alike.
 */
export type ActionResult<T> = { ok: true; value: T } | { ok: false; status: number; error: ErrorBody["error"] };

/** Runs a server action: its value, or an ApiError like a failed API call (a lost connection included). */
export async function callAction<T>(action: () => Promise<ActionResult<T>>): Promise<T> {
  let result: ActionResult<T>;
  try {
    result = await action();
  } catch {
    throw new ApiError(0, "network", NETWORK_ERROR_MESSAGE);
  }
  if (result.ok) return result.value;
  const { code, message, fields, retryAfterSeconds, requestId } = result.error;
  throw new ApiError(result.status, code, message, { fields, retryAfterSeconds, requestId });
}
