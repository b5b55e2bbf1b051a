// The face check's Web Worker: takes the prepared photo's pixels (an ImageBitmap, transferred), runs the
// BlazeFace detector (@vladmandic/human on TensorFlow.js's WebAssembly backend) and measures sharpness and light,
// all off the main thread, so the page stays responsive while the ~2 MB library compiles. The photo never
// leaves the device: the model and the WebAssembly files come from this app's own public/face-check/
// (scripts/copy-face-model.mjs).
// The thresholds and the verdict are lib/images/face-check.ts; the main-thread side is lib/client/face-check.ts.
import { Human, type Config } from "@vladmandic/human";
import {
  FACE_CHECK,
  faceSquare,
  judgeFaceCheck,
  largestFace,
  meanLuma,
  sharpness,
  sharpnessSide,
  toGrey,
  type Box,
  type DetectedFace,
  type FaceCheckResult,
} from "@/lib/images/face-check";

/** `draw`: the pixels into BlazeFace's square; `load`: waiting for the detector after that (0 when warm). */
export type FaceCheckTimings = { load: number; draw: number; detect: number; measure: number; total: number };
export type WorkerRequest = { id: number; kind: "warm" } | { id: number; kind: "check"; pixels: ImageBitmap };
export type WorkerReply =
  | { id: number; kind: "warm"; ms: number }
  | { id: number; kind: "result"; result: FaceCheckResult; timings: FaceCheckTimings }
  | { id: number; kind: "error"; message: string };

const BASE = "/face-check/";
/**
 * BlazeFace's input is 256×256, so the photo is drawn letterboxed into exactly that square: no distortion, and
 * one input shape for every photo. A new shape costs TensorFlow.js 0.1–1.4 s of set-up, so the same shape for
 * every photo (and for the warm-up) is what keeps the second check fast.
 */
const DETECT_SIDE = 256;
/** Sharpness and light are measured on the inner part of the detector's box (it adds hair and chin: ×1.4). */
const FACE_INSET = 0.7;

const config: Partial<Config> = {
  backend: "wasm",
  wasmPath: BASE,
  modelBasePath: BASE,
  // The model comes over HTTP from this app; nothing is written to IndexedDB.
  cacheModels: false,
  debug: false,
  async: true,
  warmup: "none",
  cacheSensitivity: 0,
  filter: { enabled: false },
  gesture: { enabled: false },
  body: { enabled: false },
  hand: { enabled: false },
  object: { enabled: false },
  segmentation: { enabled: false },
  face: {
    enabled: true,
    detector: { enabled: true, modelPath: "blazeface.json", rotation: false, maxDetected: 10, minConfidence: 0.3, iouThreshold: 0.2, return: false },
    mesh: { enabled: false },
    iris: { enabled: false },
    attention: { enabled: false },
    description: { enabled: false },
    emotion: { enabled: false },
    antispoof: { enabled: false },
    liveness: { enabled: false },
  },
} as Partial<Config>;

let human: Promise<Human> | null = null;
/** Photos being checked: when one waits for the detector, its own first inference is the warm-up. */
let photosWaiting = 0;

function loadHuman(): Promise<Human> {
  human ??= (async () => {
    const h = new Human(config);
    await h.load();
    await h.init();
    // The first inference is several times slower than the next (WebAssembly memory and kernels are set up):
    // pay it on a blank square while no photo is there yet (the person is still choosing, or it is being
    // prepared) — but not when a photo already waits, which would then wait for one inference more.
    if (photosWaiting === 0) await h.detect(new OffscreenCanvas(DETECT_SIDE, DETECT_SIDE));
    return h;
  })().catch((error: unknown) => {
    human = null;
    throw error;
  });
  return human;
}

function canvas(width: number, height: number) {
  const c = new OffscreenCanvas(width, height);
  const ctx = c.getContext("2d", { willReadFrequently: true });
  if (!ctx) throw new Error("2D canvas is unavailable in this worker");
  return { c, ctx };
}

