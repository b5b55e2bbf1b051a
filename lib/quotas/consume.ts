import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { getConfig } from "@/lib/config";
import { withTransaction, type Db } from "@/lib/db/open";
import { reserveShootGeneration } from "@/lib/db/queries/shoots";
import { quotaEvents } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { quotaRefusal } from "./messages";
import type { QuotaPolicy } from "./policy";
import { quotaSubjects, type QuotaIdentity } from "./subjects";
import { subjectUsage } from "./usage";

// team shoots: `shootId` also counts the generation against that shoot's optional cap, in the same transaction.
export type ConsumeArgs = QuotaIdentity & { generationId: string; now: number; policy?: QuotaPolicy; shootId?: string };

/**
 * Spends one unit from every allowance the generation counts against, or none: counting and inserting
 * happen in one IMMEDIATE transaction, so concurrent requests (even from other processes) cannot both
 * take the last unit. Throws a 429 AppError with the time until a unit comes back.
 */
export function consumeQuota(db: Db, args: ConsumeArgs): void {
  const policy = args.policy ?? getConfig().quotas;
  const subjects = quotaSubjects(policy, args);
  withTransaction(db, () => {
    const already = db
      .select({ id: quotaEvents.id })
      .from(quotaEvents)
      .where(and(eq(quotaEvents.generationId, args.generationId), isNull(quotaEvents.refundedAt)))
      .get();
    if (already) return; // the same generation never pays twice
    const exhausted = subjects.map((s) => subjectUsage(db, s, args.now)).filter((u) => u.used >= u.subject.limit);
    if (exhausted.length > 0) {
      const refusal = quotaRefusal(exhausted, args.now);
      throw new AppError("quota_exceeded", refusal.message, { retryAfterSeconds: refusal.retryAfterSeconds, detail: refusal.detail });
    }
    // team shoots: the shoot's cap never renews, so the refusal carries no Retry-After.
    if (args.shootId !== undefined) {
      const shoot = reserveShootGeneration(db, args.shootId);
      if (!shoot.ok) {
        throw new AppError("quota_exceeded", `This shoot has used all ${shoot.cap} of its generations.`, { detail: `shoot cap ${shoot.cap} reached` });
      }
    }
    db.insert(quotaEvents)
      .values(subjects.map((s) => ({ subjectKind: s.kind, subjectKey: s.key, generationId: args.generationId, createdAt: args.now })))
      .run();
  });
}

/** Gives a generation's units back (it failed upstream before being accepted). Returns how many were refunded. */
export function refundQuota(db: Db, generationId: string, now = Date.now()): number {
  return db
    .update(quotaEvents)
    .set({ refundedAt: now })
    .where(and(eq(quotaEvents.generationId, generationId), isNull(quotaEvents.refundedAt)))
    .run().changes;
}
