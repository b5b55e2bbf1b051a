import { JobStore } from "./job-store";
import { mergeOptions, type SimulatorOptions } from "./options";
import type { SimulatorStats } from "./types";

/** Everything one running simulator shares between its routes. */
export type SimContext = {
  options: SimulatorOptions;
  origin: string;
  store: JobStore;
  stats: SimulatorStats;
  /** make_gen calls seen per prompt, for [sim:try-again=N]. */
  tryAgainCounts: Map<string, number>;
  shutdown: AbortController;
  /** setTimeout that is cancelled when the simulator closes. */
  later(ms: number, fn: () => void): void;
};

export function createContext(options: SimulatorOptions): SimContext {
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
    stats: { makeGenCalls: 0, fetchCalls: 0, webhooksSent: 0 },
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

/** Runtime option changes; host and port are fixed once listening. */
export function applyOptions(ctx: SimContext, patch: Partial<SimulatorOptions>): void {
  const { host: _host, port: _port, ...rest } = patch;
  ctx.options = mergeOptions(ctx.options, rest);
}
