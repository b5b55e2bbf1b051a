// lib/generations owns a generation's life, from the request to the deleted files:
//   create.ts     POST /api/generations: idempotency, quota spent + row inserted in one transaction (and the
//                 face photo a job is made from, uploaded before it)
//   queue.ts      the submission queue: jobs wait in our own line and go to make_gen oldest first, at most
//                 MODELSLAB_MAX_IN_FLIGHT at the upstream at once; a 429 pauses the line for its retry_after
//   lifecycle.ts  this file: what the upstream answers (applyUpstreamResult, from make_gen, fetch or a
//                 webhook), polling an open job (advance), storing the outputs (finish), failing
//   sweeper.ts    advances the open jobs nobody is polling, including after a restart (the safety net under
//                 the scheduler's checks: jobs/ runs a job's next check at the time this file sets)
//   (the WebP thumbnails of a finished job are lib/images/thumbnails.ts's)
//   read.ts       what the API returns: the DTOs, the gallery list, a file URL → storage key
//   quotas.ts     the allowances a job spends (quota-policy.ts: the policy and its wording, browser-safe)
//   privacy.ts    deleting: one generation, an owner's everything, the retention sweep
//   runtime.ts    the dependencies (database, storage, upstream client, settings) and their production wiring
// The path of a job: createGeneration → enqueue → (a free slot) submit → make_gen → applyUpstreamResult: "done" →
// finishGeneration; "queued"/"processing" → the status poll or the sweeper calls advanceGeneration (fetch)
// or a webhook calls handleWebhook, each ending in applyUpstreamResult → finishGeneration or failGeneration.
// Statuses themselves (GENERATION_STATUSES, UNFINISHED_STATUSES) live in lib/validations/generation.ts.
import "server-only";
import { getByWebhookSecret, getGeneration, insertOutputsAndUpdateGeneration, updateGeneration } from "@/lib/db/queries/generations";
import type { GenerationPatch, GenerationRow } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { inspectOutput } from "@/lib/images/face";
import { log } from "@/lib/log";
import { classifyOutputDownload, isOutputDownloadError, OUTPUT_MESSAGES, type OutputFailure } from "@/lib/modelslab/failures";
import { parseWebhook } from "@/lib/modelslab/wire";
import type { FetchResult, MakeGenResult, UpstreamDone, UpstreamFailed, UpstreamOutput } from "@/lib/modelslab/types";
import { isUnfinished, UNFINISHED_STATUSES, type GenerationStatus } from "@/lib/validations/generation";
import { makeThumbnailsLater } from "@/lib/images/thumbnails";
import { refundQuota } from "./quotas";
import type { GenerationDeps } from "./runtime";

// ---- State machine ----

/**
 * Which statuses may move to `to`. A job failed only because *we* stopped waiting ("timeout") may still
 * succeed when the upstream finishes late: the person paid for it.
 */
function statusesThatMayBecome(to: GenerationStatus): readonly GenerationStatus[] {
  switch (to) {
    case "queued":
      return [];
    case "processing":
      return UNFINISHED_STATUSES;
    case "succeeded":
      return [...UNFINISHED_STATUSES, "failed"];
    case "failed":
      return UNFINISHED_STATUSES;
  }
}

export function canTransition(from: GenerationStatus, to: GenerationStatus, failureReason: string | null): boolean {
  if (from === "failed" && to === "succeeded") return failureReason === "timeout";
  return statusesThatMayBecome(to).includes(from);
}

// ---- Advance: polling an open job ----

const POLL_MIN_MS = 1_000;
const POLL_MAX_MS = 10_000;

/**
 * When to ask the upstream again: never before its ETA, then backing off from 1 s to 10 s so a job that
 * runs long does not cost one fetch per browser poll.
 */
export function nextCheckAt(now: number, etaAt: number | null, checkCount: number): number {
  if (etaAt !== null && etaAt > now + POLL_MIN_MS) return etaAt;
  return now + Math.min(POLL_MAX_MS, POLL_MIN_MS * 1.5 ** Math.max(0, checkCount));
}

const advancing = new Map<string, Promise<GenerationRow | undefined>>();

/**
 * Brings an unfinished job up to date: times it out, or asks fetch/{id} when it is due. Called by the
 * status route, the sweeper and tests; concurrent calls for one job share one upstream request.
 */
export function advanceGeneration(deps: GenerationDeps, id: string): Promise<GenerationRow | undefined> {
  const running = advancing.get(id);
  if (running) return running;
  const run = doAdvance(deps, id).finally(() => advancing.delete(id));
  advancing.set(id, run);
  return run;
}

/**
 * The scheduler's check (lib/generations/jobs): advance the job, then make sure its next check is booked at the time the
 * row now names — the scheduler keeps one pending check per job, so this re-arms it whatever moved the row in
 * between (a status poll, a webhook). Never sooner than POLL_MIN_MS from now, so a row that is due but could
 * not be asked about (no upstream id yet) is not checked in a tight loop.
 */
