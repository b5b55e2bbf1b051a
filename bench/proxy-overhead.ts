import { readFileSync } from "node:fs";
import type { RunningSimulator } from "@/simulator/server";
import { json, request } from "./lib/http";
import { PORTRAIT } from "./lib/images";
import { emptyHandler, interleave, times, type Measured } from "./lib/floors";
import { treeCpuMs, waitForCpuIdle } from "./lib/proc";
import { runFor, runPool } from "./lib/pool";
import { check, type BenchResult, type Check } from "./lib/report";
import type { RunningApp } from "./lib/servers";
import { AppSession } from "./lib/session";
import { round, summarize } from "./lib/stats";

const LEVELS = [
  { concurrency: 1, jobs: 40 },
  { concurrency: 10, jobs: 150 },
  { concurrency: 50, jobs: 300 },
];
const LEVEL_BUDGET_MS = 45_000;
// Each level's jobs run in ROUNDS rounds, each right after a FLOOR_SLICE_MS slice of the empty handler at the
// same concurrency: the figure and its floor take turns, so a change of load on the machine hits both.
const ROUNDS = 3;
const FLOOR_SLICE_MS = 1_000;

type SimAnswer = { status: string; output?: string[] };

/** The job straight to the simulator: make_gen with the exact body the app sent, then the output download. */
async function directJob(sim: RunningSimulator, body: string): Promise<number> {
  const t0 = performance.now();
  const res = await request(`${sim.baseUrl}/make_gen`, { method: "POST", headers: { "content-type": "application/json" }, body });
  const answer = json<SimAnswer>(res);
  const url = answer.output?.[0];
  if (answer.status !== "success" || !url) throw new Error(`direct make_gen did not succeed: ${res.body.toString().slice(0, 200)}`);
  const file = await request(url);
  if (file.status !== 200) throw new Error(`direct download ${file.status}`);
  return performance.now() - t0;
}

/** One job through the app: its time, and how many requests it took (the create and every poll). */
async function appJob(session: AppSession, faceId: string): Promise<{ ms: number; requests: number }> {
  const t0 = performance.now();
  const { generation, requests } = await session.createAndWait(faceId);
  if (generation.status !== "succeeded") throw new Error(`app job ${generation.id} ${generation.status}`);
  return { ms: performance.now() - t0, requests };
}

/** An app the jobs go through: this build, or the build before (`--before`), each with its own visitor and face. */
type Target = { label: string; app: RunningApp; session: AppSession; faceId: string };

async function prepare(label: string, app: RunningApp): Promise<Target> {
  const session = await AppSession.open(app.origin);
  const face = await session.uploadFace(readFileSync(PORTRAIT));
  await runPool(10, 2, () => appJob(session, face.id));
  return { label, app, session, faceId: face.id };
}

/**
 * One round of jobs through one app: their times and requests, and the app's CPU from the first job until it is
 * idle again — what it deferred (thumbnails, which wait until no job has finished for 300 ms) is part of a
 * job's cost, so "idle" must last 1 s to mean "done"; the idle wait itself is left out.
 */
async function appRound(t: Target, jobs: number, concurrency: number, deadline: number) {
  await waitForCpuIdle(t.app.pid);
  const cpu0 = treeCpuMs([t.app.pid]);
  const done = await runPool(jobs, concurrency, () => appJob(t.session, t.faceId), deadline);
  const cpuMs = (await waitForCpuIdle(t.app.pid, { windowMs: 1_000 })) - cpu0;
  return { done, cpuMs };
}

/**
 * Proxy overhead (issue 6): the same job straight to the simulator and through the app, at three concurrencies.
 * App CPU per job is set beside its floor (issue 11): the empty handler's CPU per request × the requests a job
 * took, measured in slices that take turns with the jobs. With `before` (another checkout's build) its jobs run
 * in the same rounds and are set beside the same floor, this build's.
 */
