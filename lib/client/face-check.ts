import { needsConfirmation } from "@/lib/images/face-check";
import type { FaceCheckState } from "./face-check-state";
import type { PreparedFace } from "./prepare-face";
import type { FaceCheckTimings, WorkerReply, WorkerRequest } from "./face-check.worker";

// The main-thread side of the face check: one Web Worker per page (lib/client/face-check.worker.ts) holds the
// detector once loaded, so the second photo is checked warm. Imported only when the person shows they are about
// to choose a photo (opening the picker, a drag entering the page — components/upload/use-face-preparation.ts)
// or chooses one, and importing it starts loading the worker (~1.6 MB of code), the model and the WebAssembly.
// The worker is handed the prepared photo's pixels (prepareFace's `onPixels`), not its JPEG: nothing is decoded
// twice, and the check runs while the JPEG is still being encoded.

/** A check that has not answered by then is given up: the person is never held up by it. */
const CHECK_TIMEOUT_MS = 30_000;

let worker: Worker | null = null;
let nextId = 1;
let loaded = false;
let warming: Promise<void> | null = null;
const waiting = new Map<number, (reply: WorkerReply) => void>();
const settled = new WeakMap<Blob, Promise<FaceCheckState>>();

function ensureWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL("./face-check.worker.ts", import.meta.url), { type: "module", name: "face-check" });
  w.onmessage = (event: MessageEvent<WorkerReply>) => {
    const done = waiting.get(event.data.id);
    waiting.delete(event.data.id);
    done?.(event.data);
  };
  w.onerror = () => {
    // A worker that failed to start answers nothing: fail every waiting request and start afresh next time.
    for (const [id, done] of waiting) done({ id, kind: "error", message: "The face check stopped." });
    waiting.clear();
    w.terminate();
    if (worker === w) worker = null;
    warming = null;
  };
  worker = w;
  return w;
}

type Ask = { kind: "warm" } | { kind: "check"; pixels: ImageBitmap };

/** Posts `request` (an ImageBitmap in it is transferred, not copied) and resolves with the worker's answer. */
function ask(request: Ask, timeoutMs = CHECK_TIMEOUT_MS): Promise<WorkerReply> {
  const id = nextId++;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      waiting.delete(id);
      resolve({ id, kind: "error", message: "The face check took too long." });
    }, timeoutMs);
    waiting.set(id, (reply) => {
      clearTimeout(timer);
      resolve(reply);
    });
    const message: WorkerRequest = { ...request, id };
    ensureWorker().postMessage(message, request.kind === "check" ? [request.pixels] : []);
  });
}

/** Starts loading the worker and the detector (on import: intent to choose a photo, or the photo itself). */
export function warmFaceCheck(): Promise<void> {
  if (typeof Worker === "undefined" || typeof OffscreenCanvas === "undefined") return Promise.resolve();
  warming ??= ask({ kind: "warm" }).then((reply) => {
    if (reply.kind === "warm") loaded = true;
    else warming = null;
  });
  return warming;
}

export type FaceCheckRun = { state: FaceCheckState; timings: FaceCheckTimings | null };

const UNAVAILABLE: FaceCheckRun = { state: { status: "unavailable" }, timings: null };

/**
 * Checks a prepared photo's pixels (prepareFace's `onPixels`), taking ownership of the bitmap: it is transferred
 * to the worker, which closes it. Never throws: a check that cannot run reports "unavailable".
 */
export async function checkPixels(pixels: ImageBitmap): Promise<FaceCheckRun> {
  if (typeof Worker === "undefined" || typeof OffscreenCanvas === "undefined") {
    pixels.close();
    return UNAVAILABLE;
  }
  performance.mark("face-check-start");
  const reply = await ask({ kind: "check", pixels });
  if (reply.kind !== "result") return UNAVAILABLE;
  loaded = true;
  // For bench/face-check.ts and the browser's performance panel: what the worker spent, and on what.
  performance.mark("face-check", { detail: { timings: reply.timings, result: reply.result } });
  return { state: { status: "done", result: reply.result, blocking: needsConfirmation(reply.result), confirmed: false }, timings: reply.timings };
}

/**
 * Attaches a check already running (`running`, from checkPixels; null when none could start) to the prepared
 * photo: returns it with `check` "checking" at once, and hands `publish` the same photo with the verdict when
 * it comes (the caller ignores it if another photo was chosen meanwhile).
 */
export function checkPrepared(face: PreparedFace, running: Promise<FaceCheckRun | null>, publish: (next: PreparedFace) => void): PreparedFace {
  const firstRun = !loaded;
  const state = running.then((run) => (run ?? UNAVAILABLE).state);
  settled.set(face.file, state);
  void state.then((check) => publish({ ...face, check }));
  return { ...face, check: { status: "checking", firstRun } };
}

/** The outcome of the check started for `photo` (for a submit pressed while it runs), or null if none was. */
export const settledFaceCheck = (photo: Blob): Promise<FaceCheckState> | null => settled.get(photo) ?? null;

void warmFaceCheck();
