import "server-only";
import { and, asc, count, eq, gt, isNull, lte, sql } from "drizzle-orm";
import { withTransaction, type Db, type PgQueries, type SqliteDb } from "../client";
import * as pg from "../pg-schema";
import { generations, quotaEvents, shoots, type GenerationRow, type NewGenerationRow, type QuotaSubjectKind } from "../schema";

// The quota ledger: one quota_events row per unit spent, counted over rolling windows. The policy (which
// allowances, how many units, the wording of a refusal) is lib/generations/quotas.ts's and arrives here as
// data; the counting, the budget check and the spend are here, in one transaction, in both dialects.

/** One allowance as data: who spends (kind + key) and how many units its rolling window holds. */
export type QuotaAllowance = { kind: QuotaSubjectKind; key: string; limit: number; windowMs: number };

export type AllowanceUsage = {
  allowance: QuotaAllowance;
  used: number;
  /** When the oldest counted event leaves the window, or null when nothing is counted. */
  nextRenewalAt: number | null;
  /** When `used` drops below the limit again, or null when it is already below (or the limit is 0). */
  freesAt: number | null;
};

/** What one generation spends: a unit from each allowance and, with `shootId`, one from that shoot's optional cap. */
export type QuotaSpend = { generationId: string; allowances: readonly QuotaAllowance[]; now: number; shootId?: string };

/** Why a spend was refused (nothing was written): allowances used up, or the shoot's cap reached. */
export type QuotaRefusal = { kind: "exhausted"; exhausted: AllowanceUsage[] } | { kind: "shoot_cap"; cap: number };

// Postgres: the key of the transaction-scoped advisory lock every spend takes first. SQLite's IMMEDIATE
// transaction serialized count-then-insert through its single writer lock; on Postgres two instances would
// otherwise both count L-1 under READ COMMITTED and both insert, together exceeding the limit. One key for
// the whole ledger (not one per subject): a spend touches several subjects (owner, address, global budget)
// at once, and one lock cannot deadlock. It is held only for a few short statements.
const QUOTA_LEDGER_LOCK = 7_140_201;

/** An open Postgres transaction, and "the pool or a transaction": the helpers below run in either. */

type QuotaEventsTable = typeof quotaEvents | typeof pg.quotaEvents;
type Scope = { kind: QuotaSubjectKind; key: string; since: number };

// Written once for both dialects' tables: drizzle's operators take either dialect's columns.
const counted = (t: QuotaEventsTable, s: Scope) => and(eq(t.subjectKind, s.kind), eq(t.subjectKey, s.key), gt(t.createdAt, s.since), isNull(t.refundedAt));
const unrefundedOf = (t: QuotaEventsTable, generationId: string) => and(eq(t.generationId, generationId), isNull(t.refundedAt));
const scopeOf = (allowance: QuotaAllowance, now: number): Scope => ({ kind: allowance.kind, key: allowance.key, since: now - allowance.windowMs });

/**
 * The usage from what the ledger holds: `used` counted events, the oldest at `oldest`, and `freeing`, the
 * createdAt of the event whose expiry brings `used` below the limit (see usageOf). Both dialects end here.
 */
function usageFrom(allowance: QuotaAllowance, used: number, oldest: number | undefined, freeing: number | undefined): AllowanceUsage {
  return {
    allowance,
    used,
    nextRenewalAt: oldest === undefined ? null : oldest + allowance.windowMs,
    freesAt: freeing === undefined ? null : freeing + allowance.windowMs,
  };
}

// With `used` over the limit (e.g. the limit was lowered), a unit frees only when enough events expire: the
// event at offset used - limit (0 = the oldest) is the one whose expiry brings `used` below the limit.
const freeingOffset = (allowance: QuotaAllowance, used: number): number | undefined =>
  used >= allowance.limit && allowance.limit > 0 ? used - allowance.limit : undefined;

// --- SQLite: synchronous, so a spend can run inside one IMMEDIATE transaction ---

