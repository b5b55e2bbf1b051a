// The contract every RequestLimiter store keeps (lib/http/rate-limit.ts), run by rate-limit.test.ts against the
// memory store and against Postgres. What a client sees must not depend on where the counts live.
import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { RequestLimiter } from "./rate-limit";
import { buildRateLimits, type RateLimitPolicy, type RateLimitsOverride } from "./rate-limit-policy";

export type OpenLimiter = (policy: RateLimitPolicy) => Promise<RequestLimiter>;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** A key no other test (or earlier run on the same table) has used. */
const freshKey = () => `203.0.113.${randomBytes(6).toString("hex")}`;

/** `open` makes a limiter for a policy on the store under test; it is called inside the tests (after beforeAll). */
export function requestLimiterContract(name: string, open: OpenLimiter): void {
  describe(`RequestLimiter contract: ${name}`, () => {
    const opened: RequestLimiter[] = [];
    const limiter = async (override: RateLimitsOverride) => {
      const made = await open(buildRateLimits(override));
      opened.push(made);
      return made;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((l) => l.close()));
    });

    it("allows `limit` requests in a window, then refuses with the wait until the window ends", async () => {
      const l = await limiter({ create: { limit: 3, windowSeconds: 60 } });
      const key = freshKey();
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(await l.take("create", key));
      expect(answers).toEqual([
        { ok: true, remaining: 2 },
        { ok: true, remaining: 1 },
        { ok: true, remaining: 0 },
      ]);
      const refused = await l.take("create", key);
      expect(refused.ok).toBe(false);
      if (refused.ok) return;
      expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(58);
      expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    });

    it("keeps clients and route groups apart", async () => {
      const l = await limiter({ create: { limit: 1 }, polls: { limit: 1 } });
      const [a, b] = [freshKey(), freshKey()];
      expect((await l.take("create", a)).ok).toBe(true);
      expect((await l.take("create", a)).ok).toBe(false);
      expect((await l.take("create", b)).ok).toBe(true);
      expect((await l.take("polls", a)).ok).toBe(true);
      expect((await l.take("polls", a)).ok).toBe(false);
    });

    it("refused attempts do not push the window back (no block past the window)", async () => {
      const l = await limiter({ uploads: { limit: 1, windowSeconds: 1 } });
      const key = freshKey();
      expect((await l.take("uploads", key)).ok).toBe(true);
      for (let i = 0; i < 5; i++) expect(await l.take("uploads", key)).toEqual({ ok: false, retryAfterSeconds: 1 });
      await sleep(1_100);
      expect(await l.take("uploads", key)).toEqual({ ok: true, remaining: 0 });
      expect((await l.take("uploads", key)).ok).toBe(false);
    });

    it("a refund gives one request back, but never more than the limit", async () => {
      const l = await limiter({ auth: { limit: 2, windowSeconds: 60 } });
      const key = freshKey();
      await l.take("auth", key);
      await l.take("auth", key);
      await l.refund("auth", key);
      expect(await l.take("auth", key)).toEqual({ ok: true, remaining: 0 });
      expect((await l.take("auth", key)).ok).toBe(false);
      // A refund for a key with no window open (never seen, or its window over) grants nothing extra.
      const other = freshKey();
      await l.refund("auth", other);
      await l.refund("auth", other);
      expect([await l.take("auth", other), await l.take("auth", other), await l.take("auth", other)].map((r) => r.ok)).toEqual([true, true, false]);
    });

    it("counts requests that arrive at once exactly (no lost updates)", async () => {
      const l = await limiter({ files: { limit: 10, windowSeconds: 60 } });
      const key = freshKey();
      const answers = await Promise.all(Array.from({ length: 40 }, () => l.take("files", key)));
      expect(answers.filter((a) => a.ok)).toHaveLength(10);
      expect(answers.filter((a) => !a.ok)).toHaveLength(30);
    });
  });
}
