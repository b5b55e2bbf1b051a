import { describe, expect, it } from "vitest";
import { openDb } from "@/lib/db/open";
import { quotaEvents } from "@/lib/db/schema";
import { consumeQuota } from "./consume";
import { DEFAULT_QUOTA_POLICY, type QuotaPolicy } from "./policy";
import { longestWindowMs, pruneQuotaEvents } from "./prune";
import { quotaStatus } from "./status";

const H = 60 * 60_000;
const T0 = 1_700_000_000_000;

describe("pruneQuotaEvents", () => {
  it("removes only events older than the longest window, and the allowance left is unchanged", () => {
    const db = openDb(":memory:");
    const spend = (generationId: string, now: number) =>
      consumeQuota(db, { ownerId: "o1", ip: "203.0.113.7", audience: "demo", generationId, now, policy: DEFAULT_QUOTA_POLICY });
    spend("old", T0);
    spend("recent", T0 + 20 * H);
    const now = T0 + 25 * H;
    const status = () => quotaStatus(db, { ownerId: "o1", ip: "203.0.113.7", audience: "demo", now, policy: DEFAULT_QUOTA_POLICY });
    const before = status();
    expect(pruneQuotaEvents(db, DEFAULT_QUOTA_POLICY, now)).toBe(3); // owner, ip and global rows of "old"
    const left = db.select().from(quotaEvents).all();
    expect(new Set(left.map((e) => e.generationId))).toEqual(new Set(["recent"]));
    expect(left.some((e) => e.subjectKey === "203.0.113.7")).toBe(true);
    expect(status()).toEqual(before);
  });

  it("keeps events a longer configured window still counts", () => {
    const db = openDb(":memory:");
    const weekly: QuotaPolicy = { ...DEFAULT_QUOTA_POLICY, audiences: { ...DEFAULT_QUOTA_POLICY.audiences, staff: { perOwner: 200, perIp: null, windowMs: 7 * 24 * H } } };
    expect(longestWindowMs(weekly)).toBe(7 * 24 * H);
    consumeQuota(db, { ownerId: "o2", ip: null, audience: "staff", generationId: "g", now: T0, policy: weekly });
    expect(pruneQuotaEvents(db, weekly, T0 + 3 * 24 * H)).toBe(0);
    expect(pruneQuotaEvents(db, weekly, T0 + 7 * 24 * H)).toBe(2);
  });
});