/** createdAt of the counted event at `offset` (0 = the oldest), or undefined when there are not that many. */
function eventAt(db: SqliteDb, scope: Scope, offset: number): number | undefined {
  return db.select({ at: quotaEvents.createdAt }).from(quotaEvents).where(counted(quotaEvents, scope)).orderBy(asc(quotaEvents.createdAt)).limit(1).offset(offset).get()?.at;
}

/** Unrefunded events of one allowance inside its rolling window (an event counts while createdAt > now - window). */
function usageOf(db: SqliteDb, allowance: QuotaAllowance, now: number): AllowanceUsage {
  const scope = scopeOf(allowance, now);
  const used = db.select({ n: count() }).from(quotaEvents).where(counted(quotaEvents, scope)).get()?.n ?? 0;
  const freeing = freeingOffset(allowance, used);
  return usageFrom(allowance, used, used > 0 ? eventAt(db, scope, 0) : undefined, freeing === undefined ? undefined : eventAt(db, scope, freeing));
}

// --- Postgres: the same reads, awaited ---

async function eventAtPg(db: PgQueries, scope: Scope, offset: number): Promise<number | undefined> {
  const t = pg.quotaEvents;
  return (await db.select({ at: t.createdAt }).from(t).where(counted(t, scope)).orderBy(asc(t.createdAt)).limit(1).offset(offset))[0]?.at;
}

async function usageOfPg(db: PgQueries, allowance: QuotaAllowance, now: number): Promise<AllowanceUsage> {
  const scope = scopeOf(allowance, now);
  const used = (await db.select({ n: count() }).from(pg.quotaEvents).where(counted(pg.quotaEvents, scope)))[0]?.n ?? 0;
  const freeing = freeingOffset(allowance, used);
  return usageFrom(allowance, used, used > 0 ? await eventAtPg(db, scope, 0) : undefined, freeing === undefined ? undefined : await eventAtPg(db, scope, freeing));
}

/** The usage of each allowance at `now`, in the order given (read in one synchronous pass on SQLite). */
export async function quotaUsages(db: Db, allowances: readonly QuotaAllowance[], now: number): Promise<AllowanceUsage[]> {
  if (db.engine === "pg") {
    const usages: AllowanceUsage[] = [];
    for (const a of allowances) usages.push(await usageOfPg(db, a, now));
    return usages;
  }
  return allowances.map((a) => usageOf(db, a, now));
}

// The shoot-cap compare-and-set: one more generation unless the cap is reached. Atomic in both dialects (on
// Postgres a racing UPDATE waits for the row lock and re-checks the WHERE on the committed row).
const underCap = (t: typeof shoots | typeof pg.shoots) => sql`(${t.generationCap} is null or ${t.generationsUsed} < ${t.generationCap})`;

/**
 * The spend itself; the caller holds the transaction. A generation that already holds unrefunded units never
 * pays twice. Every check comes before the first write, so a refusal leaves nothing behind.
 */
function spendIn(db: SqliteDb, spend: QuotaSpend): QuotaRefusal | null {
  const paid = db.select({ id: quotaEvents.id }).from(quotaEvents).where(unrefundedOf(quotaEvents, spend.generationId)).get();
  if (paid) return null;
  const exhausted = spend.allowances.map((a) => usageOf(db, a, spend.now)).filter((u) => u.used >= u.allowance.limit);
  if (exhausted.length > 0) return { kind: "exhausted", exhausted };
  if (spend.shootId !== undefined) {
    const changed = db
      .update(shoots)
      .set({ generationsUsed: sql`${shoots.generationsUsed} + 1` })
      .where(and(eq(shoots.id, spend.shootId), underCap(shoots)))
      .run().changes;
    if (changed === 0) {
      const cap = db.select({ cap: shoots.generationCap }).from(shoots).where(eq(shoots.id, spend.shootId)).get()?.cap;
      return { kind: "shoot_cap", cap: cap ?? 0 };
    }
  }
  if (spend.allowances.length > 0) db.insert(quotaEvents).values(eventsOf(spend)).run();
  return null;
}

