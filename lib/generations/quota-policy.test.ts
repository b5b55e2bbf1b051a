import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config-schema";
import { DEFAULT_QUOTA_POLICY, formatWait, formatWaitShort } from "./quota-policy";

describe("formatWait", () => {
  it("rounds up to whole minutes", () => {
    expect(formatWait(1)).toBe("1 min");
    expect(formatWait(45 * 60_000 + 1)).toBe("46 min");
    expect(formatWait(3 * 3_600_000 + 12 * 60_000)).toBe("3 h 12 min");
    expect(formatWait(2 * 3_600_000)).toBe("2 h");
  });

  it("has a short form for the header", () => {
    expect(formatWaitShort(30 * 60_000)).toBe("30 min");
    expect(formatWaitShort(3 * 3_600_000 + 10 * 60_000)).toBe("3 h");
  });
});

describe("quota and limit settings", () => {
  it("defaults to demo 5 per owner and per IP, staff 200, 500 overall, per rolling 24 h", () => {
    const c = parseConfig({});
    expect(c.quotas).toEqual(DEFAULT_QUOTA_POLICY);
    expect(c.quotas.audiences.demo).toEqual({ perOwner: 5, perIp: 5, windowMs: 86_400_000 });
    expect(c.quotas.audiences.staff.perOwner).toBe(200);
    expect(c.quotas.global.limit).toBe(500);
    expect(c.staffAccessCode).toBeNull();
    expect(c.trustProxy).toBe(false);
    expect(c.rateLimits.create).toEqual({ limit: 20, windowSeconds: 60 });
  });

  it("applies overrides as data", () => {
    const c = parseConfig({
      QUOTAS: '{"demo":{"perOwner":3,"perIp":null},"staff":{"windowHours":12}}',
      GLOBAL_DAILY_BUDGET: "50",
      RATE_LIMITS: '{"polls":{"limit":100}}',
      TRUST_PROXY: "true",
      STAFF_ACCESS_CODE: "a-long-team-code",
    });
    expect(c.quotas.audiences.demo).toEqual({ perOwner: 3, perIp: null, windowMs: 86_400_000 });
    expect(c.quotas.audiences.staff).toEqual({ perOwner: 200, perIp: null, windowMs: 12 * 3_600_000 });
    expect(c.quotas.global.limit).toBe(50);
    expect(c.rateLimits.polls).toEqual({ limit: 100, windowSeconds: 60 });
    expect(c.trustProxy).toBe(true);
    expect(c.staffAccessCode).toBe("a-long-team-code");
  });

  it.each([
    ["QUOTAS", "{not json"],
    ["QUOTAS", '{"demo":{"perOwner":-1}}'],
    ["QUOTAS", '{"guests":{"perOwner":1}}'],
    ["GLOBAL_DAILY_BUDGET", "lots"],
    ["RATE_LIMITS", '{"polls":{"limit":0}}'],
    ["TRUST_PROXY", "yes please"],
    ["STAFF_ACCESS_CODE", "123"],
  ])("refuses to start with a bad %s, naming it", (name, value) => {
    expect(() => parseConfig({ [name]: value })).toThrow(new RegExp(name));
  });
});