export async function runScheduledCheck(deps: GenerationDeps, id: string): Promise<void> {
  const gen = await advanceGeneration(deps, id);
  if (!gen || !isUnfinished(gen.status) || gen.submittedAt === null || gen.nextCheckAt === null) return;
  await deps.scheduler.checkAt(id, Math.max(gen.nextCheckAt, deps.now() + POLL_MIN_MS));
}

async function doAdvance(deps: GenerationDeps, id: string): Promise<GenerationRow | undefined> {
  const gen = await getGeneration(deps.db, id);
  // A job still waiting in our own queue has not started: the queue sends it, and its clock starts then.
  if (!gen || !isUnfinished(gen.status) || gen.submittedAt === null) return gen;
  const now = deps.now();
  if (now - gen.submittedAt > deps.config.jobTimeoutMs) {
    const minutes = Math.round(deps.config.jobTimeoutMs / 60_000);
    await failGeneration(deps, id, "timeout", `The job timed out: the image service did not finish it within ${minutes > 0 ? `${minutes} min` : "the time limit"}.`);
    return await getGeneration(deps.db, id);
  }
  if (!gen.upstreamId || (gen.nextCheckAt !== null && gen.nextCheckAt > now)) return gen;
  const result = await deps.upstream.fetchResult(gen.upstreamId);
  await applyUpstreamResult(deps, id, result, "fetch");
  return await getGeneration(deps.db, id);
}

// ---- Webhook ----

/**
 * A webhook call for the job that owns `secret`. Unknown secrets and bodies naming another job are
 * refused; repeats after the job ended change nothing.
 */
export async function handleWebhook(deps: GenerationDeps, secret: string, body: unknown): Promise<"accepted" | "duplicate"> {
  const gen = await getByWebhookSecret(deps.db, secret);
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
  if (!gen.upstreamId && event.upstreamId) await updateGeneration(deps.db, gen.id, { upstreamId: event.upstreamId });
  await applyUpstreamResult(deps, gen.id, event.result, "webhook");
  return "accepted";
}

// ---- What the upstream said ----

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
  const gen = await getGeneration(deps.db, id);
  if (!gen) return;
  const now = deps.now();
  switch (result.kind) {
    case "done":
      if (result.upstreamId && !gen.upstreamId) await updateGeneration(deps.db, id, { upstreamId: result.upstreamId });
      await finishGeneration(deps, id, result);
      return;
    case "queued": {
      const etaAt = result.etaSeconds === null ? null : now + Math.round(result.etaSeconds * 1000);
      await setNextCheck(deps, id, { status: "processing", upstreamId: result.upstreamId, etaAt, nextCheckAt: nextCheckAt(now, etaAt, 0), failureReason: null, updatedAt: now });
      return;
    }
    case "processing":
      await setNextCheck(deps, id, { status: "processing", checkCount: gen.checkCount + 1, nextCheckAt: nextCheckAt(now, gen.etaAt, gen.checkCount + 1), updatedAt: now });
      return;
    case "failed":
      await applyFailure(deps, gen.id, gen.checkCount, result, source);
  }
}

/** Moves an open job (compare-and-set) to a state with a next check, and books that check with the scheduler. */
async function setNextCheck(deps: GenerationDeps, id: string, patch: GenerationPatch & { nextCheckAt: number }): Promise<void> {
  if (await updateGeneration(deps.db, id, patch, { onlyIfStatusIn: UNFINISHED_STATUSES })) void deps.scheduler.checkAt(id, patch.nextCheckAt);
}

async function applyFailure(deps: GenerationDeps, id: string, checkCount: number, result: UpstreamFailed, source: string): Promise<void> {
  const now = deps.now();
  if (source === "make_gen" && result.ambiguous) {
    // The request may have been billed; resubmitting could pay twice. Wait for a webhook, else time out.
    await setNextCheck(deps, id, { status: "processing", failureReason: NO_ANSWER, nextCheckAt: now + deps.config.jobTimeoutMs, updatedAt: now });
    return;
  }
  if (source === "fetch" && TRANSIENT.has(result.reason)) {
    const retryAt = result.retryAfterSeconds ? now + result.retryAfterSeconds * 1000 : nextCheckAt(now, null, checkCount + 1);
    await setNextCheck(deps, id, { checkCount: checkCount + 1, nextCheckAt: retryAt, updatedAt: now });
    return;
  }
  const failed = await failGeneration(deps, id, result.reason, result.message);
  // make_gen refused it outright: never accepted upstream, nothing spent, so the quota unit comes back.
  if (failed && source === "make_gen") await refundQuota(deps.db, id, now);
}

// ---- Finish: store the outputs ----

const finishing = new Map<string, Promise<void>>();
const RETRY_SAVE_MS = 5_000;

/** Stores every output of a finished job and marks it succeeded. Concurrent calls for one job share one run. */
export function finishGeneration(deps: GenerationDeps, id: string, done: UpstreamDone): Promise<void> {
  const running = finishing.get(id);
  if (running) return running;
  const run = doFinish(deps, id, done).finally(() => finishing.delete(id));
  finishing.set(id, run);
  return run;
}

