import "server-only";
import { getFace } from "@/lib/db/queries/faces";
import { claimNextWaiting, extendQueuePause, getGeneration, getQueuePause, returnToQueue } from "@/lib/db/queries/generations";
import type { GenerationRow } from "@/lib/db/schema";
import { log } from "@/lib/log";
import type { MakeGenInput } from "@/lib/modelslab/types";
import { applyUpstreamResult, failGeneration } from "./lifecycle";
import { refundQuota } from "./quotas";
import type { GenerationDeps } from "./runtime";

// The submission queue. ModelsLab's dedicated servers accept only a few queued requests per key and answer
// 429 past that, so a team adding 50 photos must not fire 50 make_gen calls at once. Every new job (home
// page, variations, team shoots alike) waits here as a `queued` row with no `submitted_at`; the queue sends
// the oldest ones while fewer than MODELSLAB_MAX_IN_FLIGHT jobs are unfinished at the upstream. A 429 puts
// the job back at the head of the line and pauses every submission for its retry_after.
//
// Nothing lives only in memory that matters: the line is the table, so a restart loses nothing (the sweeper
// pumps the queue on its first pass), and a job is claimed by a compare-and-set on `submitted_at`, so it is
// sent at most once. A job that was claimed but got no answer stays in flight until it times out: it may
// exist upstream, and sending it again could pay twice.
//
// The app does not call pumpQueue itself: it wakes the scheduler (lib/generations/jobs), whose submissions handler is this
// pump — run in-process at once (embedded), or by one instance at a time (pg-boss). Across instances the cap
// holds because the count and the claim are in the database, not because of who pumps; on Postgres the two
// are one atomic step (lib/db's Postgres form takes an advisory lock). The 429 pause is in the database too
// (upstream_state), so a refusal seen by one instance holds back every instance's pump until retry_after.

/** Refusals (429) of one job before it fails instead of waiting again. */
export const MAX_RATE_LIMITED = 3;
const DEFAULT_RETRY_AFTER_S = 30;

type QueueState = {
  /** Wakes this process's pump when the pause it set ends (another instance's sweep would, later, anyway). */
  resumeTimer: NodeJS.Timeout | null;
  /** 429s per job, since it last waited; lost on a restart, which only allows a few more tries. */
  refusals: Map<string, number>;
  /** Submissions running in this process, so a create can wait for its own job's make_gen answer. */
  running: Map<string, Promise<GenerationRow | undefined>>;
  /** Resolves once the last claimed job has sent its make_gen (or ended before): the next one sends after it. */
  lastSent: Promise<void>;
};

const g = globalThis as typeof globalThis & { __headshotQueue?: QueueState };
const state = (): QueueState => (g.__headshotQueue ??= { resumeTimer: null, refusals: new Map(), running: new Map(), lastSent: Promise.resolve() });

/**
 * Sends waiting jobs, oldest first, while the upstream has a free slot and no 429 pause is running. Each
 * claim counts the slots and takes the oldest waiting job in one transaction (claimNextWaiting), so two
 * pumps (or two processes) never overfill the slots.
 */
export async function pumpQueue(deps: GenerationDeps): Promise<void> {
  const s = state();
  if ((await getQueuePause(deps.db)) > deps.now()) return;
  // Each submission sends its make_gen only after the one claimed before it (in this pump or an earlier one)
  // has sent its own, so the upstream sees them oldest first: reading the face photos runs in parallel and
  // may finish in any order.
  for (;;) {
    const next = await claimNextWaiting(deps.db, deps.config.maxInFlight, deps.now());
    if (!next) return;
    let markSent = (): void => {};
    const sent = new Promise<void>((resolve) => (markSent = resolve));
    const run = submit(deps, next, s.lastSent, markSent)
      .catch(async (error: unknown) => {
        log("error", "submit_failed", { generationId: next.id, detail: error instanceof Error ? error.message : String(error) });
        return await getGeneration(deps.db, next.id);
      })
      .finally(() => {
        markSent(); // also when it ended before sending: the next one must not wait for ever
        s.running.delete(next.id);
      });
    s.running.set(next.id, run);
    s.lastSent = sent;
  }
}

