// Every HTTP route the simulator answers: the ModelsLab API (make_gen, fetch, the admin calls), the output
// files it hands out, and the /__sim/ control endpoints tests use. Plus the little HTTP plumbing they share.
import type { IncomingMessage, ServerResponse } from "node:http";
import { parseFaults, type Faults } from "./faults";
import { loadFace, sha256Hex } from "./images";
import { completeJob, createJob, failJob, scheduleCompletion } from "./jobs";
import { patchOptions, type SimulatorOptions } from "./options";
import {
  CLEARED_MESSAGE,
  errorBody,
  failedBody,
  fetchBody,
  queuedBody,
  rateLimited,
  styledError,
  successBody,
  validateMakeGen,
  type Reply,
} from "./protocol";
import { statsOf, type SimContext } from "./server";

/** Sends one request to the route it belongs to; anything unknown gets a JSON 404. */
export async function handleRequest(ctx: SimContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", ctx.origin);
  const path = url.pathname.replace(/\/+$/, "") || "/";
  if (path.startsWith("/__sim/")) return control(ctx, req, res, url);
  if (serveFile(ctx, req, res, path)) return;
  if (await handleApi(ctx, req, res, path)) return;
  sendJson(res, 404, { status: "error", message: "Not found" });
}

// ---- HTTP plumbing

class BodyTooLargeError extends Error {}

function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limitBytes) {
        reject(new BodyTooLargeError("body too large"));
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...extra });
  res.end(text);
}

function sendRaw(res: ServerResponse, status: number, contentType: string, body: string | Buffer, headOnly = false): void {
  res.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(body) });
  res.end(headOnly ? undefined : body);
}

/** Resolves after `ms`, or early when `signal` aborts (so a closing server is not held open). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done);
  });
}

// ---- The ModelsLab API

const FLUX_PREFIX = "/api/v1/enterprise/flux_headshot/";
const GENERAL_PREFIX = "/api/v1/enterprise/";
const MAX_BODY_BYTES = 30 * 1024 * 1024;

/** A parsed, authenticated API request. */
type ApiCall = {
  body: Record<string, unknown>;
  key: string;
  faults: Faults;
  errorStyle: "200" | "4xx";
};

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
async function handleApi(ctx: SimContext, req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
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
  if (faults.rate429) return refuse(ctx, faults.messege);
  return route(ctx, { body, key, faults, errorStyle: style });
}

// make_gen

function warmingUp(ctx: SimContext, call: ApiCall): boolean {
  const times = call.faults.tryAgain;
  if (times === null) return false;
  const prompt = typeof call.body.prompt === "string" ? call.body.prompt : "";
  const seen = ctx.tryAgainCounts.get(prompt) ?? 0;
  if (seen >= times) return false;
  ctx.tryAgainCounts.set(prompt, seen + 1);
  return true;
}

const queueFull = (ctx: SimContext, key: string) => ctx.store.processingCount(key) >= ctx.options.queueLimit;

/** The per-key queue limit's 429, counted in the stats. */
function refuse(ctx: SimContext, messege: boolean): Reply {
  ctx.stats.queueFullRefusals++;
  return rateLimited(ctx.options.queueLimit, messege);
}

async function makeGen(ctx: SimContext, call: ApiCall): Promise<Reply> {
  const { faults } = call;
  if (warmingUp(ctx, call)) return { status: 200, body: errorBody("Try Again", faults.messege) };
  const v = validateMakeGen(call.body);
  if (!v.ok) return styledError(call.errorStyle, "validation", v.message, faults.messege);
  if (queueFull(ctx, call.key)) return refuse(ctx, faults.messege);
  const face = await loadFace(v.params.faceImage, v.params.base64, ctx.shutdown.signal);
  if (!face.ok) return styledError(call.errorStyle, "validation", face.message, faults.messege);
  // Checked again: other requests may have queued while the face image was loading.
  if (queueFull(ctx, call.key)) return refuse(ctx, faults.messege);

  const { key: _key, ...bodyWithoutKey } = call.body;
  const job = createJob(ctx, call.key, bodyWithoutKey, v.params, face, faults);
  const sync = !faults.stuck && (faults.mode ?? ctx.options.mode) === "sync";
  if (sync) {
    await completeJob(ctx, job);
    return { status: 200, body: job.status === "success" ? successBody(job) : failedBody(job) };
  }
  scheduleCompletion(ctx, job);
  const eta = ctx.options.etaSeconds ?? ctx.options.completeAfterMs / 1000;
  return { status: 200, body: queuedBody(job, ctx.origin, eta) };
}

// fetch/{id}

