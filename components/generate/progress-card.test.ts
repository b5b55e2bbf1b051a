import { describe, expect, it } from "vitest";
import { describeEta, formatElapsed } from "./progress-card";

const now = Date.parse("2026-01-01T00:00:00.000Z");

describe("formatElapsed", () => {
  it("formats minutes and seconds", () => {
    expect(formatElapsed(7_400)).toBe("0:07");
    expect(formatElapsed(65_000)).toBe("1:05");
    expect(formatElapsed(3_723_000)).toBe("1:02:03");
    expect(formatElapsed(-500)).toBe("0:00");
  });
});

describe("describeEta", () => {
  it("counts down seconds and minutes", () => {
    expect(describeEta("2026-01-01T00:00:12.000Z", now)).toBe("about 12 s left");
    expect(describeEta("2026-01-01T00:03:00.000Z", now)).toBe("about 3 min left");
  });

  it("admits when the estimate has passed", () => {
    expect(describeEta("2025-12-31T23:59:59.000Z", now)).toBe("taking longer than expected…");
  });

  it("says nothing without a usable estimate", () => {
    expect(describeEta(null, now)).toBeNull();
    expect(describeEta("soon", now)).toBeNull();
  });
});
