import "server-only";
import { and, count, eq, inArray } from "drizzle-orm";
import type { Db } from "../client";
import { faces, generations, type FaceRow, type NewFaceRow } from "../schema";

/**
 * Inserts a face photo, or returns the owner's existing row with the same sha256 (then `row.id` differs
 * from the id passed in, which tells the caller its freshly stored bytes are redundant).
 */
export async function insertFaceOrGetExisting(db: Db, row: NewFaceRow): Promise<FaceRow> {
  const inserted = db.insert(faces).values(row).onConflictDoNothing({ target: [faces.ownerId, faces.sha256] }).returning().get();
  if (inserted) return inserted;
  const existing = bySha(db, row.ownerId, row.sha256);
  if (!existing) throw new Error(`face insert conflicted but no row for owner+sha256 (id ${row.id})`);
  return existing;
}

/** Replaces the stored face check (the same photo sent again, e.g. now with "Use this photo anyway"). */
export async function setFaceCheck(db: Db, id: string, check: string | null): Promise<FaceRow | undefined> {
  return db.update(faces).set({ check }).where(eq(faces.id, id)).returning().get();
}

/** The stored face checks of these faces, by id (the team table shows them). */
export async function faceChecks(db: Db, ids: string[]): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = db.select({ id: faces.id, check: faces.check }).from(faces).where(inArray(faces.id, ids)).all();
  return new Map(rows.map((r) => [r.id, r.check]));
}

// Synchronous, so insertFaceOrGetExisting reads the conflicting row with no await between insert and read.
const bySha = (db: Db, ownerId: string, sha256: string): FaceRow | undefined =>
  db.select().from(faces).where(and(eq(faces.ownerId, ownerId), eq(faces.sha256, sha256))).get();

export async function findFaceBySha(db: Db, ownerId: string, sha256: string): Promise<FaceRow | undefined> {
  return bySha(db, ownerId, sha256);
}

export async function getFace(db: Db, id: string): Promise<FaceRow | undefined> {
  return db.select().from(faces).where(eq(faces.id, id)).get();
}

export async function getOwnedFace(db: Db, id: string, ownerId: string): Promise<FaceRow | undefined> {
  return db.select().from(faces).where(and(eq(faces.id, id), eq(faces.ownerId, ownerId))).get();
}

export async function countGenerationsUsingFace(db: Db, faceId: string): Promise<number> {
  return db.select({ n: count() }).from(generations).where(eq(generations.faceId, faceId)).get()?.n ?? 0;
}

/** Deletes the row only; the caller removes the stored bytes. Fails while a generation still references it. */
export async function deleteFace(db: Db, id: string): Promise<boolean> {
  return db.delete(faces).where(eq(faces.id, id)).run().changes > 0;
}
