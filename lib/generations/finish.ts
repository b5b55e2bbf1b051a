import "server-only";
import { withTransaction } from "@/lib/db/open";
import { getGeneration, updateGeneration } from "@/lib/db/queries/generations";
import { insertOutputs } from "@/lib/db/queries/outputs";
import { log } from "@/lib/log";
import type { UpstreamDone } from "@/lib/modelslab/types";
import type { GenerationDeps } from "./deps";
import { failGeneration } from "./fail";
import { saveOutput } from "./save-output";
import { canTransition, statusesThatMayBecome } from "./state-machine";
import { makeThumbnailsLater } from "@/lib/images/thumbnails";

const inflight = new Map<string, Promise<void>>();
const RETRY_SAVE_MS = 5_000;

/** Stores every output of a finished job and marks it succeeded. Concurrent calls for one job share one run. */
export function finishGeneration(deps: GenerationDeps, id: string, done: UpstreamDone): Promise<void> {
  const running = inflight.get(id);
  if (running) return running;
  const run = doFinish(deps, id, done).finally(() => inflight.delete(id));
  inflight.set(id, run);
  return run;
}

async function doFinish(deps: GenerationDeps, id: string, done: UpstreamDone): Promise<void> {
  const gen = getGeneration(deps.db, id);
  if (!gen || !canTransition(gen.status, "succeeded", gen.failureReason)) return;
  if (done.outputs.length === 0) {
    failGeneration(deps, id, "unknown", "The service finished without returning an image.");
    return;
  }
  let saved;
  try {
    saved = await Promise.all(done.outputs.map((output, idx) => saveOutput(deps, id, idx, output)));
  } catch (error) {
    handleSaveError(deps, id, gen.upstreamId ?? done.upstreamId, error);
    return;
  }
  const now = deps.now();
  withTransaction(deps.db, () => {
    insertOutputs(deps.db, saved.map((s) => ({ ...s, generationId: id, createdAt: now })));
    updateGeneration(
      deps.db,
      id,
      {
        status: "succeeded",
        failureReason: null,
        failureMessage: null,
        generationTime: done.generationTimeSeconds,
        completedAt: now,
        nextCheckAt: null,
        updatedAt: now,
        ...(done.seed !== null && done.seed !== gen.seed ? { seed: done.seed } : {}),
      },
      { onlyIfStatusIn: statusesThatMayBecome("succeeded") },
    );
  });
  log("info", "generation_succeeded", { generationId: id, outputs: saved.length });
  makeThumbnailsLater(deps, saved.map((s) => ({ generationId: id, idx: s.idx, path: s.path, thumbPath: s.thumbPath })));
}

function handleSaveError(deps: GenerationDeps, id: string, upstreamId: string | null, error: unknown): void {
  const expired = typeof error === "object" && error !== null && "expired" in error && error.expired === true;
  log("warn", "output_save_failed", { generationId: id, expired, detail: error instanceof Error ? error.message : String(error) });
  if (expired || !upstreamId) {
    failGeneration(deps, id, "expired", "The result expired at the image service before it could be saved.");
    return;
  }
  // Disk full or a network blip: keep the job open and fetch the outputs again shortly.
  const now = deps.now();
  updateGeneration(deps.db, id, { status: "processing", upstreamId, nextCheckAt: now + RETRY_SAVE_MS, updatedAt: now }, { onlyIfStatusIn: ["queued", "processing"] });
}
