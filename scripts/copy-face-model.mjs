// Copies the face check's model and WebAssembly files out of their npm packages into public/face-check/, so the
// app serves them itself (nothing is fetched from another host). Run by `npm run build`/`npm run dev` (pre-hooks),
// by `npm start` and `npm test` (scripts/lib/build-if-stale.mjs) and so by CI. Idempotent: a file already there
// with the same bytes is left alone (its mtime too, so it does not make the build look stale).
//
//   @vladmandic/human/models/blazeface.{json,bin}      the BlazeFace detector (~0.6 MB)
//   @tensorflow/tfjs-backend-wasm/dist/*.wasm           TensorFlow.js's WebAssembly backend, plain and SIMD
//
// The WebAssembly files must match the TensorFlow.js that Human bundles, so the versions are checked here.
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const OUT = path.join(ROOT, "public", "face-check");
const require = createRequire(path.join(ROOT, "package.json"));

const packageDir = (name) => path.join(ROOT, "node_modules", ...name.split("/"));
const humanDir = packageDir("@vladmandic/human");
const wasmDir = packageDir("@tensorflow/tfjs-backend-wasm");

/** The public/face-check file names, each with where it comes from. */
export const FACE_MODEL_FILES = [
  ["blazeface.json", path.join(humanDir, "models", "blazeface.json")],
  ["blazeface.bin", path.join(humanDir, "models", "blazeface.bin")],
  ["tfjs-backend-wasm.wasm", path.join(wasmDir, "dist", "tfjs-backend-wasm.wasm")],
  ["tfjs-backend-wasm-simd.wasm", path.join(wasmDir, "dist", "tfjs-backend-wasm-simd.wasm")],
  // Only used where the page is cross-origin isolated (SharedArrayBuffer); copied so that case does not 404.
  ["tfjs-backend-wasm-threaded-simd.wasm", path.join(wasmDir, "dist", "tfjs-backend-wasm-threaded-simd.wasm")],
];

function bundledTfjsVersion() {
  const text = readFileSync(path.join(humanDir, "dist", "tfjs.version.js"), "utf8");
  const match = /"tfjs-backend-wasm":(\w+)/.exec(text);
  const variable = match?.[1];
  const value = variable ? new RegExp(`var ${variable}="([^"]+)"`).exec(text)?.[1] : undefined;
  if (!value) throw new Error("copy-face-model: cannot read the TensorFlow.js version bundled in @vladmandic/human");
  return value;
}

const same = (a, b) => existsSync(b) && readFileSync(a).equals(readFileSync(b));

export function copyFaceModel() {
  const wasmVersion = require("@tensorflow/tfjs-backend-wasm/package.json").version;
  const bundled = bundledTfjsVersion();
  if (wasmVersion !== bundled) {
    throw new Error(`copy-face-model: @tensorflow/tfjs-backend-wasm is ${wasmVersion} but @vladmandic/human bundles TensorFlow.js ${bundled}; install @tensorflow/tfjs-backend-wasm@${bundled}`);
  }
  mkdirSync(OUT, { recursive: true });
  let copied = 0;
  for (const [name, from] of FACE_MODEL_FILES) {
    const to = path.join(OUT, name);
    if (same(from, to)) continue;
    copyFileSync(from, to);
    copied += 1;
  }
  return copied;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const copied = copyFaceModel();
  if (copied > 0) console.log(`copy-face-model: ${copied} file(s) copied to public/face-check/`);
}
