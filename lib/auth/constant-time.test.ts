import * as crypto from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { safeEqualText } from "./constant-time";

vi.mock("node:crypto", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:crypto")>();
  return { ...real, timingSafeEqual: vi.fn(real.timingSafeEqual) };
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
