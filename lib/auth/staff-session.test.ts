import { describe, expect, it } from "vitest";
import { sign } from "@/lib/security/signed-value";
import { issueStaffSession, isValidStaffSession } from "./staff-session";

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
