import "server-only";
import { and, asc, eq, inArray, lt } from "drizzle-orm";
import { UNFINISHED_STATUSES } from "@/lib/validations/generation";
import { withTransaction, type Db, type PgQueries, type SqliteDb } from "../client";
import * as pg from "../pg-schema";
import { faces, generations, outputs, type FaceRow } from "../schema";

// Deleting people's rows: everything of one owner, the retention sweep's expired faces, or a list the caller
// made. Each deletion lists and deletes in one transaction, so a generation created meanwhile (from a face
// about to go) can neither be missed nor make the face delete fail.
//
// SQLite: the reads are synchronous, inside one IMMEDIATE transaction (the writer lock keeps every other
// writer out). Postgres: the transaction locks the rows it lists (FOR UPDATE) before reading what hangs off
// them. A generation insert takes a key-share lock on its face, and an output insert on its generation, so a
// racing insert either committed before the lock (and the next read sees it) or waits and then fails on the
// foreign key once the row is gone — never a generation or output file left behind, as on SQLite.

/** What deleting someone's data removes: generation rows (outputs go by cascade), face rows, and the output files. */
export type OwnedRows = { generationIds: string[]; faces: FaceRow[]; outputPaths: string[] };

// Postgres deletes go by id in chunks like SQLite's (each statement's parameters stay well under the limit).
const CHUNK = 500;
const chunks = <T>(items: readonly T[]): T[][] => Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));

// --- SQLite ---

/** Every generation made from `faceRows` (whoever owns it), with its output files. */
function rowsForFaces(db: SqliteDb, faceRows: FaceRow[]): OwnedRows {
  const ids = faceRows.map((f) => f.id);
  const gens = ids.length ? db.select({ id: generations.id }).from(generations).where(inArray(generations.faceId, ids)).all() : [];
  return { generationIds: gens.map((g) => g.id), faces: faceRows, outputPaths: outputPathsOf(db, gens.map((g) => g.id)) };
}

function ownerRows(db: SqliteDb, ownerId: string): OwnedRows {
  const gens = db.select({ id: generations.id }).from(generations).where(eq(generations.ownerId, ownerId)).all();
  const ownFaces = db.select().from(faces).where(eq(faces.ownerId, ownerId)).all();
  return { generationIds: gens.map((g) => g.id), faces: ownFaces, outputPaths: outputPathsOf(db, gens.map((g) => g.id)) };
}

function outputPathsOf(db: SqliteDb, generationIds: string[]): string[] {
  if (generationIds.length === 0) return [];
  const rows = db.select({ path: outputs.path, thumb: outputs.thumbPath }).from(outputs).where(inArray(outputs.generationId, generationIds)).all();
  return rows.flatMap((r) => [r.path, r.thumb]);
}

