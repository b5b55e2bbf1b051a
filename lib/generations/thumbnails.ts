import "server-only";
import { createGate } from "@/lib/concurrency/gate";
import { getOutput } from "@/lib/db/queries/outputs";
import { makeThumbnail } from "@/lib/images/output";
import { log } from "@/lib/log";
import type { GenerationDeps } from "./deps";

export type ThumbSource = { generationId: string; idx: number; path: string; thumbPath: string };
type Deps = Pick<GenerationDeps, "db" | "storage">;

// Thumbnails are never urgent enough to take both cores from requests.
const gate = createGate({ concurrency: 1, maxWaiting: Number.POSITIVE_INFINITY });
const inflight = new Map<string, Promise<boolean>>();
const background = new Set<Promise<unknown>>();

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
  for (const source of sources) {
    const task = ensureThumbnail(deps, source)
      .catch((e: unknown) => log("warn", "thumbnail_failed", { generationId: source.generationId, idx: source.idx, detail: e instanceof Error ? e.message : String(e) }))
      .finally(() => background.delete(task));
    background.add(task);
  }
}

/** Tests: resolves once no background thumbnail is being made. */
export async function thumbnailsIdle(): Promise<void> {
  while (background.size > 0) await Promise.allSettled([...background]);
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
