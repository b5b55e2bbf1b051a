// The generations table's queries, in both dialects (see client.ts): reads by id / secret / token, the
// compare-and-set update, the poller's due list, the submission queue (claim under the in-flight cap, return
// to the line, place in line, the shared 429 pause in upstream_state), deletions, the outputs-and-succeed
// transaction, and the gallery's keyset-paginated list with its search.
import "server-only";
import { and, asc, count, desc, eq, inArray, isNotNull, isNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import { MAX_PAGE_SIZE, PAGE_SIZE, UNFINISHED_STATUSES, type GenerationStatus } from "@/lib/validations/generation";
import { preparedOnce, withTransaction, type Db, type PgQueries, type SqliteDb } from "../client";
import * as pg from "../pg-schema";
import { faces, generations, outputs, upstreamState, type GenerationPatch, type GenerationRow, type NewGenerationRow, type NewOutputRow } from "../schema";

// Conditions written once for both dialects' tables: drizzle's operators take either dialect's columns.
type GenerationsTable = typeof generations | typeof pg.generations;

// Transaction-scoped advisory lock keys (Postgres): one per thing that SQLite's single writer lock protected.
// claimNextWaiting's count-then-claim must not interleave across instances, or two could each see a free
// slot and together exceed MODELSLAB_MAX_IN_FLIGHT.
const SUBMISSION_QUEUE_LOCK = 7_140_101;

/** The row a single-row INSERT … RETURNING gave back (Postgres answers with an array). */
function returnedRow<T>(rows: T[]): T {
  const [row] = rows;
  if (row === undefined) throw new Error("insert returned no row");
  return row;
}

export async function insertGeneration(db: Db, row: NewGenerationRow): Promise<GenerationRow> {
  if (db.engine === "pg") return returnedRow(await db.insert(pg.generations).values(row).returning());
  return db.insert(generations).values(row).returning().get();
}

// The status poll reads a generation by id on every request: prepared once (see preparedOnce).
const byId = preparedOnce((db) => db.select().from(generations).where(eq(generations.id, sql.placeholder("id"))).prepare());
const ownedById = preparedOnce((db) =>
  db
    .select()
    .from(generations)
    .where(and(eq(generations.id, sql.placeholder("id")), eq(generations.ownerId, sql.placeholder("ownerId"))))
    .prepare(),
);

export async function getGeneration(db: Db, id: string): Promise<GenerationRow | undefined> {
  if (db.engine === "pg") return (await db.select().from(pg.generations).where(eq(pg.generations.id, id)))[0];
  return byId(db).get({ id });
}

export async function getOwnedGeneration(db: Db, id: string, ownerId: string): Promise<GenerationRow | undefined> {
  if (db.engine === "pg") return (await db.select().from(pg.generations).where(and(eq(pg.generations.id, id), eq(pg.generations.ownerId, ownerId))))[0];
  return ownedById(db).get({ id, ownerId });
}

export async function findByIdempotencyKey(db: Db, ownerId: string, key: string): Promise<GenerationRow | undefined> {
  if (db.engine === "pg") {
    return (await db.select().from(pg.generations).where(and(eq(pg.generations.ownerId, ownerId), eq(pg.generations.idempotencyKey, key))))[0];
  }
  return db
    .select()
    .from(generations)
    .where(and(eq(generations.ownerId, ownerId), eq(generations.idempotencyKey, key)))
    .get();
}

export async function getByWebhookSecret(db: Db, secret: string): Promise<GenerationRow | undefined> {
  if (db.engine === "pg") return (await db.select().from(pg.generations).where(eq(pg.generations.webhookSecret, secret)))[0];
  return db.select().from(generations).where(eq(generations.webhookSecret, secret)).get();
}

export async function getByFaceToken(db: Db, token: string): Promise<GenerationRow | undefined> {
  if (db.engine === "pg") return (await db.select().from(pg.generations).where(eq(pg.generations.faceToken, token)))[0];
  return db.select().from(generations).where(eq(generations.faceToken, token)).get();
}

/**
 * Applies `patch` (stamping updatedAt unless given). With `onlyIfStatusIn`, the row changes only while its
 * status is still one of those — a compare-and-set so a webhook and the poller cannot both finish a job.
 * Returns true if a row changed.
 */
export async function updateGeneration(
  db: Db,
  id: string,
  patch: GenerationPatch,
  opts: UpdateOptions = {},
): Promise<boolean> {
  if (db.engine === "pg") return patchRowPg(db, id, patch, opts);
  return patchRow(db, id, patch, opts);
}

type UpdateOptions = { onlyIfStatusIn?: readonly GenerationStatus[] };

// The compare-and-set's WHERE; undefined when the guard admits no status (then nothing may change).
function patchTarget(t: GenerationsTable, id: string, opts: UpdateOptions): SQL | undefined {
  const guard = opts.onlyIfStatusIn;
  if (guard && guard.length === 0) return undefined;
  return guard ? and(eq(t.id, id), inArray(t.status, [...guard])) : eq(t.id, id);
}

// updateGeneration's work, synchronous so a SQLite transaction below can include it.
function patchRow(db: SqliteDb, id: string, patch: GenerationPatch, opts: UpdateOptions): boolean {
  const where = patchTarget(generations, id, opts);
  if (!where) return false;
  return db.update(generations).set({ updatedAt: Date.now(), ...patch }).where(where).run().changes > 0;
}

// The same on Postgres, on the pool or inside a transaction. A single UPDATE … WHERE status IN (…) is atomic
// there too: a concurrent finisher waits for the row lock, re-checks the WHERE on the new row and changes nothing.
async function patchRowPg(db: PgQueries, id: string, patch: GenerationPatch, opts: UpdateOptions): Promise<boolean> {
  const where = patchTarget(pg.generations, id, opts);
  if (!where) return false;
  const changed = await db.update(pg.generations).set({ updatedAt: Date.now(), ...patch }).where(where).returning({ id: pg.generations.id });
  return changed.length > 0;
}

function dueWhere(t: GenerationsTable, nowMs: number): SQL | undefined {
  return and(
    inArray(t.status, [...UNFINISHED_STATUSES]),
    // Jobs still waiting in our own queue are the submission queue's, not the poller's.
    isNotNull(t.submittedAt),
    or(isNull(t.nextCheckAt), lte(t.nextCheckAt, nowMs)),
  );
}

/** The SQLite form of dueGenerations's query, exposed so a test can EXPLAIN it. */
export function buildDueQuery(db: SqliteDb, nowMs: number, limit: number) {
  return db
    .select()
    .from(generations)
    .where(dueWhere(generations, nowMs))
    .orderBy(asc(generations.nextCheckAt), asc(generations.createdAt))
    .limit(limit);
}

/** Unfinished generations whose next check is due (or never scheduled), soonest first. */
export async function dueGenerations(db: Db, nowMs: number, limit: number): Promise<GenerationRow[]> {
  if (db.engine === "pg") {
    // NULLS FIRST: SQLite sorts nulls first ascending and Postgres last; a never-scheduled job is the most due.
    return db
      .select()
      .from(pg.generations)
      .where(dueWhere(pg.generations, nowMs))
      .orderBy(sql`${pg.generations.nextCheckAt} asc nulls first`, asc(pg.generations.createdAt))
      .limit(limit);
  }
  return buildDueQuery(db, nowMs, limit).all();
}

export async function unfinishedGenerations(db: Db): Promise<GenerationRow[]> {
  if (db.engine === "pg") {
    return db.select().from(pg.generations).where(inArray(pg.generations.status, [...UNFINISHED_STATUSES])).orderBy(asc(pg.generations.createdAt));
  }
  return db
    .select()
    .from(generations)
    .where(inArray(generations.status, [...UNFINISHED_STATUSES]))
    .orderBy(asc(generations.createdAt))
    .all();
}

// ---- The submission queue (lib/generations/queue.ts) ----
// Waiting = `queued` and never submitted; in flight = unfinished and submitted (at the upstream, or sent
// without an answer yet).

const waitingIn = (t: GenerationsTable) => and(eq(t.status, "queued"), isNull(t.submittedAt));
const inFlightIn = (t: GenerationsTable) => and(inArray(t.status, [...UNFINISHED_STATUSES]), isNotNull(t.submittedAt));
const waiting = waitingIn(generations);

const inFlight = (db: SqliteDb): number => db.select({ n: count() }).from(generations).where(inFlightIn(generations)).get()?.n ?? 0;

async function inFlightPg(db: PgQueries): Promise<number> {
  return (await db.select({ n: count() }).from(pg.generations).where(inFlightIn(pg.generations)))[0]?.n ?? 0;
}

/** Jobs sent to the upstream and not finished yet. */
export async function countInFlight(db: Db): Promise<number> {
  if (db.engine === "pg") return inFlightPg(db);
  return inFlight(db);
}

/**
 * Claims the oldest waiting job for submission while fewer than `maxInFlight` are in flight: the count, the
 * pick and the claim are one transaction, so concurrent pumps never overfill the slots. The claimed row, or
 * undefined when no slot is free or nothing waits.
 */
export async function claimNextWaiting(db: Db, maxInFlight: number, now: number): Promise<GenerationRow | undefined> {
  if (db.engine === "pg") {
    return db.transaction(async (tx) => {
      // Serializes claims across every instance (see SUBMISSION_QUEUE_LOCK). Under READ COMMITTED each statement
      // below sees what the previous lock holder committed, so the count includes its claim. Row locks alone
      // would not do: the cap is about rows nobody is claiming.
      await tx.execute(sql`select pg_advisory_xact_lock(${SUBMISSION_QUEUE_LOCK})`);
      if ((await inFlightPg(tx)) >= maxInFlight) return undefined;
      const waitingPg = waitingIn(pg.generations);
      const [next] = await tx.select({ id: pg.generations.id }).from(pg.generations).where(waitingPg).orderBy(asc(pg.generations.createdAt), asc(pg.generations.id)).limit(1);
      if (!next) return undefined;
      // Still guarded by `waiting`: the row may have been deleted or finished since the pick (not claimed — we hold the lock).
      const [claimed] = await tx.update(pg.generations).set({ submittedAt: now, updatedAt: now }).where(and(eq(pg.generations.id, next.id), waitingPg)).returning();
      return claimed;
    });
  }
  return withTransaction(db, () => {
    if (inFlight(db) >= maxInFlight) return undefined;
    const next = db.select().from(generations).where(waiting).orderBy(asc(generations.createdAt), asc(generations.id)).limit(1).get();
    if (!next) return undefined;
    return db.update(generations).set({ submittedAt: now, updatedAt: now }).where(and(eq(generations.id, next.id), waiting)).returning().get();
  });
}

/** Puts a job the upstream refused to queue (429, so certainly not accepted) back in the line. */
export async function returnToQueue(db: Db, id: string, now: number): Promise<boolean> {
  if (db.engine === "pg") {
    const t = pg.generations;
    const changed = await db.update(t).set({ submittedAt: null, updatedAt: now }).where(and(eq(t.id, id), eq(t.status, "queued"), isNull(t.upstreamId))).returning({ id: t.id });
    return changed.length > 0;
  }
  return (
    db
      .update(generations)
      .set({ submittedAt: null, updatedAt: now })
      .where(and(eq(generations.id, id), eq(generations.status, "queued"), isNull(generations.upstreamId)))
      .run().changes > 0
  );
}

/** How many waiting jobs were created before this one (its place in the line, 0 = next). */
export async function countWaitingAhead(db: Db, gen: Pick<GenerationRow, "id" | "createdAt">): Promise<number> {
  const ahead = (t: GenerationsTable) => and(waitingIn(t), or(lt(t.createdAt, gen.createdAt), and(eq(t.createdAt, gen.createdAt), lt(t.id, gen.id))));
  if (db.engine === "pg") return (await db.select({ n: count() }).from(pg.generations).where(ahead(pg.generations)))[0]?.n ?? 0;
  return db.select({ n: count() }).from(generations).where(ahead(generations)).get()?.n ?? 0;
}

// The 429 pause of the submission queue lives in upstream_state under this key, so that one instance's 429
// holds back every instance's submissions (the upstream's rate limit is per API key, not per instance).
const QUEUE_PAUSE_KEY = "submissions";

/** Until when (ms since the epoch) submissions are paused after a 429; 0 when they never were. */
export async function getQueuePause(db: Db): Promise<number> {
  if (db.engine === "pg") {
    return (await db.select({ until: pg.upstreamState.pausedUntil }).from(pg.upstreamState).where(eq(pg.upstreamState.key, QUEUE_PAUSE_KEY)))[0]?.until ?? 0;
  }
  return db.select({ until: upstreamState.pausedUntil }).from(upstreamState).where(eq(upstreamState.key, QUEUE_PAUSE_KEY)).get()?.until ?? 0;
}

/**
 * Pauses submissions until at least `until` and returns the pause now in force: one upsert keeping the later
 * of the stored and the new time, so concurrent 429s on several instances never shorten each other's pause.
 */
export async function extendQueuePause(db: Db, until: number): Promise<number> {
  // Whole milliseconds: paused_until is a bigint on Postgres, and a fractional retry_after must not shorten the pause.
  const ms = Math.ceil(until);
  if (db.engine === "pg") {
    const t = pg.upstreamState;
    const rows = await db
      .insert(t)
      .values({ key: QUEUE_PAUSE_KEY, pausedUntil: ms })
      .onConflictDoUpdate({ target: t.key, set: { pausedUntil: sql`greatest(${t.pausedUntil}, excluded.paused_until)` } })
      .returning({ until: t.pausedUntil });
    return returnedRow(rows).until;
  }
  const t = upstreamState;
  return db
    .insert(t)
    .values({ key: QUEUE_PAUSE_KEY, pausedUntil: ms })
    .onConflictDoUpdate({ target: t.key, set: { pausedUntil: sql`max(${t.pausedUntil}, excluded.paused_until)` } })
    .returning({ until: t.pausedUntil })
    .get().until;
}

/** Deletes the generation and (by cascade) its output rows; stored bytes are the caller's to remove. */
export async function deleteGeneration(db: Db, id: string): Promise<boolean> {
  if (db.engine === "pg") return (await db.delete(pg.generations).where(eq(pg.generations.id, id)).returning({ id: pg.generations.id })).length > 0;
  return db.delete(generations).where(eq(generations.id, id)).run().changes > 0;
}

/**
 * Deletes a generation (outputs by cascade) and, in the same transaction, its face when no other
 * generation uses it any more. Returns whether the face row went too; the caller removes the files.
 */
export async function deleteGenerationAndUnusedFace(db: Db, id: string, faceId: string): Promise<boolean> {
  if (db.engine === "pg") {
    return db.transaction(async (tx) => {
      // Lock the face row first. Without it, two instances deleting the face's last two generations at once
      // would each still see the other's (uncommitted-deleted) row and both keep the face: an orphan no
      // retention sweep of generations would find. A generation being inserted for this face holds a key-share
      // lock on it, so this also waits for that insert and then sees its row.
      await tx.select({ id: pg.faces.id }).from(pg.faces).where(eq(pg.faces.id, faceId)).for("update");
      await tx.delete(pg.generations).where(eq(pg.generations.id, id));
      const [stillUsed] = await tx.select({ id: pg.generations.id }).from(pg.generations).where(eq(pg.generations.faceId, faceId)).limit(1);
      if (stillUsed) return false;
      await tx.delete(pg.faces).where(eq(pg.faces.id, faceId));
      return true;
    });
  }
  return withTransaction(db, () => {
    db.delete(generations).where(eq(generations.id, id)).run();
    const stillUsed = db.select({ id: generations.id }).from(generations).where(eq(generations.faceId, faceId)).limit(1).get();
    if (stillUsed) return false;
    db.delete(faces).where(eq(faces.id, faceId)).run();
    return true;
  });
}

// Postgres takes at most 65,535 bind parameters per statement; a generation row has ~33 columns.
const PG_INSERT_CHUNK = 500;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Bulk insert of generations with their outputs in one transaction (seeding a benchmark's 10,000 rows). */
export async function insertGenerationsWithOutputs(db: Db, items: readonly { generation: NewGenerationRow; outputs: NewOutputRow[] }[]): Promise<GenerationRow[]> {
  if (items.length === 0) return [];
  if (db.engine === "pg") {
    return db.transaction(async (tx) => {
      const returned = new Map<string, GenerationRow>();
      // Multi-row inserts, a chunk at a time: row-by-row round trips would make seeding 10,000 rows take seconds.
      for (const chunk of chunks(items, PG_INSERT_CHUNK)) {
        for (const row of await tx.insert(pg.generations).values(chunk.map((i) => i.generation)).returning()) returned.set(row.id, row);
      }
      for (const chunk of chunks(items.flatMap((i) => i.outputs), PG_INSERT_CHUNK)) await tx.insert(pg.outputs).values(chunk);
      // RETURNING's order is not promised: answer in the caller's order, like the SQLite form.
      return items.map((i) => {
        const row = returned.get(i.generation.id);
        if (!row) throw new Error(`inserted generation ${i.generation.id} not returned`);
        return row;
      });
    });
  }
  return withTransaction(db, () =>
    items.map((item) => {
      const row = db.insert(generations).values(item.generation).returning().get();
      if (item.outputs.length > 0) db.insert(outputs).values(item.outputs).run();
      return row;
    }),
  );
}

/**
 * Stores a finished job's output rows and applies its "succeeded" patch in one transaction: a job is never
 * succeeded without its output rows. The patch is guarded like updateGeneration's `onlyIfStatusIn`; output rows
 * that already exist (same generation + idx) are left as they were. Returns whether the generation row changed.
 */
export async function insertOutputsAndUpdateGeneration(
  db: Db,
  id: string,
  rows: NewOutputRow[],
  patch: GenerationPatch,
  opts: UpdateOptions = {},
): Promise<boolean> {
  if (db.engine === "pg") {
    // No advisory lock needed: the patch is a compare-and-set on the row, and the output rows' unique
    // (generation, idx) index settles two finishers racing on the inserts.
    return db.transaction(async (tx) => {
      if (rows.length > 0) await tx.insert(pg.outputs).values(rows).onConflictDoNothing({ target: [pg.outputs.generationId, pg.outputs.idx] });
      return patchRowPg(tx, id, patch, opts);
    });
  }
  return withTransaction(db, () => {
    for (const row of rows) db.insert(outputs).values(row).onConflictDoNothing({ target: [outputs.generationId, outputs.idx] }).run();
    return patchRow(db, id, patch, opts);
  });
}

// ---- The gallery list: newest first, keyset-paginated with an opaque cursor ----

export type ListCursor = { createdAt: number; id: string };

export function encodeCursor(c: ListCursor): string {
  return Buffer.from(`${c.createdAt}:${c.id}`, "utf8").toString("base64url");
}

/** Reads a cursor made by encodeCursor; anything else is a bad request, never a server error. */
export function decodeCursor(raw: string): ListCursor {
  const invalid = () => new AppError("bad_request", "That page link is not valid.", { detail: `bad cursor ${JSON.stringify(raw.slice(0, 80))}` });
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(raw)) throw invalid();
  const text = Buffer.from(raw, "base64url").toString("utf8");
  const match = /^(\d{1,16}):([\x21-\x7e]{1,200})$/.exec(text);
  if (!match?.[1] || !match[2]) throw invalid();
  const createdAt = Number(match[1]);
  if (!Number.isSafeInteger(createdAt)) throw invalid();
  return { createdAt, id: match[2] };
}

export type ListGenerationsOptions = {
  ownerId: string;
  status?: GenerationStatus;
  q?: string;
  cursor?: string | null;
  limit?: number;
};

export type GenerationPage = { items: GenerationRow[]; nextCursor: string | null };

export function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return PAGE_SIZE;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(limit)));
}

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

