import { needsConfirmation } from "@/lib/images/face-check";
import type { FaceCheckState } from "./face-check-state";
import type { PreparedFace } from "./prepare-face";
import type { FaceCheckTimings, WorkerReply, WorkerRequest } from "./face-check.worker";

// The main-thread side of the face check: one Web Worker per page (lib/client/face-check.worker.ts) holds the
// detector once loaded, so the second photo is checked warm. Imported only once a photo is chosen
// (components/upload/use-face-preparation.ts), and importing it starts loading the worker (~1.6 MB of code),
// the model and the WebAssembly while the photo is still being prepared.

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

type Ask = { kind: "warm" } | { kind: "check"; photo: Blob };

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
    ensureWorker().postMessage(message);
  });
}

/** The detector is loaded in this page: the next check is a warm one. */
export const faceCheckLoaded = () => loaded;

/** Starts loading the worker and the detector (when a photo is chosen, while it is still being prepared). */
export function warmFaceCheck(): Promise<void> {
  if (typeof Worker === "undefined" || typeof OffscreenCanvas === "undefined") return Promise.resolve();
  warming ??= ask({ kind: "warm" }).then((reply) => {
    if (reply.kind === "warm") loaded = true;
    else warming = null;
  });
  return warming;
}

export type FaceCheckRun = { state: FaceCheckState; timings: FaceCheckTimings | null };

/** Checks a prepared photo. Never throws: a check that cannot run reports "unavailable". */
export function checkFace(photo: Blob): Promise<FaceCheckRun> {
  const run = (async (): Promise<FaceCheckRun> => {
    if (typeof Worker === "undefined" || typeof OffscreenCanvas === "undefined") return { state: { status: "unavailable" }, timings: null };
    performance.mark("face-check-start");
    const reply = await ask({ kind: "check", photo });
    if (reply.kind !== "result") return { state: { status: "unavailable" }, timings: null };
    loaded = true;
    // For bench/face-check.ts and the browser's performance panel: what the worker spent, and on what.
    performance.mark("face-check", { detail: { timings: reply.timings, result: reply.result } });
    return { state: { status: "done", result: reply.result, blocking: needsConfirmation(reply.result), confirmed: false }, timings: reply.timings };
  })();
  settled.set(
    photo,
    run.then((r) => r.state),
  );
  return run;
}

/**
 * Starts the check of a prepared photo: returns it with `check` "checking" at once, and hands `publish` the
 * same photo with the verdict when it comes (the caller ignores it if another photo was chosen meanwhile).
 */
export function checkPrepared(face: PreparedFace, publish: (next: PreparedFace) => void): PreparedFace {
  const firstRun = !loaded;
  void checkFace(face.file).then(({ state }) => publish({ ...face, check: state }));
  return { ...face, check: { status: "checking", firstRun } };
}

/** The outcome of the check started for `photo` (for a submit pressed while it runs), or null if none was. */
export const settledFaceCheck = (photo: Blob): Promise<FaceCheckState> | null => settled.get(photo) ?? null;

void warmFaceCheck();
