import "server-only";
import { and, asc, count, eq, gt, isNull, lte } from "drizzle-orm";
import type { Db } from "../client";
import { quotaEvents, type QuotaSubjectKind } from "../schema";

/** One allowance's events: who spends (kind + key) and the rolling window's start (events count while createdAt > since). */
export type QuotaEventScope = { kind: QuotaSubjectKind; key: string; since: number };

const counted = (s: QuotaEventScope) =>
  and(eq(quotaEvents.subjectKind, s.kind), eq(quotaEvents.subjectKey, s.key), gt(quotaEvents.createdAt, s.since), isNull(quotaEvents.refundedAt));

/** Unrefunded events of one subject inside its window. */
export function countQuotaEvents(db: Db, scope: QuotaEventScope): number {
  return db.select({ n: count() }).from(quotaEvents).where(counted(scope)).get()?.n ?? 0;
}

/** createdAt of the counted event at `offset` (0 = the oldest), or undefined when there are not that many. */
export function quotaEventAt(db: Db, scope: QuotaEventScope, offset: number): number | undefined {
  return db
    .select({ at: quotaEvents.createdAt })
    .from(quotaEvents)
    .where(counted(scope))
    .orderBy(asc(quotaEvents.createdAt))
    .limit(1)
    .offset(offset)
    .get()?.at;
}

/** Whether the generation already holds units it was not given back. */
export function hasUnrefundedQuotaEvents(db: Db, generationId: string): boolean {
  const row = db
    .select({ id: quotaEvents.id })
    .from(quotaEvents)
    .where(and(eq(quotaEvents.generationId, generationId), isNull(quotaEvents.refundedAt)))
    .get();
  return row !== undefined;
}

/** One event per subject, all for one generation at one time. */
export function insertQuotaEvents(db: Db, generationId: string, subjects: readonly { kind: QuotaSubjectKind; key: string }[], now: number): void {
  db.insert(quotaEvents)
    .values(subjects.map((s) => ({ subjectKind: s.kind, subjectKey: s.key, generationId, createdAt: now })))
    .run();
}

/** Marks the generation's unrefunded events refunded. Returns how many. */
export function refundQuotaEvents(db: Db, generationId: string, now: number): number {
  return db
    .update(quotaEvents)
    .set({ refundedAt: now })
    .where(and(eq(quotaEvents.generationId, generationId), isNull(quotaEvents.refundedAt)))
    .run().changes;
}

/** Deletes events created at or before `cutoff`. Returns how many. */
export function deleteQuotaEventsUpTo(db: Db, cutoff: number): number {
  return db.delete(quotaEvents).where(lte(quotaEvents.createdAt, cutoff)).run().changes;
}