/** spendIn on Postgres, inside the caller's transaction: it first takes the ledger lock, held until commit. */
async function spendInPg(tx: PgQueries, spend: QuotaSpend): Promise<QuotaRefusal | null> {
  await tx.execute(sql`select pg_advisory_xact_lock(${QUOTA_LEDGER_LOCK})`);
  const t = pg.quotaEvents;
  const paid = (await tx.select({ id: t.id }).from(t).where(unrefundedOf(t, spend.generationId)).limit(1))[0];
  if (paid) return null;
  const usages: AllowanceUsage[] = [];
  for (const a of spend.allowances) usages.push(await usageOfPg(tx, a, spend.now));
  const exhausted = usages.filter((u) => u.used >= u.allowance.limit);
  if (exhausted.length > 0) return { kind: "exhausted", exhausted };
  if (spend.shootId !== undefined) {
    const changed = await tx
      .update(pg.shoots)
      .set({ generationsUsed: sql`${pg.shoots.generationsUsed} + 1` })
      .where(and(eq(pg.shoots.id, spend.shootId), underCap(pg.shoots)))
      .returning({ id: pg.shoots.id });
    if (changed.length === 0) {
      const cap = (await tx.select({ cap: pg.shoots.generationCap }).from(pg.shoots).where(eq(pg.shoots.id, spend.shootId)))[0]?.cap;
      return { kind: "shoot_cap", cap: cap ?? 0 };
    }
  }
  if (spend.allowances.length > 0) await tx.insert(t).values(eventsOf(spend));
  return null;
}

const eventsOf = (spend: QuotaSpend) =>
  spend.allowances.map((a) => ({ subjectKind: a.kind, subjectKey: a.key, generationId: spend.generationId, createdAt: spend.now }));

/**
 * Spends one unit from every allowance, or none: counting and inserting are one transaction (SQLite:
 * IMMEDIATE; Postgres: under the ledger's advisory lock), so concurrent requests, even from other processes
 * or instances, cannot both take the last unit. Null when spent (or already paid), else the refusal.
 */
export async function spendQuota(db: Db, spend: QuotaSpend): Promise<QuotaRefusal | null> {
  if (db.engine === "pg") return db.transaction((tx) => spendInPg(tx, spend));
  return withTransaction(db, () => spendIn(db, spend));
}

/**
 * "Create a generation if the quotas allow it": the spend and the insert of `row` in one transaction, so a
 * refusal leaves no row behind and a failed insert (e.g. a racing idempotency key: the unique index throws)
 * spends nothing.
 */
export async function insertGenerationWithinQuota(
  db: Db,
  spend: QuotaSpend,
  row: NewGenerationRow,
): Promise<{ ok: true; row: GenerationRow } | { ok: false; refusal: QuotaRefusal }> {
  if (db.engine === "pg") {
    return db.transaction(async (tx) => {
      const refusal = await spendInPg(tx, spend);
      if (refusal) return { ok: false as const, refusal };
      const [inserted] = await tx.insert(pg.generations).values(row).returning();
      if (!inserted) throw new Error(`generation insert returned no row (id ${row.id})`);
      return { ok: true as const, row: inserted };
    });
  }
  return withTransaction(db, () => {
    const refusal = spendIn(db, spend);
    if (refusal) return { ok: false as const, refusal };
    return { ok: true as const, row: db.insert(generations).values(row).returning().get() };
  });
}

/** Marks the generation's unrefunded events refunded. Returns how many. */
export async function refundQuotaEvents(db: Db, generationId: string, now: number): Promise<number> {
  if (db.engine === "pg") {
    const t = pg.quotaEvents;
    return (await db.update(t).set({ refundedAt: now }).where(unrefundedOf(t, generationId)).returning({ id: t.id })).length;
  }
  return db.update(quotaEvents).set({ refundedAt: now }).where(unrefundedOf(quotaEvents, generationId)).run().changes;
}

/** Deletes events created at or before `cutoff`. Returns how many. */
export async function deleteQuotaEventsUpTo(db: Db, cutoff: number): Promise<number> {
  if (db.engine === "pg") return (await db.delete(pg.quotaEvents).where(lte(pg.quotaEvents.createdAt, cutoff)).returning({ id: pg.quotaEvents.id })).length;
  return db.delete(quotaEvents).where(lte(quotaEvents.createdAt, cutoff)).run().changes;
}
