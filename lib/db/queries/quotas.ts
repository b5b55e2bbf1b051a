import "server-only";
import { and, asc, count, eq, gt, isNull, lte, sql } from "drizzle-orm";
import { withTransaction, type Db } from "../client";
import { generations, quotaEvents, shoots, type GenerationRow, type NewGenerationRow, type QuotaSubjectKind } from "../schema";

// The quota ledger: one quota_events row per unit spent, counted over rolling windows. The policy (which
// allowances, how many units, the wording of a refusal) is lib/generations/quotas.ts's and arrives here as
// data; the counting, the budget check and the spend are here, in one transaction.

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

type Scope = { kind: QuotaSubjectKind; key: string; since: number };

const counted = (s: Scope) =>
  and(eq(quotaEvents.subjectKind, s.kind), eq(quotaEvents.subjectKey, s.key), gt(quotaEvents.createdAt, s.since), isNull(quotaEvents.refundedAt));

/** createdAt of the counted event at `offset` (0 = the oldest), or undefined when there are not that many. */
function eventAt(db: Db, scope: Scope, offset: number): number | undefined {
  return db.select({ at: quotaEvents.createdAt }).from(quotaEvents).where(counted(scope)).orderBy(asc(quotaEvents.createdAt)).limit(1).offset(offset).get()?.at;
}

/** Unrefunded events of one allowance inside its rolling window (an event counts while createdAt > now - window). */
function usageOf(db: Db, allowance: QuotaAllowance, now: number): AllowanceUsage {
  const scope = { kind: allowance.kind, key: allowance.key, since: now - allowance.windowMs };
  const used = db.select({ n: count() }).from(quotaEvents).where(counted(scope)).get()?.n ?? 0;
  const oldest = used > 0 ? eventAt(db, scope, 0) : undefined;
  // With `used` over the limit (e.g. the limit was lowered), a unit frees only when enough events expire.
  const freeing = used >= allowance.limit && allowance.limit > 0 ? eventAt(db, scope, used - allowance.limit) : undefined;
  return {
    allowance,
    used,
    nextRenewalAt: oldest === undefined ? null : oldest + allowance.windowMs,
    freesAt: freeing === undefined ? null : freeing + allowance.windowMs,
  };
}

/** The usage of each allowance at `now`, in the order given (read in one synchronous pass). */
export async function quotaUsages(db: Db, allowances: readonly QuotaAllowance[], now: number): Promise<AllowanceUsage[]> {
  return allowances.map((a) => usageOf(db, a, now));
}

/**
 * The spend itself; the caller holds the transaction. A generation that already holds unrefunded units never
 * pays twice. Every check comes before the first write, so a refusal leaves nothing behind.
 */
function spendIn(db: Db, spend: QuotaSpend): QuotaRefusal | null {
  const paid = db
    .select({ id: quotaEvents.id })
    .from(quotaEvents)
    .where(and(eq(quotaEvents.generationId, spend.generationId), isNull(quotaEvents.refundedAt)))
    .get();
  if (paid) return null;
  const exhausted = spend.allowances.map((a) => usageOf(db, a, spend.now)).filter((u) => u.used >= u.allowance.limit);
  if (exhausted.length > 0) return { kind: "exhausted", exhausted };
  if (spend.shootId !== undefined) {
    // Counts one more generation against the shoot unless its cap is reached (a compare-and-set).
    const changed = db
      .update(shoots)
      .set({ generationsUsed: sql`${shoots.generationsUsed} + 1` })
      .where(and(eq(shoots.id, spend.shootId), sql`(${shoots.generationCap} is null or ${shoots.generationsUsed} < ${shoots.generationCap})`))
      .run().changes;
    if (changed === 0) {
      const cap = db.select({ cap: shoots.generationCap }).from(shoots).where(eq(shoots.id, spend.shootId)).get()?.cap;
      return { kind: "shoot_cap", cap: cap ?? 0 };
    }
  }
  if (spend.allowances.length > 0) {
    db.insert(quotaEvents)
      .values(spend.allowances.map((a) => ({ subjectKind: a.kind, subjectKey: a.key, generationId: spend.generationId, createdAt: spend.now })))
      .run();
  }
  return null;
}

/**
 * Spends one unit from every allowance, or none: counting and inserting are one IMMEDIATE transaction, so
 * concurrent requests (even from other processes) cannot both take the last unit. Null when spent (or
 * already paid), else the refusal.
 */
export async function spendQuota(db: Db, spend: QuotaSpend): Promise<QuotaRefusal | null> {
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
  return withTransaction(db, () => {
    const refusal = spendIn(db, spend);
    if (refusal) return { ok: false as const, refusal };
    return { ok: true as const, row: db.insert(generations).values(row).returning().get() };
  });
}

/** Marks the generation's unrefunded events refunded. Returns how many. */
export async function refundQuotaEvents(db: Db, generationId: string, now: number): Promise<number> {
  return db
    .update(quotaEvents)
    .set({ refundedAt: now })
    .where(and(eq(quotaEvents.generationId, generationId), isNull(quotaEvents.refundedAt)))
    .run().changes;
}

/** Deletes events created at or before `cutoff`. Returns how many. */
export async function deleteQuotaEventsUpTo(db: Db, cutoff: number): Promise<number> {
  return db.delete(quotaEvents).where(lte(quotaEvents.createdAt, cutoff)).run().changes;
}
