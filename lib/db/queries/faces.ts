import "server-only";
import { and, count, eq, inArray } from "drizzle-orm";
import type { Db, SqliteDb } from "../client";
import * as pg from "../pg-schema";
import { faces, generations, type FaceRow, type NewFaceRow } from "../schema";

/**
 * Inserts a face photo, or returns the owner's existing row with the same sha256 (then `row.id` differs
 * from the id passed in, which tells the caller its freshly stored bytes are redundant).
 */
export async function insertFaceOrGetExisting(db: Db, row: NewFaceRow): Promise<FaceRow> {
  let existing: FaceRow | undefined;
  if (db.engine === "pg") {
    const [inserted] = await db.insert(pg.faces).values(row).onConflictDoNothing({ target: [pg.faces.ownerId, pg.faces.sha256] }).returning();
    if (inserted) return inserted;
    // A conflicting row is never deleted before it is read here: faces go only after the retention period.
    existing = await findFaceBySha(db, row.ownerId, row.sha256);
  } else {
    const inserted = db.insert(faces).values(row).onConflictDoNothing({ target: [faces.ownerId, faces.sha256] }).returning().get();
    if (inserted) return inserted;
    existing = bySha(db, row.ownerId, row.sha256);
  }
  if (!existing) throw new Error(`face insert conflicted but no row for owner+sha256 (id ${row.id})`);
  return existing;
}

/** Replaces the stored face check (the same photo sent again, e.g. now with "Use this photo anyway"). */
export async function setFaceCheck(db: Db, id: string, check: string | null): Promise<FaceRow | undefined> {
  if (db.engine === "pg") return (await db.update(pg.faces).set({ check }).where(eq(pg.faces.id, id)).returning())[0];
  return db.update(faces).set({ check }).where(eq(faces.id, id)).returning().get();
}

/** The stored face checks of these faces, by id (the team table shows them). */
export async function faceChecks(db: Db, ids: string[]): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  const rows =
    db.engine === "pg"
      ? await db.select({ id: pg.faces.id, check: pg.faces.check }).from(pg.faces).where(inArray(pg.faces.id, ids))
      : db.select({ id: faces.id, check: faces.check }).from(faces).where(inArray(faces.id, ids)).all();
  return new Map(rows.map((r) => [r.id, r.check]));
}

// Synchronous, so insertFaceOrGetExisting reads the conflicting row with no await between insert and read.
const bySha = (db: SqliteDb, ownerId: string, sha256: string): FaceRow | undefined =>
  db.select().from(faces).where(and(eq(faces.ownerId, ownerId), eq(faces.sha256, sha256))).get();

export async function findFaceBySha(db: Db, ownerId: string, sha256: string): Promise<FaceRow | undefined> {
  if (db.engine === "pg") return (await db.select().from(pg.faces).where(and(eq(pg.faces.ownerId, ownerId), eq(pg.faces.sha256, sha256))))[0];
  return bySha(db, ownerId, sha256);
}

export async function getFace(db: Db, id: string): Promise<FaceRow | undefined> {
  if (db.engine === "pg") return (await db.select().from(pg.faces).where(eq(pg.faces.id, id)))[0];
  return db.select().from(faces).where(eq(faces.id, id)).get();
}

export async function getOwnedFace(db: Db, id: string, ownerId: string): Promise<FaceRow | undefined> {
  if (db.engine === "pg") return (await db.select().from(pg.faces).where(and(eq(pg.faces.id, id), eq(pg.faces.ownerId, ownerId))))[0];
  return db.select().from(faces).where(and(eq(faces.id, id), eq(faces.ownerId, ownerId))).get();
}

export async function countGenerationsUsingFace(db: Db, faceId: string): Promise<number> {
  if (db.engine === "pg") return (await db.select({ n: count() }).from(pg.generations).where(eq(pg.generations.faceId, faceId)))[0]?.n ?? 0;
  return db.select({ n: count() }).from(generations).where(eq(generations.faceId, faceId)).get()?.n ?? 0;
}

/** Deletes the row only; the caller removes the stored bytes. Fails while a generation still references it. */
export async function deleteFace(db: Db, id: string): Promise<boolean> {
  if (db.engine === "pg") return (await db.delete(pg.faces).where(eq(pg.faces.id, id)).returning({ id: pg.faces.id })).length > 0;
  return db.delete(faces).where(eq(faces.id, id)).run().changes > 0;
}
