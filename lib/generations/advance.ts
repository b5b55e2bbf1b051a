import "server-only";
import { getGeneration } from "@/lib/db/queries/generations";
import type { GenerationRow } from "@/lib/db/types";
import type { GenerationDeps } from "./deps";
import { applyUpstreamResult } from "./apply-result";
import { failGeneration } from "./fail";
import { UNFINISHED } from "./state-machine";

const inflight = new Map<string, Promise<GenerationRow | undefined>>();

/**
 * Brings an unfinished job up to date: times it out, or asks fetch/{id} when it is due. Called by the
 * status route, the sweeper and tests; concurrent calls for one job share one upstream request.
 */
export function advanceGeneration(deps: GenerationDeps, id: string): Promise<GenerationRow | undefined> {
  const running = inflight.get(id);
  if (running) return running;
  const run = doAdvance(deps, id).finally(() => inflight.delete(id));
  inflight.set(id, run);
  return run;
}

async function doAdvance(deps: GenerationDeps, id: string): Promise<GenerationRow | undefined> {
  const gen = getGeneration(deps.db, id);
  if (!gen || !UNFINISHED.includes(gen.status)) return gen;
  const now = deps.now();
  if (now - (gen.submittedAt ?? gen.createdAt) > deps.config.jobTimeoutMs) {
    const minutes = Math.round(deps.config.jobTimeoutMs / 60_000);
    failGeneration(deps, id, "timeout", `The job timed out: the image service did not finish it within ${minutes > 0 ? `${minutes} min` : "the time limit"}.`);
    return getGeneration(deps.db, id);
  }
  if (!gen.upstreamId || (gen.nextCheckAt !== null && gen.nextCheckAt > now)) return gen;
  const result = await deps.upstream.fetchResult(gen.upstreamId);
  await applyUpstreamResult(deps, id, result, "fetch");
  return getGeneration(deps.db, id);
}
