import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { POST as signIn } from "@/app/api/auth/sign-in/route";
import { POST as signOut } from "@/app/api/auth/sign-out/route";
import { resetConfigForTests } from "@/lib/config";
import { resetRateLimitsForTests } from "@/lib/http/rate-limit";
import { sign } from "./signing";
import { getAudience, issueStaffSession, isValidStaffSession } from "./staff";

const secret = "s".repeat(40);
const code = "team-code-2024";
const now = 1_700_000_000_000;
const ttlMs = 60 * 60_000;

describe("staff session cookie", () => {
  const { value } = issueStaffSession({ secret, code, now, ttlMs });

  it("is valid until it expires, and not a millisecond after", () => {
    expect(isValidStaffSession(value, { secret, code, now: now + ttlMs - 1 })).toBe(true);
    expect(isValidStaffSession(value, { secret, code, now: now + ttlMs })).toBe(false);
  });

  it("refuses forged or altered values", () => {
    expect(isValidStaffSession(undefined, { secret, code, now })).toBe(false);
    expect(isValidStaffSession("staff:99999999999999:x", { secret, code, now })).toBe(false);
    expect(isValidStaffSession(value.replace(/:(\d+):/, ":99999999999999:"), { secret, code, now })).toBe(false);
    expect(isValidStaffSession(value, { secret: "t".repeat(40), code, now })).toBe(false);
    // Signed with the right secret but a made-up payload (e.g. an owner cookie value) is still no session.
    expect(isValidStaffSession(sign("o_abcdefghijklmnopqrstuv", secret), { secret, code, now })).toBe(false);
    expect(isValidStaffSession(sign(`staff:${now + ttlMs}:guess`, secret), { secret, code, now })).toBe(false);
  });

  it("ends every session when the access code changes", () => {
    expect(isValidStaffSession(value, { secret, code: "new-team-code", now })).toBe(false);
  });
});

const CODE = "team-code-2024";
const post = (url: string, body: unknown) =>
  new Request(`http://localhost${url}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const withCookie = (setCookie: string | null) =>
  new Request("http://localhost/api/quota", { headers: { cookie: (setCookie ?? "").split(";")[0] ?? "" } });

describe("staff sign-in", () => {
  beforeEach(() => {
    process.env.SESSION_SECRET = "x".repeat(40);
    process.env.STAFF_ACCESS_CODE = CODE;
    resetConfigForTests();
    resetRateLimitsForTests();
  });
  afterEach(() => {
    delete process.env.STAFF_ACCESS_CODE;
    resetConfigForTests();
    resetRateLimitsForTests();
  });

  it("sets a signed httpOnly SameSite=Lax cookie that makes the caller staff", async () => {
    const res = await signIn(post("/api/auth/sign-in", { code: CODE }), {});
    expect(res.status).toBe(200);
    const cookie = res.headers.get("set-cookie");
    expect(cookie).toMatch(/^hs_staff=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=lax/i);
    expect(getAudience(withCookie(cookie))).toBe("staff");
    expect(getAudience(withCookie("hs_staff=staff:99999999999999:abc.forged"))).toBe("demo");
  });

  it("refuses a wrong code with 401 and no cookie", async () => {
    const res = await signIn(post("/api/auth/sign-in", { code: "team-code-2025" }), {});
    expect(res.status).toBe(401);
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("limits attempts: the sixth in 15 minutes is 429 with Retry-After, even with the right code", async () => {
    for (let i = 0; i < 5; i++) expect((await signIn(post("/api/auth/sign-in", { code: `guess-${i}` }), {})).status).toBe(401);
    const res = await signIn(post("/api/auth/sign-in", { code: CODE }), {});
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("is disabled with a clear message when no code is configured", async () => {
    delete process.env.STAFF_ACCESS_CODE;
    resetConfigForTests();
    const res = await signIn(post("/api/auth/sign-in", { code: CODE }), {});
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/STAFF_ACCESS_CODE/);
  });

  it("signs out by expiring the cookie", async () => {
    const res = await signOut(post("/api/auth/sign-out", {}), {});
    expect(res.headers.get("set-cookie")).toMatch(/^hs_staff=;.*Max-Age=0/i);
  });
});
