import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resetConfigForTests } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { rateLimit, resetRateLimitsForTests } from "./limit";

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
