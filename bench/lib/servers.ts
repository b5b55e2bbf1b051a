import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "@/simulator/server";
import { request } from "./http";
import { sleep } from "./pool";

/**
 * Quotas and rate limits raised far out of the way: the benchmarks measure the app's own cost, not the
 * demo allowance (5 jobs/day) or the per-route limiters, which would otherwise answer 429 at once.
 */
export const RAISED_LIMITS: Record<string, string> = {
  QUOTAS: JSON.stringify({ demo: { perOwner: 1_000_000, perIp: null }, staff: { perOwner: 1_000_000 } }),
  GLOBAL_DAILY_BUDGET: "1000000",
  RATE_LIMITS: JSON.stringify(
    Object.fromEntries(["uploads", "create", "polls", "files"].map((g) => [g, { limit: 10_000_000, windowSeconds: 60 }])),
  ),
};

export type RunningApp = { origin: string; pid: number; dataDir: string; stop: () => Promise<void>; log: () => string };

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export const tempDir = (label: string) => mkdtempSync(path.join(os.tmpdir(), `hs-bench-${label}-`));

/** The simulator in this process: instant answers, and a queue limit that never refuses a benchmark job. */
export function startBenchSimulator(opts: Partial<SimulatorOptions> = {}): Promise<RunningSimulator> {
  return startSimulator({ mode: "sync", completeAfterMs: 0, queueLimit: 1_000_000, ...opts });
}

export type AppOptions = { env?: Record<string, string>; limits?: Record<string, string>; nodeArgs?: string[] };

/** `next start` of the existing production build, on a free loopback port with its own data folder. */
export async function startApp(simOrigin: string, opts: AppOptions = {}): Promise<RunningApp> {
  const port = await freePort();
  const dataDir = tempDir("data");
  // Same keep-alive as `npm start` (scripts/start.mjs explains why).
  const child: ChildProcess = spawn(process.execPath, [...(opts.nodeArgs ?? []), "node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1", "--keepAliveTimeout", "65000"], {
    env: { ...process.env, NODE_ENV: "production", MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? "2", SIMULATOR_URL: simOrigin, DATA_DIR: dataDir, MODELSLAB_API_KEY: "", SWEEP_INTERVAL_MS: "1000", ...(opts.limits ?? RAISED_LIMITS), ...opts.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (c: Buffer) => {
    output = (output + c.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const origin = `http://127.0.0.1:${port}`;
  const end = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${output}`);
    const ok = await request(`${origin}/api/health`, { timeoutMs: 2_000 }).then((r) => r.status === 200, () => false);
    if (ok) break;
    if (Date.now() > end) throw new Error(`next start did not answer /api/health within 60 s:\n${output}`);
    await sleep(250);
  }
  const stop = async () => {
    if (child.exitCode !== null) return rmSync(dataDir, { recursive: true, force: true });
    child.kill("SIGTERM");
    await Promise.race([new Promise((r) => child.once("exit", r)), sleep(5_000)]);
    if (child.exitCode === null) child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 });
  };
  return { origin, pid: child.pid ?? 0, dataDir, stop, log: () => output };
}