async function doFinish(deps: GenerationDeps, id: string, done: UpstreamDone): Promise<void> {
  const gen = await getGeneration(deps.db, id);
  if (!gen || !canTransition(gen.status, "succeeded", gen.failureReason)) return;
  if (done.outputs.length === 0) {
    await failGeneration(deps, id, "unknown", "The service finished without returning an image.");
    return;
  }
  let saved;
  try {
    saved = await Promise.all(done.outputs.map((output, idx) => saveOutput(deps, id, idx, output)));
  } catch (error) {
    await handleSaveError(deps, id, gen.upstreamId ?? done.upstreamId, error);
    return;
  }
  const now = deps.now();
  // The outputs and the status change land together: a job is never "succeeded" without its output rows.
  await insertOutputsAndUpdateGeneration(
    deps.db,
    id,
    saved.map((s) => ({ ...s, generationId: id, createdAt: now })),
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
  log("info", "generation_succeeded", { generationId: id, outputs: saved.length });
  void deps.scheduler.wakeSubmissions(); // a slot at the upstream is free
  makeThumbnailsLater(deps, saved.map((s) => ({ generationId: id, idx: s.idx, path: s.path, thumbPath: s.thumbPath })));
}

const EXT: Record<string, string> = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" };

/**
 * Downloads and keeps one output (upstream files vanish after 24 h). Its WebP thumbnail is made after the
 * job is marked succeeded (see lib/images/thumbnails.ts); `thumbPath` is where it will be.
 */
async function saveOutput(deps: GenerationDeps, generationId: string, idx: number, output: UpstreamOutput) {
  const bytes = await deps.upstream.downloadOutput(output);
  const info = await inspectOutput(bytes);
  const path = `outputs/${generationId}/${idx}.${EXT[info.mime] ?? "png"}`;
  const thumbPath = `thumbs/${generationId}/${idx}.webp`;
  await deps.storage.put(path, bytes, info.mime);
  return { id: `${generationId}_${idx}`, idx, path, thumbPath, width: info.width, height: info.height, bytes: bytes.length };
}

async function handleSaveError(deps: GenerationDeps, id: string, upstreamId: string | null, error: unknown): Promise<void> {
  const failure = outputFailure(error);
  if (isOutputDownloadError(error) && error.problem === "refused_url") {
    // A configuration problem, not a passing one: one error line for the operator, and the job ends now.
    const origin = error.origin ?? "its origin";
    log("error", "output_url_refused", {
      generationId: id,
      host: error.host,
      setting: "MODELSLAB_OUTPUT_ORIGINS",
      detail: `The image service returned an output on ${error.host ?? "a host"} that is not on MODELSLAB_BASE_URL's origin and not https on a public address. If you trust that host, add ${origin} to MODELSLAB_OUTPUT_ORIGINS.`,
    });
    await failGeneration(deps, id, failure.reason, failure.message);
    return;
  }
  log("warn", "output_save_failed", { generationId: id, reason: failure.reason, retryable: failure.retryable, detail: error instanceof Error ? error.message : String(error) });
  // Nothing to ask again without the upstream's id; and some failures will not mend by asking again.
  if (!failure.retryable || !upstreamId) {
    await failGeneration(deps, id, failure.reason, failure.message);
    return;
  }
  // Disk full or a network blip: keep the job open and fetch the outputs again shortly.
  const now = deps.now();
  await setNextCheck(deps, id, { status: "processing", upstreamId, nextCheckAt: now + RETRY_SAVE_MS, updatedAt: now });
}

/** What a failure while downloading, checking or storing an output means for the job (see classifyOutputDownload). */
function outputFailure(error: unknown): Omit<OutputFailure, "reason"> & { reason: OutputFailure["reason"] | "save_failed" } {
  if (isOutputDownloadError(error)) return classifyOutputDownload(error);
  // inspectOutput refusing the bytes (not an image, too many pixels): asking again returns the same bytes.
  // (By name, not instanceof: see isOutputDownloadError.)
  if (error instanceof Error && error.name === "AppError" && (error as AppError).status < 500) return { reason: "output_invalid", message: OUTPUT_MESSAGES.notImage, retryable: false };
  // Storage (disk full) or anything unexpected on our side.
  return { reason: "save_failed", message: "The result could not be saved on this server. Please try again.", retryable: true };
}

// ---- Fail ----

/** Ends an unfinished job as failed. No effect on a job that already ended. */
export async function failGeneration(deps: GenerationDeps, id: string, reason: string, message: string): Promise<boolean> {
  const now = deps.now();
  const changed = await updateGeneration(
    deps.db,
    id,
    { status: "failed", failureReason: reason, failureMessage: message, completedAt: now, updatedAt: now, nextCheckAt: null },
    { onlyIfStatusIn: statusesThatMayBecome("failed") },
  );
  if (changed) {
    log("info", "generation_failed", { generationId: id, reason });
    void deps.scheduler.wakeSubmissions(); // a slot at the upstream is free
  }
  return changed;
}
