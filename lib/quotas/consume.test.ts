import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDb, type Db } from "@/lib/db/open";
import { quotaEvents } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { consumeQuota, refundQuota } from "./consume";
import { DEFAULT_QUOTA_POLICY, type QuotaPolicy } from "./policy";

const H = 60 * 60_000;
const DAY = 24 * H;
const T0 = 1_700_000_000_000;
const policy: QuotaPolicy = DEFAULT_QUOTA_POLICY;

let n = 0;
const demo = (db: Db, over: { ownerId?: string; ip?: string | null; now?: number; policy?: QuotaPolicy } = {}) =>
  consumeQuota(db, { ownerId: "o1", ip: "203.0.113.7", audience: "demo", generationId: `g${++n}`, now: T0, policy, ...over });

function refusal(fn: () => void): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected a quota refusal");
}

const rows = (db: Db) => db.select().from(quotaEvents).all();

describe("consumeQuota", () => {
  it("allows exactly the demo allowance, then refuses with 429 and inserts nothing", () => {
    const db = openDb(":memory:");
    for (let i = 0; i < 5; i++) demo(db, { now: T0 + i });
    const before = rows(db).length;
    expect(before).toBe(15); // owner + ip + global per generation
    for (let i = 0; i < 20; i++) {
      const e = refusal(() => demo(db, { now: T0 + 10 + i }));
      expect(e.code).toBe("quota_exceeded");
      expect(e.status).toBe(429);
    }
    expect(rows(db).length).toBe(before);
  });

  it("two connections to one database file together never exceed the allowance", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "quota-"));
    try {
      const a = openDb(path.join(dir, "app.db"));
      const b = openDb(path.join(dir, "app.db"));
      let accepted = 0;
      for (let i = 0; i < 12; i++) {
        try {
          demo(i % 2 === 0 ? a : b, { now: T0 + i });
          accepted++;
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
        }
      }
      expect(accepted).toBe(5);
      expect(rows(a).filter((r) => r.subjectKind === "owner").length).toBe(5);
      a.$client.close();
      b.$client.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("uses a rolling window: a unit comes back exactly when the oldest event is a window old", () => {
    const db = openDb(":memory:");
    for (let i = 0; i < 5; i++) demo(db, { now: T0 + i * H });
    expect(() => demo(db, { now: T0 + DAY - 1 })).toThrow(AppError);
    demo(db, { now: T0 + DAY }); // the first event (T0) has left the window
    expect(() => demo(db, { now: T0 + DAY + 1 })).toThrow(AppError);
    demo(db, { now: T0 + DAY + H });
  });

  it("says when the oldest event expires, in Retry-After seconds and in words", () => {
    const db = openDb(":memory:");
    const start = T0 - (DAY - (3 * H + 12 * 60_000)); // oldest expires 3 h 12 min after T0
    demo(db, { now: start });
    for (let i = 1; i < 5; i++) demo(db, { now: T0 - i });
    const e = refusal(() => demo(db));
    expect(e.retryAfterSeconds).toBe(3 * 3600 + 12 * 60);
    expect(e.message).toBe("You have used all 5 generations for today. More become available in 3 h 12 min.");
  });

  it("gives a unit back on refund, once", () => {
    const db = openDb(":memory:");
    for (let i = 1; i <= 5; i++) consumeQuota(db, { ownerId: "o1", ip: null, audience: "demo", generationId: `r${i}`, now: T0, policy });
    const next = { ownerId: "o1", ip: null, audience: "demo" as const, generationId: "r6", now: T0 + 1, policy };
    expect(() => consumeQuota(db, next)).toThrow(AppError);
    expect(refundQuota(db, "r3", T0)).toBe(2);
    expect(refundQuota(db, "r3", T0)).toBe(0);
    consumeQuota(db, next);
    expect(() => consumeQuota(db, { ...next, generationId: "r7" })).toThrow(AppError);
  });

  it("never charges the same generation twice", () => {
    const db = openDb(":memory:");
    consumeQuota(db, { ownerId: "o1", ip: null, audience: "demo", generationId: "same", now: T0, policy });
    consumeQuota(db, { ownerId: "o1", ip: null, audience: "demo", generationId: "same", now: T0, policy });
    expect(rows(db).length).toBe(2);
  });

  it("limits one address across many owners", () => {
    const db = openDb(":memory:");
    for (let i = 0; i < 5; i++) demo(db, { ownerId: `owner-${i}` });
    const e = refusal(() => demo(db, { ownerId: "owner-new" }));
    expect(e.message).toMatch(/^Your network has used all 5 generations for today/);
    demo(db, { ownerId: "owner-new", ip: "198.51.100.1" });
  });

  it("refuses everyone once the global budget is spent, staff included", () => {
    const db = openDb(":memory:");
    const small: QuotaPolicy = { ...policy, global: { limit: 3, windowMs: DAY } };
    for (let i = 0; i < 3; i++) demo(db, { ownerId: `o${i}`, ip: `10.0.0.${i}`, policy: small });
    const e = refusal(() => consumeQuota(db, { ownerId: "boss", ip: null, audience: "staff", generationId: "s1", now: T0 + 1, policy: small }));
    expect(e.message).toBe("The demo has reached today's budget. Please try again tomorrow.");
    expect(e.retryAfterSeconds).toBe(DAY / 1000);
  });

  it("gives staff their own, larger allowance", () => {
    const db = openDb(":memory:");
    for (let i = 0; i < 5; i++) demo(db);
    expect(() => demo(db)).toThrow(AppError);
    for (let i = 0; i < 20; i++) consumeQuota(db, { ownerId: "o1", ip: "203.0.113.7", audience: "staff", generationId: `st${i}`, now: T0, policy });
  });
});
