import { describe, expect, it } from "vitest";
import { openDb } from "@/lib/db/open";
import { consumeQuota, refundQuota } from "./consume";
import { DEFAULT_QUOTA_POLICY as policy } from "./policy";
import { quotaStatus } from "./status";

const H = 60 * 60_000;
const T0 = 1_700_000_000_000;
const who = { ownerId: "o1", ip: "203.0.113.7", audience: "demo" as const, policy, staffSignInEnabled: false };

describe("quotaStatus", () => {
  it("starts full with nothing to renew", () => {
    const db = openDb(":memory:");
    expect(quotaStatus(db, { ...who, now: T0 })).toMatchObject({ audience: "demo", limit: 5, used: 0, remaining: 5, renewsAt: null, limitedBy: "owner" });
  });

  it("counts spent units and says when the oldest comes back", () => {
    const db = openDb(":memory:");
    consumeQuota(db, { ...who, generationId: "a", now: T0 });
    consumeQuota(db, { ...who, generationId: "b", now: T0 + H });
    consumeQuota(db, { ...who, generationId: "c", now: T0 + 2 * H });
    refundQuota(db, "c", T0 + 2 * H);
    const s = quotaStatus(db, { ...who, now: T0 + 3 * H });
    expect(s).toMatchObject({ used: 2, remaining: 3 });
    expect(s.renewsAt).toBe(new Date(T0 + 24 * H).toISOString());
  });

  it("reports the tightest allowance when another owner on the same network used it up", () => {
    const db = openDb(":memory:");
    for (let i = 0; i < 5; i++) consumeQuota(db, { ...who, ownerId: "other", generationId: `x${i}`, now: T0 + i });
    const s = quotaStatus(db, { ...who, now: T0 + 10 });
    expect(s).toMatchObject({ used: 0, remaining: 0, limitedBy: "ip" });
    expect(s.renewsAt).toBe(new Date(T0 + 24 * H).toISOString());
  });
});