/** Greyscale statistics of `region` of the full-size bitmap, resampled to at most `sharpnessCrop` a side. */
function measure(bitmap: ImageBitmap, region: Box): { sharpness: number; luma: number } {
  const long = Math.max(region.width, region.height);
  const side = sharpnessSide(long);
  const width = Math.max(3, Math.round((region.width / long) * side));
  const height = Math.max(3, Math.round((region.height / long) * side));
  const { ctx } = canvas(width, height);
  ctx.imageSmoothingQuality = "high";
  ctx.drawImage(bitmap, region.x, region.y, region.width, region.height, 0, 0, width, height);
  const grey = toGrey(ctx.getImageData(0, 0, width, height));
  return { sharpness: sharpness(grey), luma: meanLuma(grey) };
}

async function check(bitmap: ImageBitmap): Promise<{ result: FaceCheckResult; timings: FaceCheckTimings }> {
  const start = performance.now();
  photosWaiting += 1;
  const loading = loadHuman();
  try {
    // Letterboxed: photo pixel (x, y) is at (offsetX + x·k, offsetY + y·k) in the square.
    const k = DETECT_SIDE / Math.max(bitmap.width, bitmap.height);
    const offsetX = (DETECT_SIDE - bitmap.width * k) / 2;
    const offsetY = (DETECT_SIDE - bitmap.height * k) / 2;
    const { c, ctx } = canvas(DETECT_SIDE, DETECT_SIDE);
    ctx.imageSmoothingQuality = "high";
    ctx.drawImage(bitmap, offsetX, offsetY, bitmap.width * k, bitmap.height * k);
    const drawn = performance.now();
    const h = await loading;
    const loaded = performance.now();
    const found = await h.detect(c);
    // Back to the prepared photo's own pixels.
    const px = (x: number) => (x - offsetX) / k;
    const py = (y: number) => (y - offsetY) / k;
    const point = (p: readonly (number | undefined)[] | undefined) => (p ? { x: px(p[0] ?? 0), y: py(p[1] ?? 0) } : undefined);
    const faces: DetectedFace[] = found.face.map((f) => {
      const [x = 0, y = 0, w = 0, hh = 0] = f.box;
      const leftEye = point(f.annotations.leftEye?.[0]);
      const rightEye = point(f.annotations.rightEye?.[0]);
      const nose = point(f.annotations.nose?.[0]);
      return {
        box: { x: px(x), y: py(y), width: w / k, height: hh / k },
        score: f.boxScore,
        ...(leftEye && rightEye && nose ? { landmarks: { leftEye, rightEye, nose } } : {}),
      };
    });
    const detected = performance.now();
    // The largest face's inner square, else the whole photo.
    const face = largestFace(faces.filter((f) => f.score >= FACE_CHECK.minScore));
    const region = face
      ? faceSquare(
          {
            x: face.box.x + (face.box.width * (1 - FACE_INSET)) / 2,
            y: face.box.y + (face.box.height * (1 - FACE_INSET)) / 2,
            width: face.box.width * FACE_INSET,
            height: face.box.height * FACE_INSET,
          },
          bitmap.width,
          bitmap.height,
        )
      : { x: 0, y: 0, width: bitmap.width, height: bitmap.height };
    const stats = measure(bitmap, region);
    const result = judgeFaceCheck({ width: bitmap.width, height: bitmap.height, scale: 1, faces, ...stats });
    const end = performance.now();
    return {
      result,
      timings: { load: Math.round(loaded - drawn), draw: Math.round(drawn - start), detect: Math.round(detected - loaded), measure: Math.round(end - detected), total: Math.round(end - start) },
    };
  } finally {
    photosWaiting -= 1;
    bitmap.close();
  }
}

// Typed by hand: the project's TypeScript lib is "dom", whose globals clash with "webworker".
const scope = self as unknown as { postMessage: (message: WorkerReply) => void; onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null };
scope.onmessage = async (event) => {
  const request = event.data;
  const reply = (message: WorkerReply) => scope.postMessage(message);
  try {
    if (request.kind === "warm") {
      const start = performance.now();
      await loadHuman();
      reply({ id: request.id, kind: "warm", ms: Math.round(performance.now() - start) });
    } else {
      reply({ id: request.id, kind: "result", ...(await check(request.pixels)) });
    }
  } catch (error) {
    reply({ id: request.id, kind: "error", message: error instanceof Error ? error.message : String(error) });
  }
};
