import { describe, expect, it } from "vitest";
import { downloadFilename, extensionFromUrl, slugify } from "./download-name";

describe("downloadFilename", () => {
  it("slugs the prompt and appends the seed", () => {
    expect(downloadFilename("Corporate headshot, navy suit!", 42)).toBe("corporate-headshot-navy-suit-seed-42.png");
  });

  it("strips accents and symbols", () => {
    expect(slugify("  Café portrait — “golden hour” ")).toBe("cafe-portrait-golden-hour");
  });

  it("falls back to 'headshot' when nothing usable is left", () => {
    expect(downloadFilename("日本語 ✨", 7)).toBe("headshot-seed-7.png");
  });

  it("cuts long prompts at a word boundary", () => {
    const slug = slugify("professional ".repeat(20));
    expect(slug.length).toBeLessThanOrEqual(60);
    expect(slug.endsWith("professional")).toBe(true);
  });

  it("keeps a given extension", () => {
    expect(downloadFilename("a", 1, "jpg")).toBe("a-seed-1.jpg");
  });
});

describe("extensionFromUrl", () => {
  it("reads the extension from the path and ignores the query", () => {
    expect(extensionFromUrl("/api/files/outputs/abc.JPG?v=2")).toBe("jpg");
    expect(extensionFromUrl("/api/files/outputs/abc.webp#x")).toBe("webp");
  });

  it("falls back to png", () => {
    expect(extensionFromUrl("/api/files/outputs/abc")).toBe("png");
  });
});
