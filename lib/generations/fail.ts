import "server-only";
import { updateGeneration } from "@/lib/db/queries/generations";
import { log } from "@/lib/log";
import type { GenerationDeps } from "./deps";
import { statusesThatMayBecome } from "./state-machine";

/** Ends an unfinished job as failed. No effect on a job that already ended. */
export function failGeneration(deps: GenerationDeps, id: string, reason: string, message: string): boolean {
  const now = deps.now();
  const changed = updateGeneration(
    deps.db,
    id,
    { status: "failed", failureReason: reason, failureMessage: message, completedAt: now, updatedAt: now, nextCheckAt: null },
    { onlyIfStatusIn: statusesThatMayBecome("failed") },
  );
  if (changed) log("info", "generation_failed", { generationId: id, reason });
  return changed;
}
