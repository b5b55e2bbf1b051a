import "server-only";
import { createGate, GateFullError, type Gate } from "@/lib/concurrency/gate";
import { AppError } from "@/lib/errors";

// Decoding a 20 MP photo takes ~64 MB and most of a core: two at a time keep memory bounded on 2 cores.
// Waiting uploads sit on disk, so the queue bounds the wait (24 × ~0.3 s / 2 ≈ 4 s), not memory.
const FACE_WORK = { concurrency: 2, maxWaiting: 24 } as const;
const RETRY_AFTER_SECONDS = 5;

const g = globalThis as typeof globalThis & { __faceWorkGate?: Gate };

/** The process-wide gate around face validation (decode + re-encode). */
export function faceWorkGate(): Gate {
  g.__faceWorkGate ??= createGate(FACE_WORK);
  return g.__faceWorkGate;
}

const busy = () =>
  new AppError("unavailable", "The server is busy processing photos. Please try again in a few seconds.", { retryAfterSeconds: RETRY_AFTER_SECONDS });

/** Refuses before reading a body the server could not process anyway. */
export function assertFaceCapacity(): void {
  if (faceWorkGate().full) throw busy();
}

/** Runs `task` in a face-work slot; 503 with Retry-After when too many already wait. */
export async function withFaceSlot<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  try {
    return await faceWorkGate().run(task, signal);
  } catch (error) {
    if (error instanceof GateFullError) throw busy();
    if (signal?.aborted) throw new AppError("bad_request", "The upload was cancelled.");
    throw error;
  }
}
