import { describe, expect, it } from "vitest";
import { histogram, percentile, round, summarize } from "./stats";

describe("bench stats", () => {
  it("takes nearest-rank percentiles", () => {
    const s = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(s, 50)).toBe(50);
    expect(percentile(s, 95)).toBe(95);
    expect(percentile(s, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it("summarises unsorted values", () => {
    const sum = summarize([5, 1, 3]);
    expect(sum).toMatchObject({ n: 3, min: 1, p50: 3, max: 5, mean: 3 });
  });

  it("counts keys and rounds", () => {
    expect(histogram([200, 200, 429])).toEqual({ "200": 2, "429": 1 });
    expect(round(1.2345, 2)).toBe(1.23);
  });
});
