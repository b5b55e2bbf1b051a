import { describe, expect, it } from "vitest";
import { TokenBucketLimiter } from "./token-bucket";

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
