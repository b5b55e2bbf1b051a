import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { applyOptions, createContext, type SimContext } from "./context";
import { sendJson } from "./http-io";
import { resolveOptions, type SimulatorOptions } from "./options";
import { handleApi } from "./routes/api";
import { control } from "./routes/control";
import { serveFile } from "./routes/files";
import type { RunningSimulator } from "./types";

export type { ReceivedJob, RunningSimulator, SimulatorStats } from "./types";
export type { SimulatorOptions, WebhookKnobs } from "./options";

export const FLUX_BASE_PATH = "/api/v1/enterprise/flux_headshot";
const SWEEP_EVERY_MS = 30_000;

async function route(ctx: SimContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", ctx.origin);
  const path = url.pathname.replace(/\/+$/, "") || "/";
  if (path.startsWith("/__sim/")) return control(ctx, req, res, url);
  if (serveFile(ctx, req, res, path)) return;
  if (await handleApi(ctx, req, res, path)) return;
  sendJson(res, 404, { status: "error", message: "Not found" });
}

/** Starts the ModelsLab flux_headshot simulator on loopback. */
export async function startSimulator(opts: Partial<SimulatorOptions> = {}): Promise<RunningSimulator> {
  const ctx = createContext(resolveOptions(opts));
  const server = createServer((req, res) => {
    route(ctx, req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { status: "error", message: "Internal server error. Please try again." });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(ctx.options.port, ctx.options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = ctx.options.host.includes(":") ? `[${ctx.options.host}]` : ctx.options.host;
  ctx.origin = `http://${host}:${port}`;
  ctx.options = { ...ctx.options, port };
  const sweeper = setInterval(() => ctx.store.sweep(), SWEEP_EVERY_MS);
  sweeper.unref();

  let closed: Promise<void> | null = null;
  return {
    origin: ctx.origin,
    baseUrl: ctx.origin + FLUX_BASE_PATH,
    get options() {
      return ctx.options;
    },
    setOptions: (patch) => applyOptions(ctx, patch),
    stats: () => ({ ...ctx.stats }),
    received: () => ctx.store.received(),
    close() {
      closed ??= new Promise<void>((resolve) => {
        clearInterval(sweeper);
        ctx.shutdown.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
