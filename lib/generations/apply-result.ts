import "server-only";
import { getGeneration, updateGeneration } from "@/lib/db/queries/generations";
import type { FetchResult, MakeGenResult, UpstreamFailed } from "@/lib/modelslab/types";
import { refundQuota } from "@/lib/quotas/consume";
import type { GenerationDeps } from "./deps";
import { failGeneration } from "./fail";
import { finishGeneration } from "./finish";
import { nextCheckAt } from "./polling";
import { UNFINISHED } from "./state-machine";

/** Marks a job whose make_gen got no answer: it may exist upstream, so we wait for a webhook or time out. */
export const NO_ANSWER = "no_answer";
const TRANSIENT = new Set(["unavailable", "timeout", "rate_limited"]);

/**
 * Moves a generation according to what the upstream said, from make_gen, fetch or a webhook. Idempotent:
 * applying the same answer twice, or an older answer after a newer one, changes nothing.
 */
export async function applyUpstreamResult(
  deps: GenerationDeps,
  id: string,
  result: MakeGenResult | FetchResult,
  source: "make_gen" | "fetch" | "webhook" = "make_gen",
): Promise<void> {
  const gen = getGeneration(deps.db, id);
  if (!gen) return;
  const now = deps.now();
  switch (result.kind) {
    case "done":
      if (result.upstreamId && !gen.upstreamId) updateGeneration(deps.db, id, { upstreamId: result.upstreamId });
      await finishGeneration(deps, id, result);
      return;
    case "queued": {
      const etaAt = result.etaSeconds === null ? null : now + Math.round(result.etaSeconds * 1000);
      updateGeneration(
        deps.db,
        id,
        { status: "processing", upstreamId: result.upstreamId, etaAt, nextCheckAt: nextCheckAt(now, etaAt, 0), failureReason: null, updatedAt: now },
        { onlyIfStatusIn: UNFINISHED },
      );
      return;
    }
    case "processing":
      updateGeneration(
        deps.db,
        id,
        { status: "processing", checkCount: gen.checkCount + 1, nextCheckAt: nextCheckAt(now, gen.etaAt, gen.checkCount + 1), updatedAt: now },
        { onlyIfStatusIn: UNFINISHED },
      );
      return;
    case "failed":
      applyFailure(deps, gen.id, gen.checkCount, result, source);
  }
}

function applyFailure(deps: GenerationDeps, id: string, checkCount: number, result: UpstreamFailed, source: string): void {
  const now = deps.now();
  if (source === "make_gen" && result.ambiguous) {
    // The request may have been billed; resubmitting could pay twice. Wait for a webhook, else time out.
    updateGeneration(
      deps.db,
      id,
      { status: "processing", failureReason: NO_ANSWER, nextCheckAt: now + deps.config.jobTimeoutMs, updatedAt: now },
      { onlyIfStatusIn: UNFINISHED },
    );
    return;
  }
  if (source === "fetch" && TRANSIENT.has(result.reason)) {
    const retryAt = result.retryAfterSeconds ? now + result.retryAfterSeconds * 1000 : nextCheckAt(now, null, checkCount + 1);
    updateGeneration(deps.db, id, { checkCount: checkCount + 1, nextCheckAt: retryAt, updatedAt: now }, { onlyIfStatusIn: UNFINISHED });
    return;
  }
  const failed = failGeneration(deps, id, result.reason, result.message);
  // make_gen refused it outright: never accepted upstream, nothing spent, so the quota unit comes back.
  if (failed && source === "make_gen") refundQuota(deps.db, id, now);
}
