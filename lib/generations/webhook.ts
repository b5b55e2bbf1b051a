import "server-only";
import { AppError } from "@/lib/errors";
import { getByWebhookSecret, updateGeneration } from "@/lib/db/queries/generations";
import { parseWebhook } from "@/lib/modelslab/wire";
import type { GenerationDeps } from "./deps";
import { applyUpstreamResult } from "./apply-result";

/**
 * A webhook call for the job that owns `secret`. Unknown secrets and bodies naming another job are
 * refused; repeats after the job ended change nothing.
 */
export async function handleWebhook(deps: GenerationDeps, secret: string, body: unknown): Promise<"accepted" | "duplicate"> {
  const gen = getByWebhookSecret(deps.db, secret);
  if (!gen) throw new AppError("not_found", "Unknown webhook.");
  const event = parseWebhook(body);
  // A body must name this job, by track_id or by the upstream id we already know; anything else is refused.
  if (event.trackId === null && (event.upstreamId === null || gen.upstreamId === null)) {
    throw new AppError("bad_request", "The webhook body does not identify a job.");
  }
  if (event.trackId !== null && event.trackId !== gen.id) throw new AppError("forbidden", "This webhook is for another job.");
  if (gen.upstreamId && event.upstreamId && gen.upstreamId !== event.upstreamId) throw new AppError("forbidden", "This webhook is for another job.");
  if (gen.status === "succeeded") return "duplicate";
  // The webhook can beat the make_gen response; take the upstream id from it.
  if (!gen.upstreamId && event.upstreamId) updateGeneration(deps.db, gen.id, { upstreamId: event.upstreamId });
  await applyUpstreamResult(deps, gen.id, event.result, "webhook");
  return "accepted";
}
