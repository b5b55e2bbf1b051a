import { describe, expect, it } from "vitest";
import { fitWithin } from "./fit-within";

describe("fitWithin", () => {
  it("scales a phone photo so the long side is the maximum", () => {
    expect(fitWithin(4032, 3024, 2048)).toEqual({ width: 2048, height: 1536 });
    expect(fitWithin(3024, 4032, 2048)).toEqual({ width: 1536, height: 2048 });
  });

  it("never enlarges", () => {
    expect(fitWithin(600, 700, 2048)).toEqual({ width: 600, height: 700 });
    expect(fitWithin(2048, 100, 2048)).toEqual({ width: 2048, height: 100 });
  });

  it("handles squares, odd ratios and rounding", () => {
    expect(fitWithin(5000, 5000, 2048)).toEqual({ width: 2048, height: 2048 });
    expect(fitWithin(4000, 2999, 2048)).toEqual({ width: 2048, height: 1535 });
    expect(fitWithin(100_000, 10, 2048)).toEqual({ width: 2048, height: 1 });
  });
});
