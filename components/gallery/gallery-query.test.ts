import { describe, expect, it } from "vitest";
import { apiStatusesFor, galleryHref, parseStatusView, readGalleryQuery } from "./gallery-query";

describe("parseStatusView", () => {
  it("accepts the four views and falls back to all", () => {
    expect(parseStatusView("failed")).toBe("failed");
    expect(parseStatusView("in-progress")).toBe("in-progress");
    expect(parseStatusView("processing")).toBe("all");
    expect(parseStatusView(null)).toBe("all");
  });
});

describe("apiStatusesFor", () => {
  it("maps in-progress to both unfinished statuses", () => {
    expect(apiStatusesFor("in-progress")).toEqual(["queued", "processing"]);
    expect(apiStatusesFor("all")).toEqual([]);
    expect(apiStatusesFor("succeeded")).toEqual(["succeeded"]);
  });
});

describe("readGalleryQuery / galleryHref", () => {
  it("round-trips status and search text", () => {
    const href = galleryHref({ view: "failed", q: " navy suit " });
    expect(href).toBe("/gallery?status=failed&q=navy+suit");
    expect(readGalleryQuery(new URL(href, "http://x").searchParams)).toEqual({ view: "failed", q: "navy suit" });
  });

  it("leaves defaults out and caps search length", () => {
    expect(galleryHref({ view: "all", q: "  " })).toBe("/gallery");
    expect(readGalleryQuery(new URLSearchParams({ q: "a".repeat(500) })).q).toHaveLength(200);
  });
});
