import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDb, type Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { allGenerations, quotaEventRows } from "@/test/db";
import { addFace, createHarness, params, type Harness } from "@/test/harness";
import { createGeneration } from "./create";
import { DEFAULT_QUOTA_POLICY, type QuotaPolicy } from "./quota-policy";
import { consumeQuota, longestWindowMs, pruneQuotaEvents, quotaStatus, refundQuota } from "./quotas";

const H = 60 * 60_000;
const DAY = 24 * H;
const T0 = 1_700_000_000_000;
const policy: QuotaPolicy = DEFAULT_QUOTA_POLICY;

let n = 0;
const demo = (db: Db, over: { ownerId?: string; ip?: string | null; now?: number; policy?: QuotaPolicy } = {}) =>
  consumeQuota(db, { ownerId: "o1", ip: "203.0.113.7", audience: "demo", generationId: `g${++n}`, now: T0, policy, ...over });

async function refusal(fn: () => Promise<unknown>): Promise<AppError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected a quota refusal");
}

const rows = (db: Db) => quotaEventRows(db);

describe("consumeQuota", () => {
  it("allows exactly the demo allowance, then refuses with 429 and inserts nothing", async () => {
    const db = openDb(":memory:");
    for (let i = 0; i < 5; i++) await demo(db, { now: T0 + i });
    const before = (await rows(db)).length;
    expect(before).toBe(15); // owner + ip + global per generation
    for (let i = 0; i < 20; i++) {
      const e = await refusal(() => demo(db, { now: T0 + 10 + i }));
      expect(e.code).toBe("quota_exceeded");
      expect(e.status).toBe(429);
    }
    expect((await rows(db)).length).toBe(before);
  });

  it("two connections to one database file together never exceed the allowance", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "quota-"));
    try {
      const a = openDb(path.join(dir, "app.db"));
      const b = openDb(path.join(dir, "app.db"));
      let accepted = 0;
      for (let i = 0; i < 12; i++) {
        try {
          await demo(i % 2 === 0 ? a : b, { now: T0 + i });
          accepted++;
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
        }
      }
      expect(accepted).toBe(5);
      expect((await rows(a)).filter((r) => r.subjectKind === "owner").length).toBe(5);
      a.$client.close();
      b.$client.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("uses a rolling window: a unit comes back exactly when the oldest event is a window old", async () => {
    const db = openDb(":memory:");
    for (let i = 0; i < 5; i++) await demo(db, { now: T0 + i * H });
    await expect(demo(db, { now: T0 + DAY - 1 })).rejects.toThrow(AppError);
    await demo(db, { now: T0 + DAY }); // the first event (T0) has left the window
    await expect(demo(db, { now: T0 + DAY + 1 })).rejects.toThrow(AppError);
    await demo(db, { now: T0 + DAY + H });
  });

  it("says when the oldest event expires, in Retry-After seconds and in words", async () => {
    const db = openDb(":memory:");
    const start = T0 - (DAY - (3 * H + 12 * 60_000)); // oldest expires 3 h 12 min after T0
    await demo(db, { now: start });
    for (let i = 1; i < 5; i++) await demo(db, { now: T0 - i });
    const e = await refusal(() => demo(db));
    expect(e.retryAfterSeconds).toBe(3 * 3600 + 12 * 60);
    expect(e.message).toBe("You have used all 5 generations for today. More become available in 3 h 12 min.");
  });

  it("gives a unit back on refund, once", async () => {
    const db = openDb(":memory:");
    for (let i = 1; i <= 5; i++) await consumeQuota(db, { ownerId: "o1", ip: null, audience: "demo", generationId: `r${i}`, now: T0, policy });
    const next = { ownerId: "o1", ip: null, audience: "demo" as const, generationId: "r6", now: T0 + 1, policy };
    await expect(consumeQuota(db, next)).rejects.toThrow(AppError);
    expect(await refundQuota(db, "r3", T0)).toBe(2);
    expect(await refundQuota(db, "r3", T0)).toBe(0);
    await consumeQuota(db, next);
    await expect(consumeQuota(db, { ...next, generationId: "r7" })).rejects.toThrow(AppError);
  });

  it("never charges the same generation twice", async () => {
    const db = openDb(":memory:");
    await consumeQuota(db, { ownerId: "o1", ip: null, audience: "demo", generationId: "same", now: T0, policy });
    await consumeQuota(db, { ownerId: "o1", ip: null, audience: "demo", generationId: "same", now: T0, policy });
    expect((await rows(db)).length).toBe(2);
  });

  it("limits one address across many owners", async () => {
    const db = openDb(":memory:");
    for (let i = 0; i < 5; i++) await demo(db, { ownerId: `owner-${i}` });
    const e = await refusal(() => demo(db, { ownerId: "owner-new" }));
    expect(e.message).toMatch(/^Your network has used all 5 generations for today/);
    await demo(db, { ownerId: "owner-new", ip: "198.51.100.1" });
  });

  it("refuses everyone once the global budget is spent, staff included", async () => {
    const db = openDb(":memory:");
    const small: QuotaPolicy = { ...policy, global: { limit: 3, windowMs: DAY } };
    for (let i = 0; i < 3; i++) await demo(db, { ownerId: `o${i}`, ip: `10.0.0.${i}`, policy: small });
    const e = await refusal(() => consumeQuota(db, { ownerId: "boss", ip: null, audience: "staff", generationId: "s1", now: T0 + 1, policy: small }));
    expect(e.message).toBe("The demo has reached today's budget. Please try again tomorrow.");
    expect(e.retryAfterSeconds).toBe(DAY / 1000);
  });

  it("gives staff their own, larger allowance", async () => {
    const db = openDb(":memory:");
    for (let i = 0; i < 5; i++) await demo(db);
    await expect(demo(db)).rejects.toThrow(AppError);
    for (let i = 0; i < 20; i++) await consumeQuota(db, { ownerId: "o1", ip: "203.0.113.7", audience: "staff", generationId: `st${i}`, now: T0, policy });
  });
});

