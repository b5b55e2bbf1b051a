import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { resetConfigForTests } from "@/lib/config";
import { resetRateLimitsForTests } from "@/lib/http/rate-limit";
import { newOwnerId, ownerCookie } from "@/lib/session/owner";
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "@/simulator/server";

type Singletons = { __headshotDeps?: { db: { $client: { close(): void } } }; __headshotDb?: unknown };
const g = globalThis as typeof globalThis & Singletons;

export type RouteEnv = {
  sim: RunningSimulator;
  dataDir: string;
  /** A fresh owner and the Cookie header that proves it. */
  owner(): { id: string; cookie: string };
  close(): Promise<void>;
};

const ENV_KEYS = [
  "DATA_DIR",
  "SIMULATOR_URL",
  "MODELSLAB_API_KEY",
  "SESSION_SECRET",
  "RATE_LIMITS",
  "QUOTAS",
  "GLOBAL_DAILY_BUDGET",
  "PUBLIC_BASE_URL",
  // Image storage (test/s3-server.ts envFor): unset unless a test asks for a bucket.
  "S3_BUCKET",
  "AWS_ENDPOINT_URL_S3",
  "AWS_REGION",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "S3_FORCE_PATH_STYLE",
];

function forgetSingletons(): void {
  g.__headshotDeps?.db.$client.close();
  g.__headshotDeps = undefined;
  g.__headshotDb = undefined;
  resetConfigForTests();
  resetRateLimitsForTests();
}

/**
 * Points the real route handlers (getDeps, getConfig) at a temp DATA_DIR and a loopback simulator, with
 * rate limits and quotas out of the way so each test sees the refusal it is about.
 */
export async function startRouteEnv(sim: Partial<SimulatorOptions> = { mode: "sync" }, env: Record<string, string> = {}): Promise<RouteEnv> {
  const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  const dataDir = mkdtempSync(path.join(tmpdir(), "hs-route-"));
  const running = await startSimulator({ completeAfterMs: 200, ...sim });
  Object.assign(process.env, {
    DATA_DIR: dataDir,
    SIMULATOR_URL: running.origin,
    MODELSLAB_API_KEY: "",
    SESSION_SECRET: "route-test-secret-0123456789abcdefghijklmnop",
    RATE_LIMITS: JSON.stringify({ uploads: { limit: 100_000 }, create: { limit: 100_000 }, polls: { limit: 100_000 }, files: { limit: 100_000 } }),
    QUOTAS: JSON.stringify({ demo: { perOwner: 1000, perIp: null } }),
    GLOBAL_DAILY_BUDGET: "100000",
    S3_BUCKET: "",
    ...env,
  });
  forgetSingletons();
  return {
    sim: running,
    dataDir,
    owner() {
      const id = newOwnerId();
      const c = ownerCookie(id, false);
      return { id, cookie: `${c.name}=${encodeURIComponent(c.value)}` };
    },
    async close() {
      forgetSingletons();
      await running.close();
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The JSON error body of a refused request. */
export async function errorOf(res: Response): Promise<{ code: string; message: string; fields?: Record<string, string> }> {
  const body = (await res.json()) as { error: { code: string; message: string; fields?: Record<string, string> } };
  return body.error;
}
