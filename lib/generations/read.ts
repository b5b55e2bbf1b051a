import "server-only";
import type { FaceDto, GenerationDto, GenerationListDto } from "@/lib/client/types";
import { getOwnedFace } from "@/lib/db/queries/faces";
import { countWaitingAhead, getOwnedGeneration, listGenerations } from "@/lib/db/queries/generations";
import { getOutput, listOutputs, listOutputsForGenerations } from "@/lib/db/queries/outputs";
import type { FaceRow, GenerationRow, OutputRow } from "@/lib/db/schema";
import type { FaceCheckResult } from "@/lib/images/face-check";
import { faceCheckSchema, type ListQuery } from "@/lib/validations/schemas";
import { NO_ANSWER } from "./lifecycle";
import type { GenerationDeps } from "./runtime";

// What the API hands out: the JSON shapes of faces and generations, the gallery's list, and which stored
// file a file URL means (only for its owner).

export const faceUrl = (faceId: string) => `/api/files/faces/${faceId}`;

/** A stored face check (faces.face_check), read back; anything unreadable counts as none. */
export function readFaceCheck(json: string | null): FaceCheckResult | null {
  if (!json) return null;
  try {
    const parsed = faceCheckSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function toFaceDto(face: FaceRow): FaceDto {
  return { id: face.id, url: faceUrl(face.id), width: face.width, height: face.height, bytes: face.bytes, check: readFaceCheck(face.check) };
}

async function toGenerationDto(db: GenerationDeps["db"], gen: GenerationRow, outputs: OutputRow[]): Promise<GenerationDto> {
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
    queuePosition: gen.status === "queued" && gen.submittedAt === null ? await countWaitingAhead(db, gen) : null,
    simulated: gen.simulated,
  };
}

/** One generation as the API returns it, with its outputs once it succeeded. */
export async function generationDto(deps: Pick<GenerationDeps, "db">, gen: GenerationRow): Promise<GenerationDto> {
  return await toGenerationDto(deps.db, gen, gen.status === "succeeded" ? await listOutputs(deps.db, gen.id) : []);
}

export async function listOwnedGenerations(deps: Pick<GenerationDeps, "db">, ownerId: string, query: ListQuery): Promise<GenerationListDto> {
  const page = await listGenerations(deps.db, { ownerId, status: query.status, q: query.q, cursor: query.cursor, limit: query.limit });
  const outputs = await listOutputsForGenerations(deps.db, page.items.map((g) => g.id));
  return {
    items: await Promise.all(page.items.map((g) => toGenerationDto(deps.db, g, outputs.filter((o) => o.generationId === g.id)))),
    nextCursor: page.nextCursor,
  };
}

export type StoredFile = { key: string; mime: string };

const MIME: Record<string, string> = { png: "image/png", jpg: "image/jpeg", webp: "image/webp" };
const mimeOf = (key: string) => MIME[key.slice(key.lastIndexOf(".") + 1)] ?? "application/octet-stream";

/** Resolves a file URL to a storage key, only for its owner. Anything else is simply not there. */
export async function resolveOwnedFile(deps: Pick<GenerationDeps, "db">, ownerId: string, kind: string, segments: string[]): Promise<StoredFile | null> {
  if (kind === "faces" && segments.length === 1) {
    const face = await getOwnedFace(deps.db, segments[0] ?? "", ownerId);
    return face ? { key: face.path, mime: face.mime } : null;
  }
  if ((kind === "outputs" || kind === "thumbs") && segments.length === 2) {
    const [id = "", idxText = ""] = segments;
    if (!/^\d{1,2}$/.test(idxText) || !await getOwnedGeneration(deps.db, id, ownerId)) return null;
    const output = await getOutput(deps.db, id, Number(idxText));
    if (!output) return null;
    const key = kind === "outputs" ? output.path : output.thumbPath;
    return { key, mime: mimeOf(key) };
  }
  return null;
}
