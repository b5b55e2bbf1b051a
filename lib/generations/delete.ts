import "server-only";
import { withTransaction } from "@/lib/db/open";
import { countGenerationsUsingFace, deleteFace, getFace } from "@/lib/db/queries/faces";
import { deleteGeneration, getOwnedGeneration } from "@/lib/db/queries/generations";
import { listOutputs } from "@/lib/db/queries/outputs";
import { AppError } from "@/lib/errors";
import type { GenerationDeps } from "./deps";

/** Removes a generation, its files, and its face photo when no other generation uses it. */
export async function deleteOwnedGeneration(deps: Pick<GenerationDeps, "db" | "storage">, ownerId: string, id: string): Promise<void> {
  const gen = getOwnedGeneration(deps.db, id, ownerId);
  if (!gen) throw new AppError("not_found", "That generation does not exist.");
  const outputs = listOutputs(deps.db, id);
  const face = getFace(deps.db, gen.faceId);
  const removeFace = withTransaction(deps.db, () => {
    deleteGeneration(deps.db, id);
    if (face && countGenerationsUsingFace(deps.db, face.id) === 0) {
      deleteFace(deps.db, face.id);
      return true;
    }
    return false;
  });
  const paths = outputs.flatMap((o) => [o.path, o.thumbPath]);
  if (removeFace && face) paths.push(face.path);
  await Promise.all(paths.map((p) => deps.storage.delete(p)));
}
