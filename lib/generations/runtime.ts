import "server-only";
import path from "node:path";
import { getConfig } from "@/lib/config";
import type { AppConfig } from "@/lib/config-schema";
import { getDb, type Db } from "@/lib/db/client";
import { createModelsLabClient, type ModelsLabClient } from "@/lib/modelslab/client";
import type { BlobStore } from "@/lib/storage/blob-store";
import { createLocalStorage } from "@/lib/storage/local-storage";
import { createS3Storage } from "@/lib/storage/s3-storage";
import { createOutputGuard } from "@/lib/modelslab/download";
import { createPgBossScheduler } from "@/lib/generations/jobs/pg-boss-scheduler";
import { createEmbeddedScheduler, type JobHandlers, type Scheduler } from "@/lib/generations/jobs/scheduler";
import { runScheduledCheck } from "./lifecycle";
import { pumpQueue } from "./queue";

/** Everything the job lifecycle touches, passed in so tests can point it at a temp DB and the simulator. */
export type GenerationDeps = {
  db: Db;
  storage: BlobStore;
  upstream: ModelsLabClient;
  config: Pick<AppConfig, "mode" | "publicBaseUrl" | "jobTimeoutMs" | "faceTokenTtlMs" | "maxInFlight">;
  now: () => number;
  /** When checks and submissions run (lib/generations/jobs): the lifecycle asks it for a job's next check and wakes the queue. */
  scheduler: Scheduler;
};

const g = globalThis as typeof globalThis & { __headshotDeps?: GenerationDeps };

/**
 * The production wiring, built once per process — the one place the modes are chosen, by configuration alone:
 * DATABASE_URL set → Postgres (lib/db) and pg-boss jobs in that same database (lib/generations/jobs), shared by every
 * instance; else SQLite and in-process timers. S3_BUCKET picks the blob store on its own (createBlobStore).
 * The scheduler's recurring tasks (the sweep, retention) are registered by instrumentation-node.ts.
 */
export function getDeps(): GenerationDeps {
  if (g.__headshotDeps) return g.__headshotDeps;
  const config = getConfig();
  const handlers = generationJobHandlers(() => deps);
  const deps: GenerationDeps = {
    db: getDb(),
    storage: createBlobStore(config),
    upstream: createUpstream(config),
    config,
    now: Date.now,
    scheduler: config.databaseUrl ? createPgBossScheduler({ connectionString: config.databaseUrl, handlers }) : createEmbeddedScheduler({ handlers }),
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
 * Where image bytes live — the one place the driver is chosen: S3_BUCKET set → that bucket (shared by every
 * instance), else files under `${dataDir}/files` (one machine).
 */
export function createBlobStore(config: Pick<AppConfig, "s3" | "dataDir">): BlobStore {
  return config.s3 ? createS3Storage(config.s3) : createLocalStorage(path.join(config.dataDir, "files"));
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
