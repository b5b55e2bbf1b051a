// Database fixtures for tests and the bench: a fresh database of either dialect, and rows to put in it. The
// look-ups at the end read tables directly for assertions no app query needs; app code never does that.
//
// `eachDialect` is the database contract: a suite written once runs against SQLite and against Postgres
// (the run's throwaway cluster, test/postgres.ts), and every query function must answer the same in both.
import { eq } from "drizzle-orm";
import { afterAll, describe } from "vitest";
import { closeDb, openDb, openPgDb, type Db, type PgDb, type SqliteDb } from "@/lib/db/client";
import * as pgSchema from "@/lib/db/pg-schema";
import { faces, generations, quotaEvents, type FaceRow, type GenerationRow, type NewFaceRow, type NewGenerationRow, type NewOutputRow, type QuotaEventRow } from "@/lib/db/schema";
import { freshDatabase } from "./postgres";

export function memoryDb(): SqliteDb {
  return openDb(":memory:");
}

export const DIALECTS = ["sqlite", "postgres"] as const;
export type Dialect = (typeof DIALECTS)[number];

const PG_TABLES = ["shoot_people", "shoots", "quota_events", "outputs", "generations", "faces", "upstream_state"];

/**
 * Runs `body` once per dialect, inside a describe titled "<title> (sqlite|postgres)". `emptyDb()` gives an
 * empty database: a new in-memory SQLite each call; on Postgres one database per suite, emptied (TRUNCATE)
 * on each call — creating a database per test would cost ~0.2 s each — and dropped after the suite.
 */
export function eachDialect(title: string, body: (emptyDb: () => Promise<Db>, dialect: Dialect) => void): void {
  describe.each(DIALECTS)(`${title} (%s)`, (dialect) => {
    let pg: { db: PgDb; drop: () => Promise<void> } | undefined;
    afterAll(async () => {
      if (!pg) return;
      await closeDb(pg.db);
      await pg.drop();
    });
    body(async () => {
      if (dialect === "sqlite") return memoryDb();
      if (!pg) {
        const fresh = await freshDatabase(title);
        pg = { db: await openPgDb(fresh.url, { max: 4 }), drop: fresh.drop };
      }
      await pg.db.execute(`truncate ${PG_TABLES.join(", ")} restart identity cascade`);
      return pg.db;
    }, dialect);
  });
}

/** A database error's text whichever the dialect (drizzle wraps Postgres errors: the reason is in `cause`). */
export function dbErrorText(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error; e instanceof Error; e = e.cause) parts.push(e.message);
  return parts.join(" | ");
}

let n = 0;
const uid = (p: string) => `${p}_${(++n).toString(36)}_${Math.random().toString(36).slice(2, 8)}`;

export function faceRow(over: Partial<NewFaceRow> = {}): NewFaceRow {
  const id = over.id ?? uid("face");
  return {
    id,
    ownerId: "owner-a",
    sha256: `sha-${id}`,
    path: `faces/owner-a/${id}.jpg`,
    mime: "image/jpeg",
    width: 600,
    height: 700,
    bytes: 1234,
    createdAt: 1_000,
    ...over,
  };
}

export function generationRow(faceId: string, over: Partial<NewGenerationRow> = {}): NewGenerationRow {
  return {
    id: uid("gen"),
    ownerId: "owner-a",
    faceId,
    prompt: "corporate headshot, navy suit",
    negativePrompt: "blurry",
    width: 1024,
    height: 1024,
    steps: 20,
    guidanceScale: 5,
    seed: 42,
    base64: false,
    status: "queued",
    webhookSecret: uid("whs"),
    simulated: true,
    createdAt: 1_000,
    updatedAt: 1_000,
    ...over,
  };
}

/** Output `idx` of a generation (id `o_<generation>_<idx>`), with its file and thumbnail keys. */
export function outputRow(generationId: string, idx: number, over: Partial<NewOutputRow> = {}): NewOutputRow {
  return {
    id: `o_${generationId}_${idx}`,
    generationId,
    idx,
    path: `outputs/${generationId}/${idx}.png`,
    thumbPath: `thumbs/${generationId}/${idx}.webp`,
    width: 1024,
    height: 1024,
    bytes: 1000,
    createdAt: 5,
    ...over,
  };
}

/** Every generation row, in no particular order. */
export async function allGenerations(db: Db): Promise<GenerationRow[]> {
  if (db.engine === "pg") return db.select().from(pgSchema.generations);
  return db.select().from(generations).all();
}

/** Every face row, in no particular order. */
export async function allFaces(db: Db): Promise<FaceRow[]> {
  if (db.engine === "pg") return db.select().from(pgSchema.faces);
  return db.select().from(faces).all();
}

/** Quota events, all of them or one generation's, in insertion order. */
export async function quotaEventRows(db: Db, generationId?: string): Promise<QuotaEventRow[]> {
  if (db.engine === "pg") {
    const q = db.select().from(pgSchema.quotaEvents);
    return generationId === undefined ? q.orderBy(pgSchema.quotaEvents.id) : q.where(eq(pgSchema.quotaEvents.generationId, generationId)).orderBy(pgSchema.quotaEvents.id);
  }
  const q = db.select().from(quotaEvents);
  return generationId === undefined ? q.orderBy(quotaEvents.id).all() : q.where(eq(quotaEvents.generationId, generationId)).orderBy(quotaEvents.id).all();
}

/** Back-dates a face, e.g. past the retention period. */
export async function setFaceCreatedAt(db: Db, faceId: string, createdAt: number): Promise<void> {
  if (db.engine === "pg") await db.update(pgSchema.faces).set({ createdAt }).where(eq(pgSchema.faces.id, faceId));
  else db.update(faces).set({ createdAt }).where(eq(faces.id, faceId)).run();
}

const DB_ERRORS = {
  unique: /UNIQUE constraint failed|duplicate key value violates unique constraint/,
  foreign_key: /FOREIGN KEY constraint failed|violates foreign key constraint/,
  check: /CHECK constraint failed|violates check constraint/,
} as const;

/** Asserts that `promise` rejects with the database's refusal of that kind, in either dialect's words. */
export async function expectDbError(promise: Promise<unknown>, kind: keyof typeof DB_ERRORS): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (error === null) throw new Error(`expected a ${kind} violation, but the query succeeded`);
  const text = dbErrorText(error);
  if (!DB_ERRORS[kind].test(text)) throw new Error(`expected a ${kind} violation, got: ${text}`);
}
