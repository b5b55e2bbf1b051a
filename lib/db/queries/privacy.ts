import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { UNFINISHED_STATUSES } from "@/lib/validations/generation";
import { withTransaction, type Db } from "../client";
import { faces, generations, outputs, type FaceRow } from "../schema";
import { facesOlderThan } from "./faces";

/** What deleting someone's data removes: generation rows (outputs go by cascade), face rows, and the output files. */
export type OwnedRows = { generationIds: string[]; faces: FaceRow[]; outputPaths: string[] };

/** Every generation made from `faceRows` (whoever owns it), with its output files. */
export async function rowsForFaces(db: Db, faceRows: FaceRow[]): Promise<OwnedRows> {
  const ids = faceRows.map((f) => f.id);
  const gens = ids.length ? db.select({ id: generations.id }).from(generations).where(inArray(generations.faceId, ids)).all() : [];
  return { generationIds: gens.map((g) => g.id), faces: faceRows, outputPaths: outputPathsOf(db, gens.map((g) => g.id)) };
}

/** Every generation and face of one owner, with the output files. */
export async function rowsForOwner(db: Db, ownerId: string): Promise<OwnedRows> {
  const gens = db.select({ id: generations.id }).from(generations).where(eq(generations.ownerId, ownerId)).all();
  const ownFaces = db.select().from(faces).where(eq(faces.ownerId, ownerId)).all();
  return { generationIds: gens.map((g) => g.id), faces: ownFaces, outputPaths: outputPathsOf(db, gens.map((g) => g.id)) };
}

function outputPathsOf(db: Db, generationIds: string[]): string[] {
  if (generationIds.length === 0) return [];
  const rows = db.select({ path: outputs.path, thumb: outputs.thumbPath }).from(outputs).where(inArray(outputs.generationId, generationIds)).all();
  return rows.flatMap((r) => [r.path, r.thumb]);
}

/** Faces uploaded before `cutoffMs` that no running job still needs, oldest first. */
export async function expiredFaces(db: Db, cutoffMs: number, limit: number): Promise<FaceRow[]> {
  const old = await facesOlderThan(db, cutoffMs, limit);
  if (old.length === 0) return [];
  const busy = new Set(
    db
      .select({ faceId: generations.faceId })
      .from(generations)
      .where(and(inArray(generations.faceId, old.map((f) => f.id)), inArray(generations.status, [...UNFINISHED_STATUSES])))
      .all()
      .map((r) => r.faceId),
  );
  return old.filter((f) => !busy.has(f.id));
}

/** Deletes the rows in one transaction (outputs go by cascade); the caller removes the files. */
export async function deleteRows(db: Db, rows: OwnedRows): Promise<void> {
  withTransaction(db, () => {
    for (let i = 0; i < rows.generationIds.length; i += 500) {
      db.delete(generations).where(inArray(generations.id, rows.generationIds.slice(i, i + 500))).run();
    }
    const faceIds = rows.faces.map((f) => f.id);
    for (let i = 0; i < faceIds.length; i += 500) db.delete(faces).where(inArray(faces.id, faceIds.slice(i, i + 500))).run();
  });
}
