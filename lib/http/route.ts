// lib/http — HTTP plumbing shared by every API route: `route()` (this file: same-site check, request ids,
// security headers, typed errors as JSON), body limits (body.ts), multipart uploads (upload.ts), stored
// files (serve-file.ts) and per-client rate limits (rate-limit.ts). Who is asking lives in lib/session.
import "server-only";
import { randomUUID } from "node:crypto";
import { ZodError } from "zod";
import { AppError, type ErrorBody } from "@/lib/errors";
import { log } from "@/lib/log";
import { discardBody, readBodyText } from "./body";
import { assertSameSite } from "./same-site";
import { withSecurityHeaders } from "./security-headers";
import { fieldErrors } from "@/lib/validations/schemas";

// The largest body any route accepts (a 20 MB photo plus multipart framing), and how long to wait for it.
const DISCARD_MAX_BYTES = 21 * 1024 * 1024;
const DISCARD_TIMEOUT_MS = 15_000;

const NO_STORE = { "Cache-Control": "no-store" };

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...NO_STORE, ...headers } });
}

export function errorResponse(error: unknown, requestId: string): Response {
  const appError = toAppError(error);
  const level = appError.status >= 500 ? "error" : "warn";
  log(level, "request_failed", { requestId, code: appError.code, status: appError.status, detail: appError.detail ?? appError.message });
  const body: ErrorBody = {
    error: {
      code: appError.code,
      message: appError.message,
      requestId,
      ...(appError.fields ? { fields: appError.fields } : {}),
      ...(appError.retryAfterSeconds !== undefined ? { retryAfterSeconds: appError.retryAfterSeconds } : {}),
    },
  };
  const headers: Record<string, string> = appError.retryAfterSeconds !== undefined ? { "Retry-After": String(appError.retryAfterSeconds) } : {};
  return json(body, appError.status, headers);
}

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) {
    return new AppError("validation", "Some settings are not valid. Check the highlighted fields.", { fields: fieldErrors(error) });
  }
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new AppError("internal", "Something went wrong on our side. Please try again.", { detail });
}

type Handler<C> = (request: Request, context: C, requestId: string) => Promise<Response>;

/**
 * Wraps a route handler: refuses cross-site writes (the proxy runs only on pages), adds a request id and the
 * security headers, maps typed errors, and never puts a stack trace in a response.
 */
export function route<C>(handler: Handler<C>): (request: Request, context: C) => Promise<Response> {
  return async (request, context) => {
    const requestId = randomUUID();
    try {
      assertSameSite(request);
      const response = await handler(request, context, requestId);
      response.headers.set("X-Request-Id", requestId);
      return withSecurityHeaders(response);
    } catch (error) {
      // A refusal sent before the body was read must not turn into a connection reset mid-upload.
      await discardBody(request, DISCARD_MAX_BYTES, DISCARD_TIMEOUT_MS);
      const response = errorResponse(error, requestId);
      response.headers.set("X-Request-Id", requestId);
      return withSecurityHeaders(response);
    }
  };
}

/** Parses a JSON body, answering 400 for anything that is not a JSON object. */
export async function readJson(request: Request, maxBytes = 64 * 1024): Promise<unknown> {
  const text = await readBodyText(request, maxBytes);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("bad_request", "The request body must be JSON.");
  }
}
