import { describe, expect, it } from "vitest";
import { sign, unsign } from "./signed-value";

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
