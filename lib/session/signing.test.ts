import * as crypto from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { safeEqualText, sign, unsign } from "./signing";

// Passes through to the real timingSafeEqual; lets the safeEqualText test count the calls.
vi.mock("node:crypto", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:crypto")>();
  return { ...real, timingSafeEqual: vi.fn(real.timingSafeEqual) };
});

const secret = "x".repeat(32);

describe("signed values", () => {
  it("round-trips a value", () => {
    expect(unsign(sign("owner_123", secret), secret)).toBe("owner_123");
  });

  it("refuses a tampered value or signature", () => {
    const signed = sign("owner_123", secret);
    expect(unsign(signed.replace("owner_123", "owner_124"), secret)).toBeNull();
    expect(unsign(`${signed}x`, secret)).toBeNull();
    expect(unsign(signed, "y".repeat(32))).toBeNull();
  });

  it("refuses empty and malformed input", () => {
    for (const bad of [undefined, null, "", "nodot", ".sig", "a.b.c"]) expect(unsign(bad, secret)).toBeNull();
  });
});

describe("safeEqualText", () => {
  it("matches only the exact secret", () => {
    expect(safeEqualText("team-code-2024", "team-code-2024")).toBe(true);
    expect(safeEqualText("team-code-2025", "team-code-2024")).toBe(false);
    expect(safeEqualText("Team-code-2024", "team-code-2024")).toBe(false);
    expect(safeEqualText("", "team-code-2024")).toBe(false);
  });

  it("compares fixed-length digests with timingSafeEqual, whatever the input lengths", () => {
    const spy = vi.mocked(crypto.timingSafeEqual);
    spy.mockClear();
    expect(safeEqualText("x", "a-much-longer-access-code")).toBe(false);
    expect(spy).toHaveBeenCalledTimes(1);
    const [a, b] = spy.mock.calls[0] ?? [];
    expect((a as Buffer).length).toBe(32);
    expect((b as Buffer).length).toBe(32);
    expect(Buffer.compare(a as Buffer, Buffer.from("x"))).not.toBe(0);
  });
});