export async function benchProxyOverhead(app: RunningApp, sim: RunningSimulator, before: RunningApp | null = null): Promise<BenchResult> {
  sim.setOptions({ mode: "sync", completeAfterMs: 0 });
  const targets = [await prepare("", app), ...(before ? [await prepare("before: ", before)] : [])];
  const sent = sim.received().at(-1)?.body;
  if (!sent) throw new Error("the simulator received no job from the app");
  const body = JSON.stringify({ key: sim.options.keys[0], ...sent });
  await runPool(10, 2, () => directJob(sim, body));
  const floorLoad = { name: "floor", pid: app.pid, get: emptyHandler(app) };
  await runFor(2_000, 10, 100_000, async () => void (await floorLoad.get()));

  const levels = [];
  const checks: Check[] = [];
  for (const { concurrency, jobs } of LEVELS) {
    // The app's deferred work from the level before (thumbnails) must not land on the direct run.
    for (const t of targets) await waitForCpuIdle(t.app.pid);
    const direct = summarize(await runPool(jobs, concurrency, () => directJob(sim, body), Date.now() + LEVEL_BUDGET_MS));
    const floors: Measured[] = [];
    const runs = targets.map((t) => ({ t, done: [] as { ms: number; requests: number }[], cpuMs: 0 }));
    const deadline = Date.now() + LEVEL_BUDGET_MS * targets.length;
    for (let r = 0; r < ROUNDS; r++) {
      const slice = await interleave([floorLoad], { concurrency, warmUpMs: 0, durationMs: FLOOR_SLICE_MS, slices: 1 });
      if (slice.floor) floors.push(slice.floor);
      for (const run of runs) {
        const { done, cpuMs } = await appRound(run.t, Math.ceil(jobs / ROUNDS), concurrency, deadline);
        run.done.push(...done);
        run.cpuMs += cpuMs;
      }
    }
    const floorCalls = floors.reduce((n, f) => n + f.calls, 0);
    const emptyCpuMsPerRequest = floors.reduce((sum, f) => sum + f.cpuMsPerRequest * f.calls, 0) / floorCalls;
    const last = concurrency === 50;
    const level: Record<string, unknown> = { concurrency, direct, floor: { calls: floorCalls, emptyCpuMsPerRequest: round(emptyCpuMsPerRequest, 3) } };
    for (const { t, ...run } of runs) {
      if (run.done.length === 0) throw new Error(`${t.label}c${concurrency}: no job finished`);
      const viaApp = summarize(run.done.map((j) => j.ms));
      const requestsPerJob = round(run.done.reduce((n, j) => n + j.requests, 0) / run.done.length, 2);
      const cpuMsPerJob = round(run.cpuMs / run.done.length, 2);
      const floorMsPerJob = round(emptyCpuMsPerRequest * requestsPerJob, 3);
      const added = { p50: round(viaApp.p50 - direct.p50), p95: round(viaApp.p95 - direct.p95), p99: round(viaApp.p99 - direct.p99) };
      const ratio = round(viaApp.p50 / direct.p50, 2);
      const mine = t.app === app; // this build: the targets of issue 6 apply to it only
      level[mine ? "app" : "before"] = { viaApp, addedMs: added, ratioP50: ratio, cpuMsPerJob, requestsPerJob, floorMsPerJob, vsFloor: round(cpuMsPerJob / floorMsPerJob, 2) };
      checks.push(check(`${t.label}c${concurrency} added p50`, added.p50, "ms", last && mine ? "≤ 5 ms" : "", last && mine ? added.p50 <= 5 : null));
      checks.push(check(`${t.label}c${concurrency} added p99`, added.p99, "ms", last && mine ? "≤ 25 ms" : "", last && mine ? added.p99 <= 25 : null));
      checks.push(check(`${t.label}c${concurrency} app/direct p50`, ratio, "×", "", null));
      checks.push(check(`${t.label}c${concurrency} app CPU per job (${requestsPerJob} req)`, cpuMsPerJob, "ms", "", null, { value: floorMsPerJob, vs: times(cpuMsPerJob, floorMsPerJob) }));
    }
    levels.push(level);
  }
  return {
    name: "proxy-overhead",
    checks,
    figures: {
      levels,
      floor: `GET /api/bench-floor (an empty handler behind route()) of this build at the level's concurrency, ${FLOOR_SLICE_MS / 1000} s before each of ${ROUNDS} rounds of jobs: server CPU per request × requests per job`,
      note: "added = app percentile − direct percentile (independent runs, same job body); app CPU per job = server CPU from each round's first job until the server is idle again (deferred thumbnails included) / jobs",
      ...(before ? { before: before.root } : {}),
    },
  };
}
