export type AppErrorCode =
  | "bad_request"
  | "validation"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "gone" // team shoots: an expired invite link
  | "payload_too_large"
  | "unsupported_media"
  | "rate_limited"
  | "quota_exceeded"
  | "upstream"
  | "internal";

const STATUS: Record<AppErrorCode, number> = {
  bad_request: 400,
  validation: 422,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media: 415,
  rate_limited: 429,
  quota_exceeded: 429,
  upstream: 502,
  internal: 500,
};

/**
 * An error whose `message` is safe to show a person. `detail` is for logs only and must never
 * contain secrets; `fields` carries per-field messages for forms.
 */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly status: number;
  readonly detail: string | undefined;
  readonly fields: Record<string, string> | undefined;
  readonly retryAfterSeconds: number | undefined;
  /** Extra response headers, e.g. `Allow` on a 405. */
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: AppErrorCode,
    message: string,
    opts: { detail?: string; fields?: Record<string, string>; retryAfterSeconds?: number; status?: number; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.status = opts.status ?? STATUS[code];
    this.detail = opts.detail;
    this.fields = opts.fields;
    this.retryAfterSeconds = opts.retryAfterSeconds;
    this.headers = opts.headers;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** The JSON body every error response carries. */
export type ErrorBody = {
  error: { code: AppErrorCode; message: string; fields?: Record<string, string>; retryAfterSeconds?: number; requestId: string };
};
