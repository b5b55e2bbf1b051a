import { tenMbPhoto } from "./lib/images";
import { runPool, sleep } from "./lib/pool";
import { mb, processTree, sampleRss, treeHwm, treeRss } from "./lib/proc";
import { check, type BenchResult } from "./lib/report";
import type { RunningApp } from "./lib/servers";
import { AppSession } from "./lib/session";
import { histogram, round, summarize } from "./lib/stats";

const UPLOADS = 50;

/** Peak resident memory of the app's process tree while 50 uploads of ~10 MB arrive at once. */
export async function benchMemory(app: RunningApp): Promise<BenchResult> {
  const photo = await tenMbPhoto();
  const session = await AppSession.open(app.origin);
  const pids = processTree(app.pid);
  await sleep(1_000);
  const baseline = treeRss(pids);
  const sampler = sampleRss(pids, 10);
  const t0 = performance.now();
  const answered: number[] = [];
  const results = await runPool(UPLOADS, UPLOADS, () =>
    session.uploadFaceHonouringBusy(photo, answered).then(
      (r) => ({ status: r.status, ms: r.ms }),
      () => ({ status: 0, ms: 0 }),
    ),
  );
  const wallMs = performance.now() - t0;
  const { peakBytes, samples } = sampler.stop();
  await sleep(2_000);
  const peakMb = mb(peakBytes);
  return {
    name: "memory",
    checks: [
      check("peak RSS, 50 × 10 MB uploads", peakMb, "MB", "≤ 400 MB", peakMb <= 400),
      check("uploads accepted (201), busy answers retried", results.filter((r) => r.status === 201).length, `of ${UPLOADS}`, "all", results.every((r) => r.status === 201)),
      check("busy answers (429, Retry-After) on the way", answered.filter((s) => s === 429).length, "", "", null),
      check("RSS before", mb(baseline), "MB", "", null),
      check("wall time for all uploads", round(wallMs / 1000, 2), "s", "", null),
    ],
    figures: {
      uploadBytes: photo.length,
      uploads: UPLOADS,
      pids,
      baselineMb: mb(baseline),
      peakSampledMb: peakMb,
      vmHwmMb: mb(treeHwm(pids)),
      afterMb: mb(treeRss(pids)),
      samples,
      statuses: histogram(results.map((r) => r.status)),
      answered: histogram(answered),
      latencyMs: summarize(results.map((r) => r.ms)),
    },
  };
}
