import "server-only";
import { getConfig } from "@/lib/config";
import type { AppConfig } from "@/lib/config-schema";
import { getDb, type Db } from "@/lib/db/client";
import { createModelsLabClient, type ModelsLabClient } from "@/lib/modelslab/client";
import { getStorage } from "@/lib/storage/local-storage";
import type { Storage } from "@/lib/storage/storage";
import { assertPublicOutputUrl, createPublicOnlyFetch } from "@/lib/modelslab/download";

/** Everything the job lifecycle touches, passed in so tests can point it at a temp DB and the simulator. */
export type GenerationDeps = {
  db: Db;
  storage: Storage;
  upstream: ModelsLabClient;
  config: Pick<AppConfig, "mode" | "publicBaseUrl" | "jobTimeoutMs" | "faceTokenTtlMs" | "maxInFlight">;
  now: () => number;
};

const g = globalThis as typeof globalThis & { __headshotDeps?: GenerationDeps };

/** The production wiring, built once per process. */
export function getDeps(): GenerationDeps {
  if (g.__headshotDeps) return g.__headshotDeps;
  const config = getConfig();
  g.__headshotDeps = {
    db: getDb(),
    storage: getStorage(),
    upstream: createModelsLabClient({
      baseUrl: config.modelslab.baseUrl,
      apiKey: config.modelslab.apiKey,
      timeoutMs: config.modelslab.timeoutMs,
      // The simulator serves outputs from loopback; the real service never should. The URL check refuses
      // literal and resolved private addresses up front; the download's own connections are checked again
      // at connect time, so a name re-resolved to a private address in between (DNS rebinding) is refused.
      ...(config.mode === "real" ? { assertOutputUrlAllowed: assertPublicOutputUrl, downloadFetchImpl: createPublicOnlyFetch() } : {}),
    }),
    config,
    now: Date.now,
  };
  return g.__headshotDeps;
}
