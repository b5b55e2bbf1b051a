import "server-only";
import { and, asc, count, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "@/lib/db/open";
import { quotaEvents } from "@/lib/db/schema";
import type { QuotaSubject } from "./subjects";

export type SubjectUsage = {
  subject: QuotaSubject;
  used: number;
  /** When the oldest counted event leaves the window, or null when nothing is counted. */
  nextRenewalAt: number | null;
  /** When `used` drops below the limit again, or null when it is already below (or the limit is 0). */
  freesAt: number | null;
};

/** Unrefunded events of one subject inside its rolling window (an event counts while createdAt > now - window). */
export function subjectUsage(db: Db, subject: QuotaSubject, now: number): SubjectUsage {
  const where = and(
    eq(quotaEvents.subjectKind, subject.kind),
    eq(quotaEvents.subjectKey, subject.key),
    gt(quotaEvents.createdAt, now - subject.windowMs),
    isNull(quotaEvents.refundedAt),
  );
  const used = db.select({ n: count() }).from(quotaEvents).where(where).get()?.n ?? 0;
  const nthOldest = (offset: number) =>
    db.select({ at: quotaEvents.createdAt }).from(quotaEvents).where(where).orderBy(asc(quotaEvents.createdAt)).limit(1).offset(offset).get()?.at;
  const oldest = used > 0 ? nthOldest(0) : undefined;
  // With `used` over the limit (e.g. the limit was lowered), a unit frees only when enough events expire.
  const freeing = used >= subject.limit && subject.limit > 0 ? nthOldest(used - subject.limit) : undefined;
  return {
    subject,
    used,
    nextRenewalAt: oldest === undefined ? null : oldest + subject.windowMs,
    freesAt: freeing === undefined ? null : freeing + subject.windowMs,
  };
}
