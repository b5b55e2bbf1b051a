import type { IncomingMessage, ServerResponse } from "node:http";
import { applyOptions, type SimContext } from "../context";
import { readBody, sendJson } from "../http-io";
import type { SimulatorOptions } from "../options";
import { sha256Hex } from "../prng";

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
export async function control(ctx: SimContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const route = `${req.method} ${url.pathname.replace(/\/+$/, "")}`;
  switch (route) {
    case "GET /__sim/received":
      return sendJson(res, 200, { jobs: receivedView(ctx, url.searchParams.get("faces") === "1") });
    case "GET /__sim/stats":
      return sendJson(res, 200, { ...ctx.stats });
    case "GET /__sim/options": {
      const { keys: _keys, ...visible } = ctx.options;
      return sendJson(res, 200, visible);
    }
    case "POST /__sim/options":
      try {
        applyOptions(ctx, (await jsonBody(req)) as Partial<SimulatorOptions>);
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
