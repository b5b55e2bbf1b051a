// Bundled by bench/lib/browser-bundle.ts into a plain page: the app's real prepareFace, timed in Chromium.
import { prepareFace } from "@/lib/client/prepare-face";

export type PrepareRun = { ms: number; bytes: number; originalBytes: number; width: number; height: number; base64: string };

async function run(input: HTMLInputElement): Promise<PrepareRun> {
  const file = input.files?.[0];
  if (!file) throw new Error("no file chosen");
  const t0 = performance.now();
  const face = await prepareFace(file);
  const ms = performance.now() - t0;
  URL.revokeObjectURL(face.previewUrl);
  const bytes = new Uint8Array(await face.file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { ms, bytes: face.bytes, originalBytes: face.originalBytes, width: face.width, height: face.height, base64: btoa(binary) };
}

(globalThis as typeof globalThis & { benchPrepare?: typeof run }).benchPrepare = run;
