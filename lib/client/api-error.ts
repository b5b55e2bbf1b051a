import type { AppErrorCode } from "@/lib/errors";

export type ApiErrorCode = AppErrorCode | "network" | "unknown";

export const NETWORK_ERROR_MESSAGE = "Could not reach the server. Check your connection and try again.";

/** A failed API call. `message` is written for people and may be shown as is. */
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
