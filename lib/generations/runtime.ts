import "server-only";
import { getConfig } from "@/lib/config";
import type { AppConfig } from "@/lib/config-schema";
import { getDb, type Db } from "@/lib/db/client";
import { createModelsLabClient, type ModelsLabClient } from "@/lib/modelslab/client";
import { getStorage } from "@/lib/storage/local-storage";
import type { Storage } from "@/lib/storage/storage";
import { createOutputGuard } from "@/lib/modelslab/download";
import { createEmbeddedScheduler, type JobHandlers, type Scheduler } from "@/lib/jobs/scheduler";
import { runScheduledCheck } from "./lifecycle";
import { pumpQueue } from "./queue";

/** Everything the job lifecycle touches, passed in so tests can point it at a temp DB and the simulator. */
export type GenerationDeps = {
  db: Db;
  storage: Storage;
  upstream: ModelsLabClient;
  config: Pick<AppConfig, "mode" | "publicBaseUrl" | "jobTimeoutMs" | "faceTokenTtlMs" | "maxInFlight">;
  now: () => number;
  /** When checks and submissions run (lib/jobs): the lifecycle asks it for a job's next check and wakes the queue. */
  scheduler: Scheduler;
};

const g = globalThis as typeof globalThis & { __headshotDeps?: GenerationDeps };

/**
 * The production wiring, built once per process. The scheduler is the embedded one (in-process timers); its
 * recurring tasks (the sweep, retention) are registered by instrumentation.ts. The shared mode will build
 * lib/jobs/pg-boss-scheduler.ts's createPgBossScheduler here instead, with the same handlers.
 */
export function getDeps(): GenerationDeps {
  if (g.__headshotDeps) return g.__headshotDeps;
  const config = getConfig();
  const deps: GenerationDeps = {
    db: getDb(),
    storage: getStorage(),
    upstream: createUpstream(config),
    config,
    now: Date.now,
    scheduler: createEmbeddedScheduler({ handlers: generationJobHandlers(() => deps) }),
  };
  g.__headshotDeps = deps;
  return deps;
}

/** What the scheduler runs for the generation code, against the deps `current()` returns at that moment. */
export function generationJobHandlers(current: () => GenerationDeps): JobHandlers {
  return {
    check: (generationId) => runScheduledCheck(current(), generationId),
    submissions: () => pumpQueue(current()),
  };
}

/**
 * The ModelsLab client as production wires it. In real mode output downloads are guarded: the base URL's
 * origin and MODELSLAB_OUTPUT_ORIGINS are the operator's own hosts and are fetched as they are; any other
 * output URL must be https on a public address, checked on the URL, on every redirect and again at connect
 * time (so a name re-resolved to a private address in between — DNS rebinding — is refused). The simulator
 * (demo mode) serves outputs from loopback and is not guarded.
 */
export function createUpstream(config: Pick<AppConfig, "mode" | "modelslab">): ModelsLabClient {
  const { baseUrl, apiKey, timeoutMs, trustedOutputOrigins } = config.modelslab;
  const guard = config.mode === "real" ? createOutputGuard(trustedOutputOrigins) : null;
  return createModelsLabClient({
    baseUrl,
    apiKey,
    timeoutMs,
    ...(guard ? { assertOutputUrlAllowed: guard.assertOutputUrlAllowed, downloadFetchImpl: guard.downloadFetchImpl } : {}),
  });
}