/**
 * Puts a new job in line and starts the queue. When the job got a slot at once, waits for the upstream's
 * first answer (a sync upstream finishes inside the request, as before the queue); otherwise answers with
 * the job still waiting.
 */
export async function enqueue(deps: GenerationDeps, gen: GenerationRow): Promise<GenerationRow> {
  await deps.scheduler.wakeSubmissions(); // embedded: pumps here and now; shared: the pump may run on another instance
  const running = state().running.get(gen.id);
  return ((running && (await running)) || await getGeneration(deps.db, gen.id)) ?? gen;
}

/** Test hook: forget this process's timer and refusal counts (tests share one process; the pause is the database's). */
export function resetQueueState(): void {
  const s = state();
  if (s.resumeTimer) clearTimeout(s.resumeTimer);
  Object.assign(s, { resumeTimer: null, lastSent: Promise.resolve() });
  s.refusals.clear();
}

async function submit(deps: GenerationDeps, gen: GenerationRow, previousSent: Promise<void>, markSent: () => void): Promise<GenerationRow | undefined> {
  const input = await buildMakeGenInput(deps, gen);
  if (!input) {
    if (await failGeneration(deps, gen.id, "invalid_request", "The face photo for this job is no longer available.")) await refundQuota(deps.db, gen.id, deps.now());
    return await getGeneration(deps.db, gen.id);
  }
  await previousSent;
  const answer = deps.upstream.makeGen(input);
  markSent();
  const result = await answer;
  const s = state();
  if (result.kind === "failed" && result.reason === "rate_limited" && !result.ambiguous) {
    const refusals = (s.refusals.get(gen.id) ?? 0) + 1;
    // Refused outright (never accepted), so waiting again cannot pay twice; but not for ever.
    if (refusals < MAX_RATE_LIMITED && await returnToQueue(deps.db, gen.id, deps.now())) {
      s.refusals.set(gen.id, refusals);
      await pause(deps, result.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_S);
      log("warn", "upstream_queue_full", { generationId: gen.id, refusals, retryAfterSeconds: result.retryAfterSeconds });
      return await getGeneration(deps.db, gen.id);
    }
  }
  s.refusals.delete(gen.id);
  await applyUpstreamResult(deps, gen.id, result, "make_gen");
  return await getGeneration(deps.db, gen.id);
}

/** Pauses every instance's submissions until now + `seconds` (a later pause already set is kept), and wakes the queue then. */
async function pause(deps: GenerationDeps, seconds: number): Promise<void> {
  const s = state();
  const until = await extendQueuePause(deps.db, deps.now() + seconds * 1000);
  if (s.resumeTimer) clearTimeout(s.resumeTimer);
  s.resumeTimer = setTimeout(
    () => {
      void deps.scheduler.wakeSubmissions(); // a failing pump is logged by the scheduler; the sweeper wakes it again
    },
    Math.max(0, until - deps.now()),
  );
  s.resumeTimer.unref();
}

/** Builds the make_gen request for a stored generation. Same row → byte-identical request body. */
async function buildMakeGenInput(deps: GenerationDeps, gen: GenerationRow): Promise<MakeGenInput | null> {
  const face = await getFace(deps.db, gen.faceId);
  if (!face) return null;
  const base = deps.config.publicBaseUrl;
  let faceImage: MakeGenInput["faceImage"];
  if (gen.faceToken && base) {
    faceImage = { kind: "url", url: `${base}/api/public/faces/${gen.faceToken}` };
  } else {
    const bytes = await deps.storage.get(face.path);
    if (!bytes) return null;
    faceImage = { kind: "base64", dataUri: `data:${face.mime};base64,${bytes.toString("base64")}` };
  }
  return {
    prompt: gen.prompt,
    negativePrompt: gen.negativePrompt,
    faceImage,
    width: gen.width,
    height: gen.height,
    steps: gen.steps,
    guidanceScale: gen.guidanceScale,
    seed: gen.seed,
    base64: gen.base64 || faceImage.kind === "base64",
    webhookUrl: base ? `${base}/api/webhooks/modelslab/${gen.webhookSecret}` : null,
    trackId: gen.id,
  };
}
