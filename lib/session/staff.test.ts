import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { POST as signIn } from "@/app/api/auth/sign-in/route";
import { POST as signOut } from "@/app/api/auth/sign-out/route";
import { resetConfigForTests } from "@/lib/config";
import { resetRateLimitsForTests } from "@/lib/http/rate-limit";
import { sign } from "./signing";
import { getAudience, issueStaffSession, isValidStaffSession, signInStaff } from "./staff";

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

  it("five (or fifty) wrong codes from anyone do not lock out the person with the right code (no TRUST_PROXY)", async () => {
    const waits: number[] = [];
    const wait = async (ms: number) => void waits.push(ms);
    for (let i = 0; i < 50; i++) {
      const refused = await signInStaff(post("/api/auth/sign-in", { code: `guess-${i}-abcdefgh` }), { code: `guess-${i}-abcdefgh` }, undefined, wait).catch((e: unknown) => e);
      expect(refused).toMatchObject({ status: 401 });
    }
    // Slowed down, never locked: 250 ms after the first failure, doubling to at most 10 s.
    expect(waits.slice(0, 8)).toEqual([250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
    expect(Math.max(...waits)).toBe(10_000);
    const res = await signIn(post("/api/auth/sign-in", { code: CODE }), {});
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toMatch(/^hs_staff=/);
  });

  it("a wrong code through the route is answered after the delay, with 401 and no cookie", async () => {
    const started = Date.now();
    const res = await signIn(post("/api/auth/sign-in", { code: "not-the-team-code" }), {});
    expect(res.status).toBe(401);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it("the delay is forgotten after 15 quiet minutes", async () => {
    const waits: number[] = [];
    const wait = async (ms: number) => void waits.push(ms);
    const at = (now: number) => signInStaff(post("/api/auth/sign-in", {}), { code: "wrong-code-12345" }, now, wait).catch(() => undefined);
    await at(now);
    await at(now + 1000);
    await at(now + 1000 + 15 * 60_000);
    expect(waits).toEqual([250, 500, 250]);
  });

  describe("with TRUST_PROXY (client addresses known)", () => {
    beforeEach(() => {
      process.env.TRUST_PROXY = "true";
      resetConfigForTests();
    });
    afterEach(() => {
      delete process.env.TRUST_PROXY;
      resetConfigForTests();
    });
    const from = (ip: string, code: string) =>
      new Request("http://localhost/api/auth/sign-in", { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": ip }, body: JSON.stringify({ code }) });
    const noWait = async () => undefined;

    it("counts failures per address: a guesser is held at 5 per 15 minutes, a colleague elsewhere gets in", async () => {
      for (let i = 0; i < 5; i++) expect(await signInStaff(from("203.0.113.9", `guess-${i}-abcdefgh`), { code: `guess-${i}-abcdefgh` }, now, noWait).catch((e: unknown) => e)).toMatchObject({ status: 401 });
      // The sixth from that address is refused before the comparison, even with the right code.
      const held = await signInStaff(from("203.0.113.9", CODE), { code: CODE }, now, noWait).catch((e: unknown) => e);
      expect(held).toMatchObject({ status: 429 });
      expect((held as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
      const colleague = await signIn(from("198.51.100.7", CODE), {});
      expect(colleague.status).toBe(200);
    });

    it("a right code does not spend the address's allowance", async () => {
      for (let i = 0; i < 12; i++) expect((await signIn(from("198.51.100.8", CODE), {})).status).toBe(200);
      for (let i = 0; i < 5; i++) expect(await signInStaff(from("198.51.100.8", "wrong-code-12345"), { code: "wrong-code-12345" }, now, noWait).catch((e: unknown) => e)).toMatchObject({ status: 401 });
    });

    it("slows down failures per address, not for everyone", async () => {
      const waits: Record<string, number[]> = { a: [], b: [] };
      for (const [who, ip] of [["a", "203.0.113.1"], ["a", "203.0.113.1"], ["a", "203.0.113.1"], ["b", "203.0.113.2"]] as const) {
        await signInStaff(from(ip, "wrong-code-12345"), { code: "wrong-code-12345" }, now, async (ms) => void waits[who]!.push(ms)).catch(() => undefined);
      }
      expect(waits).toEqual({ a: [250, 500, 1000], b: [250] });
    });
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
