// The floors every figure is set beside (issue 11), and the one way they are measured: interleaved with the
// figure in the same run, against the same build, so a figure reads as "n × what Next and our plumbing cost for
// nothing" on whatever machine runs the bench, and a change of load on the shared machine hits both alike.
// The floors exist only in a server started with BENCH_FLOORS=1 (bench/lib/servers.ts does):
// GET /api/bench-floor (an empty handler behind route()) and /bench-floor (a page that is only the root layout).
import { request, type HttpResponse } from "./http";
import { runFor } from "./pool";
import { treeCpuMs } from "./proc";
import type { RunningApp } from "./servers";
import { histogram, round, summarize, type Summary } from "./stats";

export const EMPTY_HANDLER_PATH = "/api/bench-floor";
export const LAYOUT_ONLY_PATH = "/bench-floor";

// Every loop is bounded in time and in count.
const MAX_CALLS = 200_000;

export type Get = () => Promise<HttpResponse>;

export const emptyHandler = (app: RunningApp): Get => async () => {
  const res = await request(`${app.origin}${EMPTY_HANDLER_PATH}`);
  if (res.status !== 204) throw new Error(`${EMPTY_HANDLER_PATH} answered ${res.status}: is the server started with BENCH_FLOORS=1?`);
  return res;
};

/** One load to measure: `get` called in loops, its cost read from the CPU time of the server process `pid`. */
export type Workload = { name: string; pid: number; get: Get };

export type Measured = { calls: number; elapsedMs: number; rps: number; latency: Summary; statuses: Record<string, number>; cpuMsPerRequest: number };

export type InterleaveOptions = { concurrency: number; warmUpMs: number; durationMs: number; slices: number };

/**
 * Measures every workload for `durationMs` in all at `concurrency` loops, after a warm-up of each, in `slices`
 * rounds in which the workloads take turns (A B C, A B C, …): so they see the same share of whatever else the
 * machine is doing. CPU per request alone is robust to other load only up to a point (on this busy 2-core machine
 * it doubles); a ratio of interleaved measurements much more so. Each workload's CPU is read from its own
 * server (`cpuMs(pid)`, /proc by default), so two servers (before and after) can be measured side by side.
 */
export async function interleave(workloads: Workload[], opts: InterleaveOptions, cpuMs: (pid: number) => number = (pid) => treeCpuMs([pid])): Promise<Record<string, Measured>> {
  if (new Set(workloads.map((w) => w.name)).size !== workloads.length) throw new Error("workload names must be unique");
  for (const w of workloads) await runFor(opts.warmUpMs, opts.concurrency, MAX_CALLS, async () => void (await w.get()));
  const acc = new Map(workloads.map((w) => [w.name, { cpu: 0, ms: 0, latencies: [] as number[], statuses: [] as number[] }]));
  const sliceMs = opts.durationMs / opts.slices;
  for (let i = 0; i < opts.slices; i++) {
    for (const w of workloads) {
      const a = acc.get(w.name);
      if (!a) continue;
      const cpu0 = cpuMs(w.pid);
      const run = await runFor(sliceMs, opts.concurrency, MAX_CALLS, async () => {
        const res = await w.get();
        a.statuses.push(res.status);
        a.latencies.push(res.ms);
      });
      a.cpu += cpuMs(w.pid) - cpu0;
      a.ms += run.elapsedMs;
    }
  }
  return Object.fromEntries(
    [...acc].map(([name, a]) => [
      name,
      {
        calls: a.latencies.length,
        elapsedMs: Math.round(a.ms),
        rps: round(a.latencies.length / (a.ms / 1000)),
        latency: summarize(a.latencies),
        statuses: histogram(a.statuses),
        cpuMsPerRequest: round(a.cpu / a.latencies.length, 3),
      },
    ]),
  );
}

/** "2.31×" — a figure over its floor. */
export const times = (value: number, floor: number) => `${round(value / floor, 2)}×`;
/** "+3" / "−2" / "±0" — a score beside its floor's. */
export const delta = (value: number, floor: number) => (value === floor ? "±0" : value > floor ? `+${round(value - floor, 1)}` : `−${round(floor - value, 1)}`);
