// `npm run bench`: every benchmark of issue 6 against a production build on loopback, then a summary table.
// Options: --only proxy,polls,upload,screen,pages,gallery,memory   --skip-build
//          --lighthouse-rounds N: each page's Lighthouse figure is the median of N runs (default 3)
//          --before DIR: also measure another checkout's production build (built there; never built by this
//          script) in the same run — proxy, polls and pages then set its figures beside this build's floors.
//          --shared: the app in shared mode (DATABASE_URL on a throwaway Postgres, S3_BUCKET on an s3rver), and the
//          gallery figures on that Postgres; the floors are then measured in shared mode too.
import path from "node:path";
import { benchCompletionToScreen } from "./completion-to-screen";
import { benchGalleryScale } from "./gallery-scale";
import { benchMemory } from "./memory";
import { benchPages } from "./pages";
import { benchPollThroughput } from "./poll-throughput";
import { benchProxyOverhead } from "./proxy-overhead";
import { waitForCpuIdle } from "./lib/proc";
import { machine, summaryTable, writeResult, type BenchResult } from "./lib/report";
import { startApp, startBenchSimulator, startSharedServices, type RunningApp, type SharedServices } from "./lib/servers";
import type { RunningSimulator } from "@/simulator/server";
import { benchUploadPath } from "./upload-path";

type Bench = { key: string; run: (app: RunningApp, sim: RunningSimulator, before: RunningApp | null, shared: SharedServices | null) => Promise<BenchResult> };

const BENCHES: Bench[] = [
  { key: "proxy", run: benchProxyOverhead },
  { key: "polls", run: benchPollThroughput },
  { key: "upload", run: (app) => benchUploadPath(app) },
  { key: "screen", run: (app, sim) => benchCompletionToScreen(app, sim) },
  { key: "pages", run: (app, _sim, before) => benchPages(app, before, lighthouseRounds) },
  { key: "gallery", run: (_app, _sim, _before, shared) => benchGalleryScale(shared?.databaseUrl) },
];
const HARD_LIMIT_MS = 9.5 * 60_000;

const arg = (name: string) => process.argv.find((a, i) => process.argv[i - 1] === name);
const only = arg("--only")?.split(",");
const wanted = (key: string) => !only || only.includes(key);
const beforeDir = arg("--before");

/** `--lighthouse-rounds N` (default 3): how many Lighthouse runs each page's figure is the median of. */
const lighthouseRounds = Number(arg("--lighthouse-rounds") ?? 3);
if (!Number.isInteger(lighthouseRounds) || lighthouseRounds < 1 || lighthouseRounds > 15) {
  console.error("--lighthouse-rounds takes a whole number from 1 to 15.");
  process.exit(2);
}

async function buildIfStale(): Promise<void> {
  if (process.argv.includes("--skip-build")) return;
  const mod = (await import(path.join(process.cwd(), "scripts", "lib", "build-if-stale.mjs"))) as { buildIfStale: () => void };
  mod.buildIfStale();
}

async function runOne(name: string, fn: () => Promise<BenchResult>, results: BenchResult[], errors: string[]) {
  const t0 = Date.now();
  process.stdout.write(`• ${name} … `);
  try {
    const result = await fn();
    results.push(result);
    console.log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s → ${path.relative(process.cwd(), writeResult(result))}`);
  } catch (e) {
    errors.push(`${name}: ${e instanceof Error ? e.message : String(e)}`);
    console.log(`FAILED: ${e instanceof Error ? e.message : String(e)}`);
  }
}

async function main() {
  const started = Date.now();
  await buildIfStale();
  console.log(`Machine: ${JSON.stringify(machine())}`);
  if (beforeDir) console.log(`Before: the build in ${path.resolve(beforeDir)}, measured beside this one`);
  const shared = process.argv.includes("--shared") ? await startSharedServices() : null;
  if (shared) console.log("Shared mode: Postgres + S3 (s3rver)");
  const sim = await startBenchSimulator();
  const apps: RunningApp[] = [];
  const guard = setTimeout(() => {
    console.error("Benchmarks exceeded 9.5 minutes: stopping.");
    for (const a of apps) void a.stop();
    process.exit(2);
  }, HARD_LIMIT_MS);
  const results: BenchResult[] = [];
  const errors: string[] = [];
  try {
    const sharedEnv = shared?.env ?? {};
    const app = await startApp(sim.origin, { env: sharedEnv });
    apps.push(app);
    const before = beforeDir ? await startApp(sim.origin, { root: beforeDir, env: sharedEnv }) : null;
    if (before) apps.push(before);
    for (const b of BENCHES.filter((x) => wanted(x.key))) {
      // Work the app deferred during the bench before (thumbnails) must not land on this one.
      await waitForCpuIdle(app.pid);
      await runOne(b.key, () => b.run(app, sim, before, shared), results, errors);
    }
    await app.stop();
    await before?.stop();
    if (wanted("memory")) {
      // A fresh server, so the peak is the uploads' and not left over from the benchmarks before.
      const fresh = await startApp(sim.origin, { env: shared?.env ?? {} });
      apps.push(fresh);
      await runOne("memory", () => benchMemory(fresh), results, errors);
      await fresh.stop();
    }
  } finally {
    clearTimeout(guard);
    for (const a of apps) await a.stop();
    await sim.close();
    await shared?.stop();
  }
  const summary: BenchResult = { name: "summary", checks: results.flatMap((r) => r.checks.map((c) => ({ ...c, metric: `${r.name}: ${c.metric}` }))), figures: { errors, seconds: Math.round((Date.now() - started) / 1000) } };
  writeResult(summary);
  console.log(`\n${summaryTable(results)}\n`);
  console.log(`Finished in ${Math.round((Date.now() - started) / 1000)} s.${errors.length ? ` Errors:\n  ${errors.join("\n  ")}` : ""}`);
  process.exit(errors.length ? 1 : 0);
}

void main();
