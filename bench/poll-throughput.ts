import { readFileSync } from "node:fs";
import type { RunningSimulator } from "@/simulator/server";
import type { GenerationDto } from "@/lib/client/types";
import { json } from "./lib/http";
import { treeCpuMs } from "./lib/proc";
import { PORTRAIT } from "./lib/images";
import { runFor, sleep } from "./lib/pool";
import { check, type BenchResult } from "./lib/report";
import type { RunningApp } from "./lib/servers";
import { AppSession } from "./lib/session";
import { histogram, round, summarize } from "./lib/stats";

const CONCURRENCY = 50;
const DURATION_MS = 10_000;
const ETA_MS = 5_000;
const WATCH_MS = 12_000;

async function hammer(session: AppSession, id: string, durationMs: number, concurrency: number) {
  const statuses: number[] = [];
  const latencies: number[] = [];
  const run = await runFor(durationMs, concurrency, 200_000, async () => {
    const res = await session.getRaw(id);
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
  const early = await hammer(session, created.id, ETA_MS - 500, 10);
  const fetchesBeforeEta = sim.stats().fetchCalls - before;
  const late = await hammer(session, created.id, WATCH_MS - (Date.now() - t0), 10);
  const total = sim.stats().fetchCalls - before;
  const final = json<GenerationDto>(await session.getRaw(created.id));
  sim.setOptions({ mode: "sync", completeAfterMs: 0 });
  // Allowed after the ETA: one fetch per backoff step 1 s, 1.5 s, 2.25 s, … within the rest of the window.
  let allowed = 0;
  for (let t = ETA_MS, step = 1000; t <= WATCH_MS; t += step, step = Math.min(10_000, step * 1.5)) allowed++;
  return { etaMs: ETA_MS, windowMs: WATCH_MS, polls: early.calls + late.calls, fetchesBeforeEta, fetchesTotal: total, allowed, finalStatus: final.status };
}

export async function benchPollThroughput(app: RunningApp, sim: RunningSimulator): Promise<BenchResult> {
  sim.setOptions({ mode: "sync", completeAfterMs: 0 });
  const session = await AppSession.open(app.origin);
  const face = await session.uploadFace(readFileSync(PORTRAIT));
  const done = await session.createAndWait(face.id);
  await hammer(session, done.id, 3_000, CONCURRENCY);
  await sleep(500);
  const cpu0 = treeCpuMs([app.pid]);
  const finished = await hammer(session, done.id, DURATION_MS, CONCURRENCY);
  // Server CPU per request: unlike req/s, hardly moved by other load on the machine.
  const cpuMsPerRequest = round((treeCpuMs([app.pid]) - cpu0) / finished.calls, 3);
  const unfinished = await unfinishedPolls(session, sim, face.id);
  return {
    name: "poll-throughput",
    checks: [
      check("finished job, c50", finished.rps, "req/s", "≥ 1500", finished.rps >= 1500),
      check("latency p99 at c50", round(finished.latency.p99), "ms", "", null),
      check("server CPU per poll", cpuMsPerRequest, "ms", "≤ 1.33 ms (1500/s on 2 cores)", cpuMsPerRequest <= 1.33),
      check("upstream fetches before ETA", unfinished.fetchesBeforeEta, "", "0", unfinished.fetchesBeforeEta === 0),
      check(`upstream fetches in ${WATCH_MS / 1000} s`, unfinished.fetchesTotal, "", `≤ ${unfinished.allowed}`, unfinished.fetchesTotal <= unfinished.allowed),
    ],
    figures: { finished, cpuMsPerRequest, unfinished },
  };
}