const who = { ownerId: "o1", ip: "203.0.113.7", audience: "demo" as const, policy, staffSignInEnabled: false };

describe("quotaStatus", () => {
  it("starts full with nothing to renew", async () => {
    const db = openDb(":memory:");
    expect(await quotaStatus(db, { ...who, now: T0 })).toMatchObject({ audience: "demo", limit: 5, used: 0, remaining: 5, renewsAt: null, limitedBy: "owner" });
  });

  it("counts spent units and says when the oldest comes back", async () => {
    const db = openDb(":memory:");
    await consumeQuota(db, { ...who, generationId: "a", now: T0 });
    await consumeQuota(db, { ...who, generationId: "b", now: T0 + H });
    await consumeQuota(db, { ...who, generationId: "c", now: T0 + 2 * H });
    await refundQuota(db, "c", T0 + 2 * H);
    const s = await quotaStatus(db, { ...who, now: T0 + 3 * H });
    expect(s).toMatchObject({ used: 2, remaining: 3 });
    expect(s.renewsAt).toBe(new Date(T0 + 24 * H).toISOString());
  });

  it("reports the tightest allowance when another owner on the same network used it up", async () => {
    const db = openDb(":memory:");
    for (let i = 0; i < 5; i++) await consumeQuota(db, { ...who, ownerId: "other", generationId: `x${i}`, now: T0 + i });
    const s = await quotaStatus(db, { ...who, now: T0 + 10 });
    expect(s).toMatchObject({ used: 0, remaining: 0, limitedBy: "ip" });
    expect(s.renewsAt).toBe(new Date(T0 + 24 * H).toISOString());
  });
});

describe("pruneQuotaEvents", () => {
  it("removes only events older than the longest window, and the allowance left is unchanged", async () => {
    const db = openDb(":memory:");
    const spend = (generationId: string, now: number) =>
      consumeQuota(db, { ownerId: "o1", ip: "203.0.113.7", audience: "demo", generationId, now, policy: DEFAULT_QUOTA_POLICY });
    await spend("old", T0);
    await spend("recent", T0 + 20 * H);
    const now = T0 + 25 * H;
    const status = () => quotaStatus(db, { ownerId: "o1", ip: "203.0.113.7", audience: "demo", now, policy: DEFAULT_QUOTA_POLICY });
    const before = await status();
    expect(await pruneQuotaEvents(db, DEFAULT_QUOTA_POLICY, now)).toBe(3); // owner, ip and global rows of "old"
    const left = await quotaEventRows(db);
    expect(new Set(left.map((e) => e.generationId))).toEqual(new Set(["recent"]));
    expect(left.some((e) => e.subjectKey === "203.0.113.7")).toBe(true);
    expect(await status()).toEqual(before);
  });

  it("keeps events a longer configured window still counts", async () => {
    const db = openDb(":memory:");
    const weekly: QuotaPolicy = { ...DEFAULT_QUOTA_POLICY, audiences: { ...DEFAULT_QUOTA_POLICY.audiences, staff: { perOwner: 200, perIp: null, windowMs: 7 * 24 * H } } };
    expect(longestWindowMs(weekly)).toBe(7 * 24 * H);
    await consumeQuota(db, { ownerId: "o2", ip: null, audience: "staff", generationId: "g", now: T0, policy: weekly });
    expect(await pruneQuotaEvents(db, weekly, T0 + 3 * 24 * H)).toBe(0);
    expect(await pruneQuotaEvents(db, weekly, T0 + 7 * 24 * H)).toBe(2);
  });
});

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const OWNER = "o_quota";
const IP = "203.0.113.50";

describe("quota inside createGeneration", () => {
  it("refuses the sixth demo job with 429 before storing or sending anything", async () => {
    h = await createHarness({ sim: { mode: "sync" } });
    const face = await addFace(h.deps, OWNER);
    for (let i = 0; i < 5; i++) await createGeneration(h.deps, { ownerId: OWNER, input: params(face.id), idempotencyKey: null, ip: IP });
    const calls = h.sim.stats().makeGenCalls;
    const refused = await createGeneration(h.deps, { ownerId: OWNER, input: params(face.id), idempotencyKey: null, ip: IP }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: "quota_exceeded", status: 429 });
    expect((refused as AppError).retryAfterSeconds).toBeGreaterThan(0);
    expect(h.sim.stats().makeGenCalls).toBe(calls);
    expect((await allGenerations(h.deps.db)).length).toBe(5);
  });

  it("gives the unit back when make_gen refuses the job outright", async () => {
    h = await createHarness({ sim: { mode: "sync" } });
    const face = await addFace(h.deps, OWNER);
    const who = { ownerId: OWNER, ip: IP, audience: "demo" as const, staffSignInEnabled: false };
    const { generation } = await createGeneration(h.deps, { ownerId: OWNER, input: params(face.id, { prompt: "p [sim:402]" }), idempotencyKey: null, ip: IP });
    expect(generation.status).toBe("failed");
    expect((await quotaStatus(h.deps.db, { ...who, now: Date.now() })).remaining).toBe(5);
    await createGeneration(h.deps, { ownerId: OWNER, input: params(face.id), idempotencyKey: null, ip: IP });
    expect((await quotaStatus(h.deps.db, { ...who, now: Date.now() })).remaining).toBe(4);
  });
});
