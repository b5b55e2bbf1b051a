import "server-only";
import { and, asc, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { Db } from "../open";
import { preparedOnce } from "../prepared";
import { generations } from "../schema";
import type { GenerationPatch, GenerationRow, GenerationStatus, NewGenerationRow } from "../types";

const UNFINISHED: GenerationStatus[] = ["queued", "processing"];

export function insertGeneration(db: Db, row: NewGenerationRow): GenerationRow {
  return db.insert(generations).values(row).returning().get();
}

const byId = preparedOnce((db) => db.select().from(generations).where(eq(generations.id, sql.placeholder("id"))).prepare());
const ownedById = preparedOnce((db) =>
  db
    .select()
    .from(generations)
    .where(and(eq(generations.id, sql.placeholder("id")), eq(generations.ownerId, sql.placeholder("ownerId"))))
    .prepare(),
);

export function getGeneration(db: Db, id: string): GenerationRow | undefined {
  return byId(db).get({ id });
}

export function getOwnedGeneration(db: Db, id: string, ownerId: string): GenerationRow | undefined {
  return ownedById(db).get({ id, ownerId });
}

export function findByIdempotencyKey(db: Db, ownerId: string, key: string): GenerationRow | undefined {
  return db
    .select()
    .from(generations)
    .where(and(eq(generations.ownerId, ownerId), eq(generations.idempotencyKey, key)))
    .get();
}

export function getByWebhookSecret(db: Db, secret: string): GenerationRow | undefined {
  return db.select().from(generations).where(eq(generations.webhookSecret, secret)).get();
}

export function getByFaceToken(db: Db, token: string): GenerationRow | undefined {
  return db.select().from(generations).where(eq(generations.faceToken, token)).get();
}

/**
 * Applies `patch` (stamping updatedAt unless given). With `onlyIfStatusIn`, the row changes only while its
 * status is still one of those — a compare-and-set so a webhook and the poller cannot both finish a job.
 * Returns true if a row changed.
 */
export function updateGeneration(
  db: Db,
  id: string,
  patch: GenerationPatch,
  opts: { onlyIfStatusIn?: GenerationStatus[] } = {},
): boolean {
  const guard = opts.onlyIfStatusIn;
  if (guard && guard.length === 0) return false;
  const where = guard ? and(eq(generations.id, id), inArray(generations.status, guard)) : eq(generations.id, id);
  const result = db
    .update(generations)
    .set({ updatedAt: Date.now(), ...patch })
    .where(where)
    .run();
  return result.changes > 0;
}

/** The query behind dueGenerations, exposed so a test can EXPLAIN it. */
export function buildDueQuery(db: Db, nowMs: number, limit: number) {
  return db
    .select()
    .from(generations)
    .where(
      and(
        inArray(generations.status, UNFINISHED),
        or(isNull(generations.nextCheckAt), lte(generations.nextCheckAt, nowMs)),
      ),
    )
    .orderBy(asc(generations.nextCheckAt), asc(generations.createdAt))
    .limit(limit);
}

/** Unfinished generations whose next check is due (or never scheduled), soonest first. */
export function dueGenerations(db: Db, nowMs: number, limit: number): GenerationRow[] {
  return buildDueQuery(db, nowMs, limit).all();
}

export function unfinishedGenerations(db: Db): GenerationRow[] {
  return db.select().from(generations).where(inArray(generations.status, UNFINISHED)).orderBy(asc(generations.createdAt)).all();
}

/** Deletes the generation and (by cascade) its output rows; stored bytes are the caller's to remove. */
export function deleteGeneration(db: Db, id: string): boolean {
  return db.delete(generations).where(eq(generations.id, id)).run().changes > 0;
}

export { listGenerations, type GenerationPage, type ListGenerationsOptions } from "./generation-list";
