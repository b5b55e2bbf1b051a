import { describe, expect, it } from "vitest";
import { canTransition } from "./state-machine";

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
