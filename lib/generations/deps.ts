import "server-only";
import type { AppConfig } from "@/lib/config-schema";
import type { Db } from "@/lib/db/open";
import type { ModelsLabClient } from "@/lib/modelslab/client";
import type { Storage } from "@/lib/storage/storage";

export type UpstreamClient = ModelsLabClient;

/** Everything the job lifecycle touches, passed in so tests can point it at a temp DB and the simulator. */
export type GenerationDeps = {
  db: Db;
  storage: Storage;
  upstream: UpstreamClient;
  config: Pick<AppConfig, "mode" | "publicBaseUrl" | "jobTimeoutMs" | "faceTokenTtlMs">;
  now: () => number;
};
