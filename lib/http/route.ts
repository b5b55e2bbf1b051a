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
  const headers: Record<string, string> = {
    ...appError.headers,
    ...(appError.retryAfterSeconds !== undefined ? { "Retry-After": String(appError.retryAfterSeconds) } : {}),
  };
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

// ---- Methods a route does not define ----

/** The methods Next routes to a route handler; anything else is refused before it gets there (lib/http/edge.ts). */
export const ROUTE_METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"] as const;
export type RouteMethod = (typeof ROUTE_METHODS)[number];
type Defined = Exclude<RouteMethod, "HEAD" | "OPTIONS">;
type MethodHandler = (request: Request, context: unknown) => Promise<Response>;

const notDefinedHandlers = new WeakSet<object>();

/** True for a handler made by `otherMethods` (the route-walking test tells them from the route's own). */
export function isOtherMethodHandler(handler: unknown): boolean {
  return typeof handler === "function" && notDefinedHandlers.has(handler);
}

/** The Allow header of a route defining `defined`: HEAD comes with GET (Next answers it), OPTIONS always. */
export function allowHeader(defined: readonly RouteMethod[]): string {
  const allowed = new Set<RouteMethod>([...defined, "OPTIONS"]);
  if (allowed.has("GET")) allowed.add("HEAD");
  return ROUTE_METHODS.filter((m) => allowed.has(m)).join(", ");
}

/**
 * The answers for every method a route does not define, so that each API route refuses them alike: 405 with a
 * JSON message, `Allow`, and the security headers (Next's own 405 has an empty body and neither). OPTIONS
 * answers 204 with the same `Allow` (Next's automatic OPTIONS would list these handlers as allowed). A route
 * file exports what it does not define:
 *
 *   export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
 *
 * HEAD is answered by Next from GET when there is one; a route without GET exports HEAD too.
 * app/api/methods.test.ts walks every route file and checks that none is missing.
 */
export function otherMethods<const D extends Defined>(...defined: D[]): Record<Exclude<RouteMethod, D | (D extends "GET" ? "HEAD" : never)>, MethodHandler> {
  const allow = allowHeader(defined);
  const refuse: MethodHandler = route<unknown>(async (request) => {
    throw new AppError("method_not_allowed", `This address does not accept ${request.method.toUpperCase()} requests. Allowed: ${allow}.`, {
      headers: { Allow: allow },
      detail: `method ${request.method} not allowed`,
    });
  });
  const options: MethodHandler = route<unknown>(async () => new Response(null, { status: 204, headers: { Allow: allow, "Cache-Control": "no-store" } }));
  notDefinedHandlers.add(refuse);
  notDefinedHandlers.add(options);
  const handlers: Partial<Record<RouteMethod, MethodHandler>> = {};
  for (const method of ROUTE_METHODS) {
    if ((defined as readonly RouteMethod[]).includes(method)) continue;
    if (method === "HEAD" && (defined as readonly RouteMethod[]).includes("GET")) continue;
    handlers[method] = method === "OPTIONS" ? options : refuse;
  }
  return handlers as Record<Exclude<RouteMethod, D | (D extends "GET" ? "HEAD" : never)>, MethodHandler>;
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
