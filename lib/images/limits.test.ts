import { describe, expect, it } from "vitest";
import { formatBytes } from "./limits";

describe("formatBytes", () => {
  it("matches the sizes shown beside a face photo", () => {
    expect(formatBytes(312 * 1024)).toBe("312 KB");
    expect(formatBytes(4.8 * 1024 * 1024)).toBe("4.8 MB");
    expect(formatBytes(20 * 1024 * 1024)).toBe("20 MB");
  });

  it("covers bytes, rounding and unit boundaries", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(812)).toBe("812 B");
    expect(formatBytes(1536)).toBe("2 KB");
    expect(formatBytes(1024 * 1024 - 1)).toBe("1 MB");
    expect(formatBytes(150.4 * 1024 * 1024)).toBe("150 MB");
    expect(formatBytes(3 * 1024 ** 3)).toBe("3 GB");
  });

  it("does not print nonsense for invalid input", () => {
    expect(formatBytes(-5)).toBe("0 B");
    expect(formatBytes(Number.NaN)).toBe("0 B");
  });
});
