import "server-only";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { getConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { receiveUpload, type ReceivedUpload } from "@/lib/http/upload";
import type { FaceCheckResult } from "@/lib/images/face-check";
import { faceCheckField } from "@/lib/validations/schemas";

// A counting semaphore (`createGate`, also used by thumbnails.ts), the process-wide gate around face
// validation built on it, and the one upload path every route that takes a face photo goes through.

/** Raised by `Gate.run` when every slot is busy and the wait queue is already full. */
export class GateFullError extends Error {
  constructor() {
    super("gate full");
    this.name = "GateFullError";
  }
}

export type Gate = {
  /** Runs `task` when a slot is free; throws GateFullError at once when too many already wait. */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  readonly active: number;
  readonly waiting: number;
  /** A new `run` would be refused right now. */
  readonly full: boolean;
};

/** A counting semaphore with a bounded, first-come first-served wait queue. */
export function createGate({ concurrency, maxWaiting }: { concurrency: number; maxWaiting: number }): Gate {
  let active = 0;
  const queue: Array<() => void> = [];

  const release = () => {
    active -= 1;
    const next = queue.shift();
    next?.();
  };

  const acquire = (signal?: AbortSignal): Promise<void> => {
    signal?.throwIfAborted();
    if (active < concurrency) {
      active += 1;
      return Promise.resolve();
    }
    if (queue.length >= maxWaiting) return Promise.reject(new GateFullError());
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const at = queue.indexOf(start);
        if (at >= 0) queue.splice(at, 1);
        reject(signal?.reason);
      };
      const start = () => {
        signal?.removeEventListener("abort", onAbort);
        active += 1;
        resolve();
      };
      queue.push(start);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  };

  return {
    async run(task, signal) {
      await acquire(signal);
      try {
        return await task();
      } finally {
        release();
      }
    },
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
    get full() {
      return active >= concurrency && queue.length >= maxWaiting;
    },
  };
}

// Decoding a 20 MP photo takes most of a core and tens of MB of native heap, so one photo is decoded at a
// time; waiting uploads sit on disk, so the queue bounds the wait, not memory. The figures behind the
// numbers are in docs/performance.md ("Memory").
export const FACE_WORK = { concurrency: 1, maxWaiting: 24 } as const;
const RETRY_AFTER_SECONDS = 5;

const g = globalThis as typeof globalThis & { __faceWorkGate?: Gate };

/** The process-wide gate around face validation (decode + re-encode). */
export function faceWorkGate(): Gate {
  g.__faceWorkGate ??= createGate(FACE_WORK);
  return g.__faceWorkGate;
}

// 429, not 503: the refusal is back-pressure the client should honour (Retry-After), like a rate limit,
// and the server is healthy.
const busy = () =>
  new AppError("rate_limited", "The server is busy processing photos. Please try again in a few seconds.", { retryAfterSeconds: RETRY_AFTER_SECONDS });

/** Refuses before reading a body the server could not process anyway. */
export function assertFaceCapacity(): void {
  if (faceWorkGate().full) throw busy();
}

/** Runs `task` in a face-work slot; 429 with Retry-After when too many already wait. */
export async function withFaceSlot<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  try {
    return await faceWorkGate().run(task, signal);
  } catch (error) {
    if (error instanceof GateFullError) throw busy();
    if (signal?.aborted) throw new AppError("bad_request", "The upload was cancelled.");
    throw error;
  }
}

/** Runs face work (decode + re-encode) in the process-wide face slot. */
export type FaceSlot = <T>(task: () => Promise<T>) => Promise<T>;
/**
 * A face photo, read only once its turn in the face slot comes (so waiting uploads hold no memory). `check`: the
 * browser's face check sent beside it (validated, stored for display only), or null.
 */
export type Photo = { read: () => Promise<Buffer>; slot?: FaceSlot; check?: FaceCheckResult | null };

/**
 * The multipart photo path of every route that takes a face photo (POST /api/faces, the team shoot and
 * invite routes): refuse early when the face-work queue is full, stream the `file` to a temp file, hand
 * `fn` the other fields and a Photo that is read and processed in the face-work slot, and delete the temp
 * file whatever happens. The optional `check` field (the browser's face check, JSON) is validated here for every
 * such route and handed on as `photo.check`.
 */
export async function withPhotoUpload<T>(request: Request, fn: (upload: ReceivedUpload, photo: Required<Photo>) => Promise<T>): Promise<T> {
  assertFaceCapacity();
  const upload = await receiveUpload(request, path.join(getConfig().dataDir, "tmp"));
  try {
    if (upload.size === 0) throw new AppError("validation", "The file is empty. Choose a photo.", { fields: { file: "The file is empty." } });
    const parsed = faceCheckField.safeParse(upload.fields.check);
    if (!parsed.success) {
      // Its own words for a missing or oversized field; any other shape is just "not valid".
      const issue = parsed.error.issues[0];
      const message = issue && issue.path.length === 0 ? issue.message : "The photo check is not valid.";
      throw new AppError("validation", message, { fields: { check: message } });
    }
    const check = parsed.data;
    return await fn(upload, { read: () => readFile(upload.path), slot: (task) => withFaceSlot(task, request.signal), check });
  } finally {
    await upload.dispose();
  }
}
