// The ModelsLab simulator: a separate program, not part of the app. It is a fake of the ModelsLab Enterprise
// flux_headshot API (make_gen, fetch/{id}, the admin calls, webhooks, .base64 outputs) that listens on loopback
// only, never calls out of the machine, and draws a stamped "SIMULATED" image instead of running a model.
// `npm start` runs it in demo mode (no MODELSLAB_API_KEY); tests start it in-process with `startSimulator`;
// `simulator/cli.ts` is the command line. Faults are asked for per request with `[sim:…]` tokens (faults.ts).
// It imports nothing from the app: it speaks the documented protocol on its own (protocol.ts).
//
// Files: server.ts (this: start/stop, shared state), routes.ts (HTTP routes), protocol.ts (validation and answer
// bodies), jobs.ts (store and lifecycle), images.ts (face in, PNG out), webhooks.ts, faults.ts, options.ts, cli.ts.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { JobStore, type ReceivedJob } from "./jobs";
import { patchOptions, resolveOptions, type SimulatorOptions } from "./options";
import { handleRequest, sendJson } from "./routes";

export type { ReceivedJob } from "./jobs";
export type { SimulatorOptions, WebhookKnobs } from "./options";

export const FLUX_BASE_PATH = "/api/v1/enterprise/flux_headshot";
const SWEEP_EVERY_MS = 30_000;

/**
 * Counters since start, plus `processing`: jobs unfinished right now (every key), what the per-key queue limit
 * counts. `queueFullRefusals`: make_gen calls refused with 429 because that key's queue was full (or asked to).
 */
export type SimulatorStats = { makeGenCalls: number; fetchCalls: number; webhooksSent: number; queueFullRefusals: number; processing: number };
export type SimulatorCounters = Omit<SimulatorStats, "processing">;

export type RunningSimulator = {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** origin + "/api/v1/enterprise/flux_headshot" */
  baseUrl: string;
  options: SimulatorOptions;
  setOptions(patch: Partial<SimulatorOptions>): void;
  close(): Promise<void>;
  stats(): SimulatorStats;
  received(): ReceivedJob[];
};

/** Everything one running simulator shares between its routes. */
export type SimContext = {
  options: SimulatorOptions;
  origin: string;
  store: JobStore;
  stats: SimulatorCounters;
  /** make_gen calls seen per prompt, for [sim:try-again=N]. */
  tryAgainCounts: Map<string, number>;
  shutdown: AbortController;
  /** setTimeout that is cancelled when the simulator closes. */
  later(ms: number, fn: () => void): void;
};

function createContext(options: SimulatorOptions): SimContext {
  const timers = new Set<NodeJS.Timeout>();
  const shutdown = new AbortController();
  shutdown.signal.addEventListener("abort", () => {
    for (const t of timers) clearTimeout(t);
    timers.clear();
  });
  const ctx: SimContext = {
    options,
    origin: "",
    store: new JobStore(() => ctx.options.retentionMs),
    stats: { makeGenCalls: 0, fetchCalls: 0, webhooksSent: 0, queueFullRefusals: 0 },
    tryAgainCounts: new Map(),
    shutdown,
    later(ms, fn) {
      if (shutdown.signal.aborted) return;
      const t = setTimeout(() => {
        timers.delete(t);
        fn();
      }, ms);
      timers.add(t);
    },
  };
  return ctx;
}

export const statsOf = (ctx: SimContext): SimulatorStats => ({ ...ctx.stats, processing: ctx.store.processing().length });

/** Starts the ModelsLab flux_headshot simulator on loopback. */
export async function startSimulator(opts: Partial<SimulatorOptions> = {}): Promise<RunningSimulator> {
  const ctx = createContext(resolveOptions(opts));
  const server = createServer((req, res) => {
    handleRequest(ctx, req, res).catch(() => {
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
    setOptions: (patch) => {
      ctx.options = patchOptions(ctx.options, patch);
    },
    stats: () => statsOf(ctx),
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
