import { describe, expect, it } from "vitest";
import { canTransition, nextCheckAt } from "./lifecycle";

describe("generation state machine", () => {
  it.each([
    ["queued", "processing", null, true],
    ["queued", "succeeded", null, true],
    ["queued", "failed", null, true],
    ["processing", "succeeded", null, true],
    ["processing", "failed", null, true],
    ["processing", "queued", null, false],
    ["succeeded", "failed", null, false],
    ["succeeded", "processing", null, false],
    ["succeeded", "succeeded", null, false],
    ["failed", "processing", "timeout", false],
    ["failed", "succeeded", "timeout", true],
    ["failed", "succeeded", "invalid_key", false],
    ["failed", "failed", "timeout", false],
  ] as const)("%s → %s (reason %s) allowed: %s", (from, to, reason, allowed) => {
    expect(canTransition(from, to, reason)).toBe(allowed);
  });
});

describe("nextCheckAt", () => {
  it("waits for the upstream's ETA when it is in the future", () => {
    expect(nextCheckAt(1_000, 9_000, 0)).toBe(9_000);
  });
  it("backs off from 1 s to at most 10 s once the ETA has passed", () => {
    expect(nextCheckAt(0, null, 0)).toBe(1_000);
    expect(nextCheckAt(0, null, 2)).toBe(2_250);
    expect(nextCheckAt(0, 0, 50)).toBe(10_000);
  });
});
