import "server-only";
import { inspectOutput, makeThumbnail } from "@/lib/images/output";
import type { UpstreamOutput } from "@/lib/modelslab/types";
import type { GenerationDeps } from "./deps";

const EXT: Record<string, string> = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" };

/** Downloads one output and keeps it with a WebP thumbnail: upstream files vanish after 24 h. */
export async function saveOutput(deps: GenerationDeps, generationId: string, idx: number, output: UpstreamOutput) {
  const bytes = await deps.upstream.downloadOutput(output);
  const info = await inspectOutput(bytes);
  const thumb = await makeThumbnail(bytes);
  const path = `outputs/${generationId}/${idx}.${EXT[info.mime] ?? "png"}`;
  const thumbPath = `thumbs/${generationId}/${idx}.webp`;
  await deps.storage.put(path, bytes);
  await deps.storage.put(thumbPath, thumb.bytes);
  return { id: `${generationId}_${idx}`, idx, path, thumbPath, width: info.width, height: info.height, bytes: bytes.length };
}