function fetchJob(ctx: SimContext, call: ApiCall, idText: string): Reply {
  const id = /^\d{1,15}$/.test(idText) ? Number(idText) : NaN;
  const job = Number.isSafeInteger(id) ? ctx.store.get(id) : undefined;
  // A job is only visible to the key that created it, as on a shared account server.
  if (!job || job.key !== call.key) {
    return { status: ctx.options.unknownIdStatus, body: errorBody("ID does not exist or is not queued", call.faults.messege) };
  }
  return { status: 200, body: fetchBody(job, call.faults.messege || job.faults.messege) };
}

// The admin calls

type AdminHandler = (ctx: SimContext) => Reply;

const ok = (body: Record<string, unknown>): Reply => ({ status: 200, body });

function systemDetails(ctx: SimContext): Reply {
  const pending = ctx.store.processing();
  const now = Date.now();
  const remainingMs = pending.reduce((sum, j) => sum + Math.max(0, j.createdAt + ctx.options.completeAfterMs - now), 0);
  return ok({ status: "ok", queue_time: Math.ceil(remainingMs / 1000), model_count: 1 });
}

function clearQueue(ctx: SimContext): Reply {
  for (const job of ctx.store.processing()) failJob(ctx, job, CLEARED_MESSAGE);
  return ok({ status: "success", message: "Queue cleared, server is restarting" });
}

/** Admin endpoints under /api/v1/enterprise/flux_headshot/, with the messages of the original docs pages. */
const FLUX_ADMIN: Record<string, AdminHandler> = {
  system_details: systemDetails,
  restart_server: () => ok({ message: "server restarting", status: "success" }),
  update_server: () => ok({ message: "server updating", status: "success" }),
  clear_cache: () => ok({ status: "success", message: "Cache cleared successfully" }),
  clear_queue: clearQueue,
};

/** /api/v1/enterprise/update_s3 and reset_s3: accepted and ignored, since outputs stay on the simulator. */
const GENERAL_ADMIN: Record<string, AdminHandler> = {
  update_s3: () => ok({ status: "success", message: "S3 details updated successfully" }),
  reset_s3: () => ok({ status: "success", message: "S3 details reset successfully" }),
};

// ---- Output files

const FILE_PATH = /^\/(?:proxy\/)?temp\/([0-9a-f-]{36}-0\.(?:png|base64))$/;
// Object stores answer a missing key with an HTML page; clients must not mistake it for an image.
const NOT_FOUND_HTML = "<html><head><title>404 Not Found</title></head><body><h1>404 Not Found</h1></body></html>";

/** Serves /temp/<prefix>-0.png|.base64 (and the /proxy/ copy). Returns false when the path is not a file path. */
function serveFile(ctx: SimContext, req: IncomingMessage, res: ServerResponse, path: string): boolean {
  const name = FILE_PATH.exec(path)?.[1];
  if (!name) return false;
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { allow: "GET, HEAD" }).end();
    return true;
  }
  const file = ctx.store.file(name);
  const headOnly = req.method === "HEAD";
  if (!file) sendRaw(res, 404, "text/html; charset=utf-8", NOT_FOUND_HTML, headOnly);
  else sendRaw(res, 200, file.contentType, file.body, headOnly);
  return true;
}

// ---- /__sim/ control endpoints

function receivedView(ctx: SimContext, withFaces: boolean) {
  return ctx.store.received().map((r) => ({
    id: r.id,
    body: r.body,
    face: r.faceImageBytes
      ? {
          sha256: sha256Hex(r.faceImageBytes),
          bytes: r.faceImageBytes.length,
          ...(withFaces ? { base64: r.faceImageBytes.toString("base64") } : {}),
        }
      : null,
  }));
}

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const raw = (await readBody(req, 1024 * 1024)).toString("utf8");
  const parsed: unknown = raw.trim() === "" ? {} : JSON.parse(raw);
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("body must be a JSON object");
  return parsed as Record<string, unknown>;
}

/** Test-harness endpoints under /__sim/. They need no key: the simulator only listens on loopback. */
async function control(ctx: SimContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const route = `${req.method} ${url.pathname.replace(/\/+$/, "")}`;
  switch (route) {
    case "GET /__sim/received":
      return sendJson(res, 200, { jobs: receivedView(ctx, url.searchParams.get("faces") === "1") });
    case "GET /__sim/stats":
      return sendJson(res, 200, statsOf(ctx));
    case "GET /__sim/options": {
      const { keys: _keys, ...visible } = ctx.options;
      return sendJson(res, 200, visible);
    }
    case "POST /__sim/options":
      try {
        ctx.options = patchOptions(ctx.options, (await jsonBody(req)) as Partial<SimulatorOptions>);
        const { keys: _keys, ...visible } = ctx.options;
        return sendJson(res, 200, visible);
      } catch (e) {
        return sendJson(res, 400, { status: "error", message: e instanceof Error ? e.message : "invalid options" });
      }
    case "POST /__sim/expire":
      return sendJson(res, 200, { status: "ok", expired: ctx.store.expireAll() });
    default:
      return sendJson(res, 404, { status: "error", message: `No control route ${route}` });
  }
}
