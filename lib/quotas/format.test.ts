import { describe, expect, it } from "vitest";
import { formatWait, formatWaitShort } from "./format";

describe("formatWait", () => {
  it("rounds up to whole minutes", () => {
    expect(formatWait(1)).toBe("1 min");
    expect(formatWait(45 * 60_000 + 1)).toBe("46 min");
    expect(formatWait(3 * 3_600_000 + 12 * 60_000)).toBe("3 h 12 min");
    expect(formatWait(2 * 3_600_000)).toBe("2 h");
  });

  it("has a short form for the header", () => {
    expect(formatWaitShort(30 * 60_000)).toBe("30 min");
    expect(formatWaitShort(3 * 3_600_000 + 10 * 60_000)).toBe("3 h");
  });
});
