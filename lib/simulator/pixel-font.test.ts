import { describe, expect, it } from "vitest";
import { textRects, textWidth } from "./pixel-font";

describe("pixel font", () => {
  it("measures 6 cells per character minus the trailing gap", () => {
    expect(textWidth("SIMULATED", 1)).toBe(53);
    expect(textWidth("AB", 10)).toBe(110);
    expect(textWidth("", 5)).toBe(0);
  });

  it("draws one rect per lit run and nothing for unknown characters", () => {
    // "-" is a single 5-cell run on row 3.
    expect(textRects("-", 10, 20, 2)).toBe('<rect x="10" y="26" width="10" height="2"/>');
    expect(textRects("~", 0, 0, 1)).toBe("");
    expect(textRects("i", 0, 0, 1)).toBe(textRects("I", 0, 0, 1));
  });
});
