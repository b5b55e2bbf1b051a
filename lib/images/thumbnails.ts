import "server-only";
import sharp from "sharp";
import type { Db } from "@/lib/db/client";
import { getOutput } from "@/lib/db/queries/outputs";
import { log } from "@/lib/log";
import type { BlobStore } from "@/lib/storage/blob-store";
import { imageErrors } from "./face";
import { FACE_LIMITS } from "./limits";
import { createGate } from "./upload-gate";

// The WebP thumbnail of each output: how one is made, and when (in a quiet moment after its job, or on the
// first request for it).

const THUMB = { longSide: 512, webpQuality: 75 } as const;

/**
 * A WebP preview, at most 512 px on its long side (under 30 KB for 1024 px photos in tests). Effort 2 without
 * smart subsampling: 26 ms instead of 60 ms for a 1024 px photo, for about 5 % more bytes.
 */
export async function makeThumbnail(png: Buffer): Promise<{ bytes: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(png, { limitInputPixels: FACE_LIMITS.maxPixels, failOn: "error" })
    .rotate()
    .resize({ width: THUMB.longSide, height: THUMB.longSide, fit: "inside", withoutEnlargement: true })
    .webp({ quality: THUMB.webpQuality, effort: 2, smartSubsample: false })
    .toBuffer({ resolveWithObject: true })
    .catch((e: unknown) => {
      throw imageErrors.unreadable(`thumbnail failed: ${e instanceof Error ? e.message : String(e)}`);
    });
  return { bytes: data, width: info.width, height: info.height };
}

/**
 * Work that can wait for a quiet moment: items run one at a time once nothing new has been pushed for
 * `quietMs`, or once the oldest has waited `maxDelayMs` (so a steady stream cannot starve them).
 */
export type QuietQueue<T> = {
  push(item: T): void;
  /** Runs everything queued now, and resolves once the queue is empty and nothing is running. */
  flush(): Promise<void>;
  readonly size: number;
};

// `run` should handle its own errors; one that throws anyway is dropped so the queue keeps going.
type QuietQueueOptions<T> = { quietMs: number; maxDelayMs: number; run: (item: T) => Promise<void>; now?: () => number };

export function createQuietQueue<T>({ quietMs, maxDelayMs, run, now = Date.now }: QuietQueueOptions<T>): QuietQueue<T> {
  const queue: Array<{ item: T; at: number }> = [];
  let lastPush = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let draining: Promise<void> | undefined;

  const due = () => {
    const oldest = queue[0];
    if (!oldest) return Number.POSITIVE_INFINITY;
    return Math.min(lastPush + quietMs, oldest.at + maxDelayMs) - now();
  };

  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (queue.length === 0 || draining) return;
    timer = setTimeout(() => void drain(false), Math.max(0, due()));
    timer.unref?.();
  };

  const drain = (force: boolean): Promise<void> => {
    draining ??= (async () => {
      // Between items, give way again if work has arrived meanwhile and nothing is overdue.
      for (let next = queue.shift(); next; next = force || due() <= 0 ? queue.shift() : undefined) await run(next.item).catch(() => undefined);
    })().finally(() => {
      draining = undefined;
      schedule();
    });
    return draining;
  };

  return {
    push(item) {
      lastPush = now();
      queue.push({ item, at: lastPush });
      schedule();
    },
    async flush() {
      while (queue.length > 0 || draining) await drain(true);
    },
    get size() {
      return queue.length;
    },
  };
}

export type ThumbSource = { generationId: string; idx: number; path: string; thumbPath: string };
type Deps = { db: Db; storage: BlobStore };

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
export async function ensureThumbnailOf(deps: Deps, generationId: string, idx: number): Promise<Promise<boolean>> {
  const row = await getOutput(deps.db, generationId, idx);
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
  await deps.storage.put(source.thumbPath, thumb.bytes, "image/webp");
  // The job may have been deleted meanwhile (rows first, then files): leave no orphan behind.
  if (!await getOutput(deps.db, source.generationId, source.idx)) {
    await deps.storage.delete(source.thumbPath);
    return false;
  }
  return true;
}
