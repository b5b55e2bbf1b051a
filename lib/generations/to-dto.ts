import type { FaceDto, GenerationDto } from "@/lib/client/types";
import type { FaceRow, GenerationRow, OutputRow } from "@/lib/db/types";
import { NO_ANSWER } from "./apply-result";

export const faceUrl = (faceId: string) => `/api/files/faces/${faceId}`;

export function toFaceDto(face: FaceRow): FaceDto {
  return { id: face.id, url: faceUrl(face.id), width: face.width, height: face.height, bytes: face.bytes };
}

export function toGenerationDto(gen: GenerationRow, outputs: OutputRow[]): GenerationDto {
  const failed = gen.status === "failed";
  return {
    id: gen.id,
    status: gen.status,
    params: {
      prompt: gen.prompt,
      negativePrompt: gen.negativePrompt,
      width: gen.width,
      height: gen.height,
      steps: gen.steps,
      guidanceScale: gen.guidanceScale,
      seed: gen.seed,
      base64: gen.base64,
    },
    face: { id: gen.faceId, url: faceUrl(gen.faceId) },
    outputs: [...outputs]
      .sort((a, b) => a.idx - b.idx)
      .map((o) => ({
        url: `/api/files/outputs/${gen.id}/${o.idx}`,
        thumbUrl: `/api/files/thumbs/${gen.id}/${o.idx}`,
        width: o.width,
        height: o.height,
        bytes: o.bytes,
      })),
    createdAt: new Date(gen.createdAt).toISOString(),
    completedAt: gen.completedAt ? new Date(gen.completedAt).toISOString() : null,
    etaAt: gen.etaAt && !failed && gen.status !== "succeeded" ? new Date(gen.etaAt).toISOString() : null,
    generationTimeSeconds: gen.generationTime,
    failure: failed ? { reason: gen.failureReason ?? "unknown", message: gen.failureMessage ?? "The job failed." } : null,
    notice: gen.status === "processing" && gen.failureReason === NO_ANSWER ? "The service did not answer; your job is still being checked." : null,
    simulated: gen.simulated,
  };
}
