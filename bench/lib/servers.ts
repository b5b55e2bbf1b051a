import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "@/simulator/server";
import { randomBytes } from "node:crypto";
import { freePort, startApp as bootApp } from "../../scripts/lib/boot.mjs";
import { findPostgresBin, startCluster } from "../../scripts/lib/postgres.mjs";
import { startS3Server } from "../../scripts/lib/s3-server.mjs";

/**
 * Quotas and rate limits raised far out of the way: the benchmarks measure the app's own cost, not the
 * demo allowance (5 jobs/day) or the per-route limiters, which would otherwise answer 429 at once. The
 * submission queue's in-flight cap is raised too (the simulator's queue limit is raised to match), so the
 * proxy-overhead figures measure the app, not a line of waiting jobs.
 */
export const RAISED_LIMITS: Record<string, string> = {
  QUOTAS: JSON.stringify({ demo: { perOwner: 1_000_000, perIp: null }, staff: { perOwner: 1_000_000 } }),
  GLOBAL_DAILY_BUDGET: "1000000",
  MODELSLAB_MAX_IN_FLIGHT: "1000",
  RATE_LIMITS: JSON.stringify(
    Object.fromEntries(["uploads", "create", "polls", "files"].map((g) => [g, { limit: 10_000_000, windowSeconds: 60 }])),
  ),
};

/** A running `next start`; `root` is the checkout whose build it runs (its `.next/static` is what pages weigh). */
export type RunningApp = { origin: string; pid: number; root: string; dataDir: string; stop: () => Promise<void>; log: () => string };

export const tempDir = (label: string) => mkdtempSync(path.join(os.tmpdir(), `hs-bench-${label}-`));

/** The simulator in this process: instant answers, and a queue limit that never refuses a benchmark job. */
export function startBenchSimulator(opts: Partial<SimulatorOptions> = {}): Promise<RunningSimulator> {
  return startSimulator({ mode: "sync", completeAfterMs: 0, queueLimit: 1_000_000, ...opts });
}

export type AppOptions = { env?: Record<string, string>; limits?: Record<string, string>; nodeArgs?: string[]; root?: string };

/**
 * `next start` of the existing production build (scripts/lib/boot.mjs), on a free loopback port with its own data
 * folder: this checkout's, or `root`'s (another checkout, built there: `npm run bench -- --before DIR`).
 * BENCH_FLOORS=1 turns on the floors the figures are set beside (an empty route handler, a layout-only page:
 * bench/lib/floors.ts); a build without them ignores it.
 */
export async function startApp(simOrigin: string, opts: AppOptions = {}): Promise<RunningApp> {
  const root = path.resolve(opts.root ?? process.cwd());
  const dataDir = tempDir("data");
  const removeData = () => rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 });
  const app = await bootApp({
    host: "127.0.0.1",
    root,
    dataDir,
    nodeArgs: opts.nodeArgs,
    output: "pipe",
    env: { SIMULATOR_URL: simOrigin, MODELSLAB_API_KEY: "", SWEEP_INTERVAL_MS: "1000", BENCH_FLOORS: "1", ...(opts.limits ?? RAISED_LIMITS), ...opts.env },
  }).catch((e: unknown) => {
    removeData();
    throw e;
  });
  const stop = async () => {
    await app.stop();
    removeData();
  };
  return { origin: app.url, pid: app.pid, root, dataDir, stop, log: app.log };
}

/** The shared mode's services for `npm run bench -- --shared`: a throwaway Postgres and an s3rver bucket. */
export type SharedServices = { env: Record<string, string>; databaseUrl: string; stop: () => Promise<void> };

/**
 * Starts what shared mode runs on — a throwaway Postgres cluster (initdb, loopback, durability off like the
 * test clusters) and an in-process s3rver bucket — and the environment that points an app at them.
 */
export async function startSharedServices(): Promise<SharedServices> {
  const bin = findPostgresBin();
  if (!bin) throw new Error("--shared needs Postgres's binaries (apt-get install -y postgresql).");
  const cluster = startCluster(bin, await freePort());
  const s3 = await startS3Server();
  const bucket = await s3.newBucket("bench-shared");
  return {
    env: { DATABASE_URL: cluster.url, SESSION_SECRET: randomBytes(32).toString("hex"), ...s3.envFor(bucket.bucket) },
    databaseUrl: cluster.url,
    stop: async () => {
      await s3.close();
      cluster.stop();
    },
  };
}
