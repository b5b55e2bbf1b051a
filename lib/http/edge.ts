// The HTTP edge: requests refused before Next sees them. Two kinds never reach app code otherwise:
// - TRACE, TRACK and other methods outside GET/HEAD/OPTIONS/POST/PUT/PATCH/DELETE: Next builds a WHATWG Request
//   for the proxy and for route handlers, and the fetch standard forbids TRACE/TRACK (`new Request` throws), so
//   Next answered 500 with a stack trace in the log — before proxy.ts or any route could run.
// - An absolute-form request line (`GET http://evil.example/api/health HTTP/1.1`): Next answered it with a 308
//   to the foreign host.
// instrumentation-node.ts installs the guard once, before the server handles its first request.
import "server-only";
import { randomUUID } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { ErrorBody } from "@/lib/errors";
import { log } from "@/lib/log";
import { SECURITY_HEADERS } from "./security-headers";

/** Every method this server answers; the same list as ROUTE_METHODS in route.ts. */
const SERVED_METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"];
const ALLOW = SERVED_METHODS.join(", ");

export type EdgeRefusal = { status: 400 | 405; code: "bad_request" | "method_not_allowed"; message: string; headers: Record<string, string> };

/** Why a request must be refused at the edge, or null to let Next handle it. */
export function edgeRefusal(method: string | undefined, target: string | undefined): EdgeRefusal | null {
  if (!SERVED_METHODS.includes(method ?? "")) {
    const shown = /^[A-Z]{1,20}$/.test(method ?? "") ? method : "this";
    return { status: 405, code: "method_not_allowed", message: `This server does not accept ${shown} requests. Allowed: ${ALLOW}.`, headers: { Allow: ALLOW } };
  }
  // origin-form only: absolute-form (http://host/path), authority-form and asterisk-form (*) are refused.
  if (!target?.startsWith("/")) {
    return { status: 400, code: "bad_request", message: "The request line must name a path on this server, not a full URL.", headers: {} };
  }
  return null;
}

/** The answer to a refusal, the way route() answers errors: JSON `{ error }`, the security headers, no caching. */
function refusalAnswer(refusal: EdgeRefusal, method: string | undefined): { headers: Record<string, string | number>; text: string } {
  const requestId = randomUUID();
  const body: ErrorBody = { error: { code: refusal.code, message: refusal.message, requestId } };
  const text = JSON.stringify(body);
  log("warn", "request_refused_at_edge", { requestId, status: refusal.status, method: (method ?? "").slice(0, 20) });
  const headers = {
    ...Object.fromEntries(SECURITY_HEADERS),
    ...refusal.headers,
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
    "Cache-Control": "no-store",
    "X-Request-Id": requestId,
    // Whatever body the request carried is not read: do not reuse the connection after it.
    Connection: "close",
  };
  return { headers, text };
}

export function sendEdgeRefusal(res: ServerResponse, refusal: EdgeRefusal, method: string | undefined): void {
  const { headers, text } = refusalAnswer(refusal, method);
  res.writeHead(refusal.status, headers);
  res.end(method === "HEAD" ? undefined : text);
}

/**
 * A method Node's HTTP parser does not know at all (TRACK, PROPFIND…) never becomes a request: it is a parse
 * error on the socket ("clientError"), which Node answers with a bare 400. Answer it like any refused method.
 */
function answerUnknownMethod(error: unknown, socket: Duplex): boolean {
  if ((error as { code?: unknown } | null)?.code !== "HPE_INVALID_METHOD" || !socket.writable) return false;
  const refusal: EdgeRefusal = { status: 405, code: "method_not_allowed", message: `This server does not accept that method. Allowed: ${ALLOW}.`, headers: { Allow: ALLOW } };
  const { headers, text } = refusalAnswer(refusal, undefined);
  const head = Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join("\r\n");
  socket.end(`HTTP/1.1 405 Method Not Allowed\r\n${head}\r\n\r\n${text}`);
  return true;
}

type Emit = typeof http.Server.prototype.emit;
const state = globalThis as typeof globalThis & { __headshotEdgeGuard?: { original: Emit; own: boolean } };

/**
 * Puts the edge check in front of every HTTP server in this process (there is one: Next's). Patching the
 * prototype is the only hook that runs before Next's request handler under `next start`. Returns a function
 * that takes it away again (tests).
 */
export function installEdgeGuard(): () => void {
  if (!state.__headshotEdgeGuard) {
    const original = http.Server.prototype.emit;
    state.__headshotEdgeGuard = { original, own: Object.prototype.hasOwnProperty.call(http.Server.prototype, "emit") };
    http.Server.prototype.emit = function guardedEmit(this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
      if (event === "request") {
        const [req, res] = args as [IncomingMessage, ServerResponse];
        const refusal = edgeRefusal(req.method, req.url);
        if (refusal) {
          sendEdgeRefusal(res, refusal, req.method);
          return true;
        }
      }
      if (event === "clientError" && answerUnknownMethod(args[0], args[1] as Duplex)) return true;
      return (original as (this: http.Server, event: string | symbol, ...rest: unknown[]) => boolean).call(this, event, ...args);
    } as Emit;
  }
  return () => {
    const installed = state.__headshotEdgeGuard;
    if (!installed) return;
    if (installed.own) http.Server.prototype.emit = installed.original;
    else delete (http.Server.prototype as { emit?: Emit }).emit;
    state.__headshotEdgeGuard = undefined;
  };
}
