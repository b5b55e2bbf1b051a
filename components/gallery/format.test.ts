import { describe, expect, it } from "vitest";
import { excerpt, formatSeconds, formatSize, generationSeconds } from "./format";

describe("excerpt", () => {
  it("keeps short prompts whole and collapses whitespace", () => {
    expect(excerpt("  navy   suit\nstudio ")).toBe("navy suit studio");
  });

  it("cuts long prompts at a word and adds an ellipsis", () => {
    expect(excerpt("corporate headshot, navy suit, soft light", 30)).toBe("corporate headshot, navy suit…");
    expect(excerpt("corporate headshot, navy suit, soft light", 28)).toBe("corporate headshot, navy…");
  });
});

describe("generationSeconds", () => {
  it("prefers the reported time, else derives it from timestamps", () => {
    expect(generationSeconds({ generationTimeSeconds: 3.2, createdAt: "x", completedAt: null })).toBe(3.2);
    expect(generationSeconds({ generationTimeSeconds: null, createdAt: "2026-01-01T00:00:00Z", completedAt: "2026-01-01T00:00:12.5Z" })).toBe(12.5);
    expect(generationSeconds({ generationTimeSeconds: null, createdAt: "2026-01-01T00:00:00Z", completedAt: null })).toBeNull();
  });
});

describe("formatSeconds / formatSize", () => {
  it("formats for people", () => {
    expect(formatSeconds(4.25)).toBe("4.3 s");
    expect(formatSeconds(75)).toBe("1 min 15 s");
    expect(formatSeconds(null)).toBe("—");
    expect(formatSize(832, 1216)).toBe("832 × 1216");
  });
});
