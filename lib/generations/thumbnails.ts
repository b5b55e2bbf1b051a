import "server-only";
import { createGate } from "@/lib/concurrency/gate";
import { createQuietQueue } from "@/lib/concurrency/quiet-queue";
import { getOutput } from "@/lib/db/queries/outputs";
import { makeThumbnail } from "@/lib/images/output";
import { log } from "@/lib/log";
import type { GenerationDeps } from "./runtime";

export type ThumbSource = { generationId: string; idx: number; path: string; thumbPath: string };
type Deps = Pick<GenerationDeps, "db" | "storage">;

// Thumbnails are never urgent enough to take both cores from requests.
const gate = createGate({ concurrency: 1, maxWaiting: Number.POSITIVE_INFINITY });
const inflight = new Map<string, Promise<boolean>>();

// A thumbnail costs ~11 ms of CPU, as much as the rest of a job. During a burst of jobs they wait until no
// job has finished for a moment (at most 30 s), so they do not slow the jobs and polls still running; a
// gallery opened meanwhile gets each missing one made on its first request.
const later = createQuietQueue<{ deps: Deps; source: ThumbSource }>({
  quietMs: 300,
  maxDelayMs: 30_000,
  run: ({ deps, source }) =>
    ensureThumbnail(deps, source).then(
      () => undefined,
      (e: unknown) => log("warn", "thumbnail_failed", { generationId: source.generationId, idx: source.idx, detail: e instanceof Error ? e.message : String(e) }),
    ),
});

/**
 * Makes and stores the thumbnail of one output unless it exists. Resolves false when the output is gone.
 * Concurrent calls for one thumbnail share one run.
 */
export async function ensureThumbnail(deps: Deps, source: ThumbSource): Promise<boolean> {
  if (await deps.storage.stat(source.thumbPath)) return true;
  let run = inflight.get(source.thumbPath);
  if (!run) {
    run = build(deps, source).finally(() => inflight.delete(source.thumbPath));
    inflight.set(source.thumbPath, run);
  }
  return run;
}

/** The files route's fallback: the thumbnail of output `idx` of a job, made now if it was not yet. */
export function ensureThumbnailOf(deps: Deps, generationId: string, idx: number): Promise<boolean> {
  const row = getOutput(deps.db, generationId, idx);
  return row ? ensureThumbnail(deps, { generationId, idx, path: row.path, thumbPath: row.thumbPath }) : Promise.resolve(false);
}

/**
 * Called once a job is marked succeeded, so the thumbnail is not on its response path. A failure (or a
 * crash before this runs) only logs: the files route makes a missing thumbnail on first request.
 */
export function makeThumbnailsLater(deps: Deps, sources: ThumbSource[]): void {
  for (const source of sources) later.push({ deps, source });
}

/** Tests: makes every queued thumbnail now and resolves once none is being made. */
export async function thumbnailsIdle(): Promise<void> {
  await later.flush();
  while (inflight.size > 0) await Promise.allSettled([...inflight.values()]);
}

async function build(deps: Deps, source: ThumbSource): Promise<boolean> {
  const output = await deps.storage.get(source.path);
  if (!output) return false;
  const thumb = await gate.run(() => makeThumbnail(output));
  await deps.storage.put(source.thumbPath, thumb.bytes);
  // The job may have been deleted meanwhile (rows first, then files): leave no orphan behind.
  if (!getOutput(deps.db, source.generationId, source.idx)) {
    await deps.storage.delete(source.thumbPath);
    return false;
  }
  return true;
}
