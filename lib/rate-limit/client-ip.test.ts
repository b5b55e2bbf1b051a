import { describe, expect, it } from "vitest";
import { clientIpFrom, rateLimitKey } from "./client-ip";

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
