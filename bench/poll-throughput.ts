import { readFileSync } from "node:fs";
import type { RunningSimulator } from "@/simulator/server";
import type { GenerationDto } from "@/lib/client/types";
import { emptyHandler, interleave, times, type Get } from "./lib/floors";
import { json } from "./lib/http";
import { PORTRAIT } from "./lib/images";
import { check, type BenchResult } from "./lib/report";
import type { RunningApp } from "./lib/servers";
import { AppSession } from "./lib/session";
import { runFor } from "./lib/pool";
import { histogram, round, summarize } from "./lib/stats";

/** The finished-job polls and their floor: 50 loops each, after a 3 s warm-up, 10 s each in five 2 s turns. */
const LOAD = { concurrency: 50, warmUpMs: 3_000, durationMs: 10_000, slices: 5 };
const ETA_MS = 5_000;
const WATCH_MS = 12_000;

/** Keeps `concurrency` loops calling `get` for `durationMs`: calls, statuses, latency and req/s. */
async function hammer(get: Get, durationMs: number, concurrency: number) {
  const statuses: number[] = [];
  const latencies: number[] = [];
  const run = await runFor(durationMs, concurrency, 200_000, async () => {
    const res = await get();
    statuses.push(res.status);
    latencies.push(res.ms);
  });
  return { ...run, statuses: histogram(statuses), latency: summarize(latencies), rps: round(run.calls / (run.elapsedMs / 1000)) };
}

/**
 * Upstream calls for a job that is not finished yet: polled as hard as we can from the start, the
 * app may ask fetch/{id} no earlier than the ETA, then at most once per backoff step (1 s, 1.5 s, …).
 */
async function unfinishedPolls(session: AppSession, sim: RunningSimulator, faceId: string) {
  sim.setOptions({ mode: "queued", completeAfterMs: ETA_MS });
  const created = json<GenerationDto>(await session.createRaw(faceId));
  const before = sim.stats().fetchCalls;
  const t0 = Date.now();
  const poll = () => session.getRaw(created.id);
  const early = await hammer(poll, ETA_MS - 500, 10);
  const fetchesBeforeEta = sim.stats().fetchCalls - before;
  const late = await hammer(poll, WATCH_MS - (Date.now() - t0), 10);
  const total = sim.stats().fetchCalls - before;
  const final = json<GenerationDto>(await session.getRaw(created.id));
  sim.setOptions({ mode: "sync", completeAfterMs: 0 });
  // Allowed after the ETA: one fetch per backoff step 1 s, 1.5 s, 2.25 s, … within the rest of the window.
  let allowed = 0;
  for (let t = ETA_MS, step = 1000; t <= WATCH_MS; t += step, step = Math.min(10_000, step * 1.5)) allowed++;
  return { etaMs: ETA_MS, windowMs: WATCH_MS, polls: early.calls + late.calls, fetchesBeforeEta, fetchesTotal: total, allowed, finalStatus: final.status };
}

/** A finished job of `app` to poll: a visitor, a face and one job done in sync mode. */
async function finishedJob(app: RunningApp) {
  const session = await AppSession.open(app.origin);
  const face = await session.uploadFace(readFileSync(PORTRAIT));
  const { generation } = await session.createAndWait(face.id);
  return { session, faceId: face.id, poll: (): ReturnType<Get> => session.getRaw(generation.id) };
}

/**
 * Status polls (issue 6) beside the empty handler (issue 11): the same loops against each, taking turns. With
 * `before` (another checkout's build), its polls take turns too and are set beside this build's floor.
 */
export async function benchPollThroughput(app: RunningApp, sim: RunningSimulator, before: RunningApp | null = null): Promise<BenchResult> {
  sim.setOptions({ mode: "sync", completeAfterMs: 0 });
  const mine = await finishedJob(app);
  const theirs = before ? await finishedJob(before) : null;
  const measured = await interleave(
    [
      { name: "floor", pid: app.pid, get: emptyHandler(app) },
      { name: "polls", pid: app.pid, get: mine.poll },
      ...(before && theirs ? [{ name: "before", pid: before.pid, get: theirs.poll }] : []),
    ],
    LOAD,
  );
  const { floor: empty, polls: finished } = measured;
  if (!empty || !finished) throw new Error("interleave lost a workload");
  const unfinished = await unfinishedPolls(mine.session, sim, mine.faceId);
  const c = LOAD.concurrency;
  const beside = (m: typeof finished, label: string) => [
    check(`${label}finished job, c${c}`, m.rps, "req/s", label ? "" : "≥ 1500", label ? null : m.rps >= 1500, { value: empty.rps, vs: times(m.rps, empty.rps) }),
    check(`${label}latency p99 at c${c}`, round(m.latency.p99), "ms", "", null, { value: round(empty.latency.p99), vs: times(m.latency.p99, empty.latency.p99) }),
    check(`${label}server CPU per poll`, m.cpuMsPerRequest, "ms", label ? "" : "≤ 1.33 ms (1500/s on 2 cores)", label ? null : m.cpuMsPerRequest <= 1.33, {
      value: empty.cpuMsPerRequest,
      vs: times(m.cpuMsPerRequest, empty.cpuMsPerRequest),
    }),
  ];
  const ratios = (m: typeof finished) => ({ cpuPerRequest: round(m.cpuMsPerRequest / empty.cpuMsPerRequest, 2), rps: round(m.rps / empty.rps, 2) });
  return {
    name: "poll-throughput",
    checks: [
      ...beside(finished, ""),
      ...(measured.before ? beside(measured.before, "before: ") : []),
      check("upstream fetches before ETA", unfinished.fetchesBeforeEta, "", "0", unfinished.fetchesBeforeEta === 0),
      check(`upstream fetches in ${WATCH_MS / 1000} s`, unfinished.fetchesTotal, "", `≤ ${unfinished.allowed}`, unfinished.fetchesTotal <= unfinished.allowed),
    ],
    figures: {
      load: LOAD,
      finished,
      floor: { what: `GET /api/bench-floor: an empty handler behind route(), the same loops, in ${LOAD.slices} turns with the polls`, ...empty },
      ratios: ratios(finished),
      ...(before && measured.before ? { before: { root: before.root, finished: measured.before, ratios: ratios(measured.before) } } : {}),
      unfinished,
    },
  };
}
