import "server-only";
import { insertFaceOrGetExisting } from "@/lib/db/queries/faces";
import type { FaceRow } from "@/lib/db/types";
import { validateAndNormalizeFace } from "@/lib/images/face";
import type { GenerationDeps } from "./deps";
import { newId } from "./ids";

/**
 * Validates, re-encodes (dropping EXIF and GPS) and keeps a face photo. The same photo from the same owner
 * maps to the same face, so a remix sends exactly the original request.
 */
export async function uploadFace(deps: Pick<GenerationDeps, "db" | "storage" | "now">, ownerId: string, input: Buffer): Promise<FaceRow> {
  const face = await validateAndNormalizeFace(input);
  const id = newId("f");
  const path = `faces/${ownerId}/${face.sha256.slice(0, 32)}.jpg`;
  await deps.storage.put(path, face.bytes);
  return insertFaceOrGetExisting(deps.db, {
    id,
    ownerId,
    sha256: face.sha256,
    path,
    mime: face.mime,
    width: face.width,
    height: face.height,
    bytes: face.bytes.length,
    createdAt: deps.now(),
  });
}
