import { describe, expect, it } from "vitest";
import { nextCheckAt } from "./polling";

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