/** Faces uploaded before `cutoffMs` that no running job still needs, oldest first. */
function expiredFaces(db: SqliteDb, cutoffMs: number, limit: number): FaceRow[] {
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

function deleteIn(db: SqliteDb, rows: OwnedRows): void {
  for (const ids of chunks(rows.generationIds)) db.delete(generations).where(inArray(generations.id, ids)).run();
  for (const ids of chunks(rows.faces.map((f) => f.id))) db.delete(faces).where(inArray(faces.id, ids)).run();
}

// --- Postgres: the same steps, awaited, inside a transaction that locks what it lists ---


/** The generations made from these faces, locked, with their output files (read after the lock). */
async function rowsForFacesPg(tx: PgQueries, faceRows: FaceRow[]): Promise<OwnedRows> {
  const ids = faceRows.map((f) => f.id);
  const gens = ids.length ? await tx.select({ id: pg.generations.id }).from(pg.generations).where(inArray(pg.generations.faceId, ids)).orderBy(asc(pg.generations.id)).for("update") : [];
  const generationIds = gens.map((g) => g.id);
  return { generationIds, faces: faceRows, outputPaths: await outputPathsOfPg(tx, generationIds) };
}

async function outputPathsOfPg(q: PgQueries, generationIds: string[]): Promise<string[]> {
  if (generationIds.length === 0) return [];
  const rows = await q.select({ path: pg.outputs.path, thumb: pg.outputs.thumbPath }).from(pg.outputs).where(inArray(pg.outputs.generationId, generationIds));
  return rows.flatMap((r) => [r.path, r.thumb]);
}

/**
 * The owner's rows, faces locked first (by id, so two deletions of one owner queue instead of deadlocking),
 * then the owner's generations, locked too, then their outputs.
 */
async function ownerRowsPg(tx: PgQueries, ownerId: string): Promise<OwnedRows> {
  const ownFaces = await tx.select().from(pg.faces).where(eq(pg.faces.ownerId, ownerId)).orderBy(asc(pg.faces.id)).for("update");
  const gens = await tx.select({ id: pg.generations.id }).from(pg.generations).where(eq(pg.generations.ownerId, ownerId)).orderBy(asc(pg.generations.id)).for("update");
  const generationIds = gens.map((g) => g.id);
  return { generationIds, faces: ownFaces, outputPaths: await outputPathsOfPg(tx, generationIds) };
}

/**
 * expiredFaces on Postgres. SKIP LOCKED: a face another transaction holds (a generation being inserted from
 * it, or another sweeper's batch) waits for the next pass instead of stalling this one.
 */
async function expiredFacesPg(tx: PgQueries, cutoffMs: number, limit: number): Promise<FaceRow[]> {
  const old = await tx.select().from(pg.faces).where(lt(pg.faces.createdAt, cutoffMs)).orderBy(asc(pg.faces.createdAt)).limit(limit).for("update", { skipLocked: true });
  if (old.length === 0) return [];
  const busyRows = await tx
    .select({ faceId: pg.generations.faceId })
    .from(pg.generations)
    .where(and(inArray(pg.generations.faceId, old.map((f) => f.id)), inArray(pg.generations.status, [...UNFINISHED_STATUSES])));
  const busy = new Set(busyRows.map((r) => r.faceId));
  return old.filter((f) => !busy.has(f.id));
}

async function deleteInPg(tx: PgQueries, rows: OwnedRows): Promise<void> {
  for (const ids of chunks(rows.generationIds)) await tx.delete(pg.generations).where(inArray(pg.generations.id, ids));
  for (const ids of chunks(rows.faces.map((f) => f.id))) await tx.delete(pg.faces).where(inArray(pg.faces.id, ids));
}

// --- The query functions ---

/** Every generation and face of one owner, with the output files (a plain read: nothing is deleted). */
export async function rowsForOwner(db: Db, ownerId: string): Promise<OwnedRows> {
  if (db.engine === "pg") {
    const gens = await db.select({ id: pg.generations.id }).from(pg.generations).where(eq(pg.generations.ownerId, ownerId));
    const ownFaces = await db.select().from(pg.faces).where(eq(pg.faces.ownerId, ownerId));
    const generationIds = gens.map((g) => g.id);
    return { generationIds, faces: ownFaces, outputPaths: await outputPathsOfPg(db, generationIds) };
  }
  return ownerRows(db, ownerId);
}

/** Deletes the rows in one transaction (outputs go by cascade); the caller removes the files. */
export async function deleteRows(db: Db, rows: OwnedRows): Promise<void> {
  if (db.engine === "pg") return db.transaction((tx) => deleteInPg(tx, rows));
  withTransaction(db, () => deleteIn(db, rows));
}

/** Lists and deletes every row of one owner in one transaction; returns what went (the caller removes the files). */
export async function deleteOwnerRows(db: Db, ownerId: string): Promise<OwnedRows> {
  if (db.engine === "pg") {
    return db.transaction(async (tx) => {
      const rows = await ownerRowsPg(tx, ownerId);
      await deleteInPg(tx, rows);
      return rows;
    });
  }
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
  if (db.engine === "pg") {
    return db.transaction(async (tx) => {
      const rows = await rowsForFacesPg(tx, await expiredFacesPg(tx, cutoffMs, limit));
      await deleteInPg(tx, rows);
      return rows;
    });
  }
  return withTransaction(db, () => {
    const rows = rowsForFaces(db, expiredFaces(db, cutoffMs, limit));
    deleteIn(db, rows);
    return rows;
  });
}
