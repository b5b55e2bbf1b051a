import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resetConfigForTests } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { clientIpFrom, rateLimit, rateLimitKey, resetRateLimitsForTests, TokenBucketLimiter } from "./rate-limit";

const perMinute = (n: number, maxKeys?: number) => new TokenBucketLimiter({ capacity: n, refillPerMs: n / 60_000, maxKeys });

describe("TokenBucketLimiter", () => {
  it("allows a burst of the capacity, then refuses with the wait until the next token", () => {
    const limiter = perMinute(3);
    expect([1, 2, 3].map(() => limiter.take("ip", 0).ok)).toEqual([true, true, true]);
    expect(limiter.take("ip", 0)).toEqual({ ok: false, retryAfterSeconds: 20 });
    expect(limiter.take("ip", 5_000)).toEqual({ ok: false, retryAfterSeconds: 15 });
  });

  it("refills over time, never above the capacity", () => {
    const limiter = perMinute(3);
    for (let i = 0; i < 3; i++) limiter.take("ip", 0);
    expect(limiter.take("ip", 19_999).ok).toBe(false);
    expect(limiter.take("ip", 20_000).ok).toBe(true);
    const later = 10 * 60_000;
    expect([1, 2, 3, 4].map(() => limiter.take("ip", later).ok)).toEqual([true, true, true, false]);
  });

  it("keeps keys apart", () => {
    const limiter = perMinute(1);
    expect(limiter.take("a", 0).ok).toBe(true);
    expect(limiter.take("a", 0).ok).toBe(false);
    expect(limiter.take("b", 0).ok).toBe(true);
  });

  it("forgets refilled buckets first and never grows past its cap", () => {
    const limiter = perMinute(2, 100);
    limiter.take("busy", 60_000);
    limiter.take("busy", 60_000);
    for (let i = 0; i < 99; i++) limiter.take(`idle-${i}`, 0);
    // 100 keys; one more at t=60s evicts every idle bucket (refilled by then) but keeps the drained one.
    limiter.take("new", 60_000);
    expect(limiter.size).toBe(2);
    expect(limiter.take("busy", 60_000).ok).toBe(false);
    for (let i = 0; i < 5_000; i++) limiter.take(`flood-${i}`, 60_000);
    expect(limiter.size).toBeLessThanOrEqual(100);
  });
});

const h = (xff: string) => new Headers({ "x-forwarded-for": xff });

describe("clientIpFrom", () => {
  it("ignores X-Forwarded-For unless a proxy is trusted (the client can write it)", () => {
    expect(clientIpFrom(h("203.0.113.9"), false)).toBeNull();
    expect(rateLimitKey(clientIpFrom(h("203.0.113.9"), false))).toBe("local");
  });

  it("takes the entry our proxy appended, not the client's own", () => {
    expect(clientIpFrom(h("1.2.3.4, 203.0.113.9"), true)).toBe("203.0.113.9");
    expect(clientIpFrom(h("::ffff:198.51.100.4"), true)).toBe("198.51.100.4");
    expect(clientIpFrom(h("2001:db8::1"), true)).toBe("2001:db8::1");
  });

  it("refuses garbage", () => {
    expect(clientIpFrom(h("not-an-ip"), true)).toBeNull();
    expect(clientIpFrom(new Headers(), true)).toBeNull();
  });
});

const req = (ip: string) => new Request("http://localhost/api/x", { headers: { "x-forwarded-for": ip } });

describe("rateLimit", () => {
  beforeEach(() => {
    process.env.TRUST_PROXY = "true";
    process.env.RATE_LIMITS = JSON.stringify({ create: { limit: 2, windowSeconds: 60 } });
    resetConfigForTests();
    resetRateLimitsForTests();
  });
  afterEach(() => {
    delete process.env.TRUST_PROXY;
    delete process.env.RATE_LIMITS;
    resetConfigForTests();
    resetRateLimitsForTests();
  });

  it("answers 429 with Retry-After once a client's bucket for a group is empty", () => {
    rateLimit(req("203.0.113.1"), "create", 0);
    rateLimit(req("203.0.113.1"), "create", 0);
    let error: unknown;
    try {
      rateLimit(req("203.0.113.1"), "create", 0);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "rate_limited", status: 429, retryAfterSeconds: 30 });
    rateLimit(req("203.0.113.2"), "create", 0); // another client
    rateLimit(req("203.0.113.1"), "polls", 0); // another group
  });
});
