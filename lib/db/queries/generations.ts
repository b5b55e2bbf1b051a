import "server-only";
import { and, asc, count, desc, eq, inArray, isNotNull, isNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import { MAX_PAGE_SIZE, PAGE_SIZE, UNFINISHED_STATUSES, type GenerationStatus } from "@/lib/validations/generation";
import { preparedOnce, withTransaction, type Db } from "../client";
import { faces, generations, outputs, type GenerationPatch, type GenerationRow, type NewGenerationRow, type NewOutputRow } from "../schema";

export async function insertGeneration(db: Db, row: NewGenerationRow): Promise<GenerationRow> {
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
  return byId(db).get({ id });
}

export async function getOwnedGeneration(db: Db, id: string, ownerId: string): Promise<GenerationRow | undefined> {
  return ownedById(db).get({ id, ownerId });
}

export async function findByIdempotencyKey(db: Db, ownerId: string, key: string): Promise<GenerationRow | undefined> {
  return db
    .select()
    .from(generations)
    .where(and(eq(generations.ownerId, ownerId), eq(generations.idempotencyKey, key)))
    .get();
}

export async function getByWebhookSecret(db: Db, secret: string): Promise<GenerationRow | undefined> {
  return db.select().from(generations).where(eq(generations.webhookSecret, secret)).get();
}

export async function getByFaceToken(db: Db, token: string): Promise<GenerationRow | undefined> {
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
  return patchRow(db, id, patch, opts);
}

type UpdateOptions = { onlyIfStatusIn?: readonly GenerationStatus[] };

// updateGeneration's work, synchronous so a transaction below can include it.
function patchRow(db: Db, id: string, patch: GenerationPatch, opts: UpdateOptions): boolean {
  const guard = opts.onlyIfStatusIn;
  if (guard && guard.length === 0) return false;
  const where = guard ? and(eq(generations.id, id), inArray(generations.status, [...guard])) : eq(generations.id, id);
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
        inArray(generations.status, [...UNFINISHED_STATUSES]),
        // Jobs still waiting in our own queue are the submission queue's, not the poller's.
        isNotNull(generations.submittedAt),
        or(isNull(generations.nextCheckAt), lte(generations.nextCheckAt, nowMs)),
      ),
    )
    .orderBy(asc(generations.nextCheckAt), asc(generations.createdAt))
    .limit(limit);
}

/** Unfinished generations whose next check is due (or never scheduled), soonest first. */
export async function dueGenerations(db: Db, nowMs: number, limit: number): Promise<GenerationRow[]> {
  return buildDueQuery(db, nowMs, limit).all();
}

export async function unfinishedGenerations(db: Db): Promise<GenerationRow[]> {
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

const waiting = and(eq(generations.status, "queued"), isNull(generations.submittedAt));

const inFlight = (db: Db): number => {
  const row = db
    .select({ n: count() })
    .from(generations)
    .where(and(inArray(generations.status, [...UNFINISHED_STATUSES]), isNotNull(generations.submittedAt)))
    .get();
  return row?.n ?? 0;
};

/** Jobs sent to the upstream and not finished yet. */
export async function countInFlight(db: Db): Promise<number> {
  return inFlight(db);
}

/**
 * Claims the oldest waiting job for submission while fewer than `maxInFlight` are in flight: the count, the
 * pick and the claim are one transaction, so concurrent pumps never overfill the slots. The claimed row, or
 * undefined when no slot is free or nothing waits.
 */
export async function claimNextWaiting(db: Db, maxInFlight: number, now: number): Promise<GenerationRow | undefined> {
  return withTransaction(db, () => {
    if (inFlight(db) >= maxInFlight) return undefined;
    const next = db.select().from(generations).where(waiting).orderBy(asc(generations.createdAt), asc(generations.id)).limit(1).get();
    if (!next) return undefined;
    return db.update(generations).set({ submittedAt: now, updatedAt: now }).where(and(eq(generations.id, next.id), waiting)).returning().get();
  });
}

/** Puts a job the upstream refused to queue (429, so certainly not accepted) back in the line. */
export async function returnToQueue(db: Db, id: string, now: number): Promise<boolean> {
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
  const ahead = or(lt(generations.createdAt, gen.createdAt), and(eq(generations.createdAt, gen.createdAt), lt(generations.id, gen.id)));
  return db.select({ n: count() }).from(generations).where(and(waiting, ahead)).get()?.n ?? 0;
}

/** Deletes the generation and (by cascade) its output rows; stored bytes are the caller's to remove. */
export async function deleteGeneration(db: Db, id: string): Promise<boolean> {
  return db.delete(generations).where(eq(generations.id, id)).run().changes > 0;
}

/**
 * Deletes a generation (outputs by cascade) and, in the same transaction, its face when no other
 * generation uses it any more. Returns whether the face row went too; the caller removes the files.
 */
export async function deleteGenerationAndUnusedFace(db: Db, id: string, faceId: string): Promise<boolean> {
  return withTransaction(db, () => {
    db.delete(generations).where(eq(generations.id, id)).run();
    const stillUsed = db.select({ id: generations.id }).from(generations).where(eq(generations.faceId, faceId)).limit(1).get();
    if (stillUsed) return false;
    db.delete(faces).where(eq(faces.id, faceId)).run();
    return true;
  });
}

/** Bulk insert of generations with their outputs in one transaction (seeding a benchmark's 10,000 rows). */
export async function insertGenerationsWithOutputs(db: Db, items: readonly { generation: NewGenerationRow; outputs: NewOutputRow[] }[]): Promise<GenerationRow[]> {
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

/** The query behind listGenerations, exposed so a test can EXPLAIN it. Fetches one extra row to detect a next page. */
export function buildListQuery(db: Db, opts: ListGenerationsOptions) {
  const conds: SQL[] = [eq(generations.ownerId, opts.ownerId)];
  if (opts.status) conds.push(eq(generations.status, opts.status));
  const q = opts.q?.trim();
  // unicode_lower is registered in openDb: SQLite's own LIKE folds ASCII case only.
  if (q) conds.push(sql`unicode_lower(${generations.prompt}) like ${`%${escapeLike(q.toLowerCase())}%`} escape '\\'`);
  if (opts.cursor) {
    const c = decodeCursor(opts.cursor);
    // Row-value comparison keeps the keyset seek on the (owner_id, created_at, id) index.
    conds.push(sql`(${generations.createdAt}, ${generations.id}) < (${c.createdAt}, ${c.id})`);
  }
  return db
    .select()
    .from(generations)
    .where(and(...conds))
    .orderBy(desc(generations.createdAt), desc(generations.id))
    .limit(clampLimit(opts.limit) + 1);
}

/** Newest first, keyset-paginated on (createdAt desc, id desc) with an opaque cursor. */
export async function listGenerations(db: Db, opts: ListGenerationsOptions): Promise<GenerationPage> {
  const limit = clampLimit(opts.limit);
  const rows = buildListQuery(db, opts).all();
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const nextCursor = rows.length > limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null;
  return { items, nextCursor };
}