// The list's WHERE for either dialect's table. The search lower-cases both sides: on SQLite with
// unicode_lower (registered in openDb; SQLite's own lower() and LIKE fold ASCII only), on Postgres with
// lower(), which folds all of Unicode in a database with a UTF-8 locale (initdb's default in a UTF-8
// environment, and managed services'); a database created with the "C" locale would fold ASCII only. Not
// `collate "und-x-icu"`: a server built without ICU would then refuse every search.
function listWhere(t: GenerationsTable, engine: Db["engine"], opts: ListGenerationsOptions): SQL | undefined {
  const conds: SQL[] = [eq(t.ownerId, opts.ownerId)];
  if (opts.status) conds.push(eq(t.status, opts.status));
  const q = opts.q?.trim();
  if (q) {
    const pattern = `%${escapeLike(q.toLowerCase())}%`;
    const lowered = engine === "pg" ? sql`lower(${t.prompt})` : sql`unicode_lower(${t.prompt})`;
    conds.push(sql`${lowered} like ${pattern} escape '\\'`);
  }
  if (opts.cursor) {
    const c = decodeCursor(opts.cursor);
    // Row-value comparison keeps the keyset seek on the (owner_id, created_at, id) index (both dialects).
    conds.push(sql`(${t.createdAt}, ${t.id}) < (${c.createdAt}, ${c.id})`);
  }
  return and(...conds);
}

/** The SQLite form of listGenerations's query, exposed so a test can EXPLAIN it. Fetches one extra row to detect a next page. */
export function buildListQuery(db: SqliteDb, opts: ListGenerationsOptions) {
  return db
    .select()
    .from(generations)
    .where(listWhere(generations, "sqlite", opts))
    .orderBy(desc(generations.createdAt), desc(generations.id))
    .limit(clampLimit(opts.limit) + 1);
}

/**
 * Newest first, keyset-paginated on (createdAt desc, id desc) with an opaque cursor. Ids tied on createdAt
 * follow the database's collation on Postgres; the cursor compares with the same collation, so pages never
 * skip or repeat a row.
 */
export async function listGenerations(db: Db, opts: ListGenerationsOptions): Promise<GenerationPage> {
  const limit = clampLimit(opts.limit);
  const rows =
    db.engine === "pg"
      ? await db
          .select()
          .from(pg.generations)
          .where(listWhere(pg.generations, "pg", opts))
          .orderBy(desc(pg.generations.createdAt), desc(pg.generations.id))
          .limit(limit + 1)
      : buildListQuery(db, opts).all();
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const nextCursor = rows.length > limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null;
  return { items, nextCursor };
}
