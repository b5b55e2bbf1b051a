import "server-only";
import { lte } from "drizzle-orm";
import type { Db } from "@/lib/db/open";
import { quotaEvents } from "@/lib/db/schema";
import type { QuotaPolicy } from "./policy";

/** The longest window any allowance counts over: older events count toward nothing. */
export function longestWindowMs(policy: QuotaPolicy): number {
  return Math.max(policy.global.windowMs, ...Object.values(policy.audiences).map((a) => a.windowMs));
}

/**
 * Deletes quota events that no window counts any more. Without this the table grows by three rows per job
 * for ever, and per-address events would keep visitors' IP addresses long after they matter.
 */
export function pruneQuotaEvents(db: Db, policy: QuotaPolicy, now: number): number {
  return db.delete(quotaEvents).where(lte(quotaEvents.createdAt, now - longestWindowMs(policy))).run().changes;
}
