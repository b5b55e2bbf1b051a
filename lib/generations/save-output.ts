import "server-only";
import { inspectOutput } from "@/lib/images/face";
import type { UpstreamOutput } from "@/lib/modelslab/types";
import type { GenerationDeps } from "./deps";

const EXT: Record<string, string> = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" };

/**
 * Downloads and keeps one output (upstream files vanish after 24 h). Its WebP thumbnail is made after the
 * job is marked succeeded (see thumbnails.ts); `thumbPath` is where it will be.
 */
export async function saveOutput(deps: GenerationDeps, generationId: string, idx: number, output: UpstreamOutput) {
  const bytes = await deps.upstream.downloadOutput(output);
  const info = await inspectOutput(bytes);
  const path = `outputs/${generationId}/${idx}.${EXT[info.mime] ?? "png"}`;
  const thumbPath = `thumbs/${generationId}/${idx}.webp`;
  await deps.storage.put(path, bytes);
  return { id: `${generationId}_${idx}`, idx, path, thumbPath, width: info.width, height: info.height, bytes: bytes.length };
}
