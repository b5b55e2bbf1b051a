import "server-only";
import { and, asc, eq, inArray, lt } from "drizzle-orm";
import { UNFINISHED_STATUSES } from "@/lib/validations/generation";
import { withTransaction, type Db } from "../client";
import { faces, generations, outputs, type FaceRow } from "../schema";

/** What deleting someone's data removes: generation rows (outputs go by cascade), face rows, and the output files. */
export type OwnedRows = { generationIds: string[]; faces: FaceRow[]; outputPaths: string[] };

// The reads below are synchronous so that each deletion can list and delete in one transaction: a generation
// created meanwhile (from a face about to go) can then neither be missed nor make the face delete fail.

/** Every generation made from `faceRows` (whoever owns it), with its output files. */
function rowsForFaces(db: Db, faceRows: FaceRow[]): OwnedRows {
  const ids = faceRows.map((f) => f.id);
  const gens = ids.length ? db.select({ id: generations.id }).from(generations).where(inArray(generations.faceId, ids)).all() : [];
  return { generationIds: gens.map((g) => g.id), faces: faceRows, outputPaths: outputPathsOf(db, gens.map((g) => g.id)) };
}

function ownerRows(db: Db, ownerId: string): OwnedRows {
  const gens = db.select({ id: generations.id }).from(generations).where(eq(generations.ownerId, ownerId)).all();
  const ownFaces = db.select().from(faces).where(eq(faces.ownerId, ownerId)).all();
  return { generationIds: gens.map((g) => g.id), faces: ownFaces, outputPaths: outputPathsOf(db, gens.map((g) => g.id)) };
}

/** Every generation and face of one owner, with the output files. */
export async function rowsForOwner(db: Db, ownerId: string): Promise<OwnedRows> {
  return ownerRows(db, ownerId);
}

function outputPathsOf(db: Db, generationIds: string[]): string[] {
  if (generationIds.length === 0) return [];
  const rows = db.select({ path: outputs.path, thumb: outputs.thumbPath }).from(outputs).where(inArray(outputs.generationId, generationIds)).all();
  return rows.flatMap((r) => [r.path, r.thumb]);
}

/** Faces uploaded before `cutoffMs` that no running job still needs, oldest first. */
function expiredFaces(db: Db, cutoffMs: number, limit: number): FaceRow[] {
  const old = db.select().from(faces).where(lt(faces.createdAt, cutoffMs)).orderBy(asc(faces.createdAt)).limit(limit).all();
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

function deleteIn(db: Db, rows: OwnedRows): void {
  for (let i = 0; i < rows.generationIds.length; i += 500) {
    db.delete(generations).where(inArray(generations.id, rows.generationIds.slice(i, i + 500))).run();
  }
  const faceIds = rows.faces.map((f) => f.id);
  for (let i = 0; i < faceIds.length; i += 500) db.delete(faces).where(inArray(faces.id, faceIds.slice(i, i + 500))).run();
}

/** Deletes the rows in one transaction (outputs go by cascade); the caller removes the files. */
export async function deleteRows(db: Db, rows: OwnedRows): Promise<void> {
  withTransaction(db, () => deleteIn(db, rows));
}

/** Lists and deletes every row of one owner in one transaction; returns what went (the caller removes the files). */
export async function deleteOwnerRows(db: Db, ownerId: string): Promise<OwnedRows> {
  return withTransaction(db, () => {
    const rows = ownerRows(db, ownerId);
    deleteIn(db, rows);
    return rows;
  });
}

/**
 * Up to `limit` faces uploaded before `cutoffMs` that no running job needs, with every generation made from
 * them, listed and deleted in one transaction; returns what went (the caller removes the files).
 */
export async function deleteExpiredFaceRows(db: Db, cutoffMs: number, limit: number): Promise<OwnedRows> {
  return withTransaction(db, () => {
    const rows = rowsForFaces(db, expiredFaces(db, cutoffMs, limit));
    deleteIn(db, rows);
    return rows;
  });
}
