import { readFileSync } from "node:fs";
import type { RunningSimulator } from "@/simulator/server";
import { json, request } from "./lib/http";
import { PORTRAIT } from "./lib/images";
import { waitForCpuIdle } from "./lib/proc";
import { runPool } from "./lib/pool";
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

async function appJob(session: AppSession, faceId: string): Promise<number> {
  const t0 = performance.now();
  const gen = await session.createAndWait(faceId);
  if (gen.status !== "succeeded") throw new Error(`app job ${gen.id} ${gen.status}`);
  return performance.now() - t0;
}

export async function benchProxyOverhead(app: RunningApp, sim: RunningSimulator): Promise<BenchResult> {
  sim.setOptions({ mode: "sync", completeAfterMs: 0 });
  const session = await AppSession.open(app.origin);
  const face = await session.uploadFace(readFileSync(PORTRAIT));
  await runPool(10, 2, () => appJob(session, face.id));
  const sent = sim.received().at(-1)?.body;
  if (!sent) throw new Error("the simulator received no job from the app");
  const body = JSON.stringify({ key: sim.options.keys[0], ...sent });
  await runPool(10, 2, () => directJob(sim, body));

  const levels = [];
  const checks: Check[] = [];
  for (const { concurrency, jobs } of LEVELS) {
    // The app's deferred work from the level before (thumbnails) must not land on the direct run.
    await waitForCpuIdle(app.pid);
    const direct = summarize(await runPool(jobs, concurrency, () => directJob(sim, body), Date.now() + LEVEL_BUDGET_MS));
    await waitForCpuIdle(app.pid);
    const viaApp = summarize(await runPool(jobs, concurrency, () => appJob(session, face.id), Date.now() + LEVEL_BUDGET_MS));
    const added = { p50: round(viaApp.p50 - direct.p50), p95: round(viaApp.p95 - direct.p95), p99: round(viaApp.p99 - direct.p99) };
    const ratio = round(viaApp.p50 / direct.p50, 2);
    levels.push({ concurrency, direct, viaApp, addedMs: added, ratioP50: ratio });
    const last = concurrency === 50;
    checks.push(check(`c${concurrency} added p50`, added.p50, "ms", last ? "≤ 5 ms" : "", last ? added.p50 <= 5 : null));
    checks.push(check(`c${concurrency} added p99`, added.p99, "ms", last ? "≤ 25 ms" : "", last ? added.p99 <= 25 : null));
    checks.push(check(`c${concurrency} app/direct p50`, ratio, "×", "", null));
  }
  return { name: "proxy-overhead", checks, figures: { levels, note: "added = app percentile − direct percentile (independent runs, same job body)" } };
}
