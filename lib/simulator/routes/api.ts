import type { IncomingMessage, ServerResponse } from "node:http";
import type { SimContext } from "../context";
import { parseFaults, type Faults } from "../faults";
import { BodyTooLargeError, readBody, sendJson, sendRaw, sleep } from "../http-io";
import { errorBody } from "../responses";
import type { Reply } from "../types";
import { FLUX_ADMIN, GENERAL_ADMIN } from "./admin";
import { rateLimited, styledError, type ApiCall } from "./api-call";
import { fetchJob } from "./fetch-job";
import { makeGen } from "./make-gen";

const FLUX_PREFIX = "/api/v1/enterprise/flux_headshot/";
const GENERAL_PREFIX = "/api/v1/enterprise/";
const MAX_BODY_BYTES = 30 * 1024 * 1024;

type Route = (ctx: SimContext, call: ApiCall) => Reply | Promise<Reply>;

function resolveRoute(path: string): Route | null {
  if (path.startsWith(FLUX_PREFIX)) {
    const name = path.slice(FLUX_PREFIX.length);
    if (name === "make_gen") return makeGen;
    const fetchId = /^fetch\/([^/]+)$/.exec(name)?.[1];
    if (fetchId !== undefined) return (ctx, call) => fetchJob(ctx, call, fetchId);
    const admin = FLUX_ADMIN[name];
    return admin ? (ctx) => admin(ctx) : null;
  }
  const general = path.startsWith(GENERAL_PREFIX) ? GENERAL_ADMIN[path.slice(GENERAL_PREFIX.length)] : undefined;
  return general ? (ctx) => general(ctx) : null;
}

function parseJson(raw: Buffer): Record<string, unknown> | null {
  const text = raw.toString("utf8");
  if (text.trim() === "") return {};
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Faults that break the transport itself. Returns true when the response is taken care of. */
async function transportFault(ctx: SimContext, res: ServerResponse, f: Faults): Promise<boolean> {
  if (f.slowMs !== null) await sleep(f.slowMs, ctx.shutdown.signal);
  if (ctx.shutdown.signal.aborted || f.hang) return true; // hang: never answer; close() destroys the socket
  const error = (status: number, message: string) => sendJson(res, status, errorBody(message, f.messege));
  if (f.garbage) sendRaw(res, 200, "text/html", "<html>oops");
  else if (f.empty) sendRaw(res, 200, "application/json", "");
  else if (f.http500) error(500, "Internal server error. Please try again.");
  else if (f.http503) error(503, "Service temporarily unavailable. Please try again later.");
  else return false;
  return true;
}

/** The ModelsLab API routes. Returns false when `path` is not one of them. */
export async function handleApi(ctx: SimContext, req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
  const route = resolveRoute(path);
  if (!route) return false;
  if (req.method !== "POST") {
    sendJson(res, 405, errorBody("Method not allowed. Use POST with a JSON body.", false), { allow: "POST" });
    return true;
  }
  if (path.endsWith("/make_gen")) ctx.stats.makeGenCalls++;
  if (path.includes("/fetch/")) ctx.stats.fetchCalls++;

  let raw: Buffer;
  try {
    raw = await readBody(req, MAX_BODY_BYTES);
  } catch (e) {
    if (e instanceof BodyTooLargeError) sendJson(res, 413, errorBody("The request body is too large.", false), { connection: "close" });
    return true;
  }
  const body = parseJson(raw);
  const faults = parseFaults(body?.prompt, req.headers["x-sim-fault"]);
  if (await transportFault(ctx, res, faults)) return true;
  const style = faults.errorStyle ?? ctx.options.errorStyle;
  const reply = await answer(ctx, route, body, faults, style);
  sendJson(res, reply.status, reply.body, reply.headers);
  return true;
}

async function answer(ctx: SimContext, route: Route, body: Record<string, unknown> | null, faults: Faults, style: "200" | "4xx") {
  if (!body) return styledError(style, "validation", "The request body must be valid JSON.", faults.messege);
  const key = body.key;
  if (typeof key !== "string" || !ctx.options.keys.includes(key)) return styledError(style, "auth", "Invalid API key", faults.messege);
  if (faults.credits402) {
    return styledError(style, "credits", "Insufficient credits. Please add more credits to continue.", faults.messege);
  }
  if (faults.rate429) return rateLimited(ctx.options.queueLimit, faults.messege);
  return route(ctx, { body, key, faults, errorStyle: style });
}
