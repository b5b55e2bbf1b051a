import { describe, expect, it } from "vitest";
import type { GenerationDto, GenerationListDto } from "@/lib/client/types";
import {
  apiStatusesFor,
  fetchGalleryPage,
  flattenPages,
  galleryHref,
  hasUnfinished,
  parseStatusView,
  readGalleryQuery,
  withoutGeneration,
  type GalleryData,
  type ListFetcher,
} from "./gallery-list";

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

const dated = (id: string, status: GenerationDto["status"], createdAt: string) => ({ id, status, createdAt }) as GenerationDto;

function fakeFetcher(pages: Record<string, GenerationListDto>) {
  const calls: string[] = [];
  const fetcher: ListFetcher = async (f) => {
    const key = `${f.status ?? "any"}:${f.cursor ?? ""}`;
    calls.push(`${key}:${f.q ?? ""}`);
    const page = pages[key];
    if (!page) throw new Error(`unexpected request ${key}`);
    return page;
  };
  return { fetcher, calls };
}

describe("fetchGalleryPage", () => {
  it("passes a single-status view straight through", async () => {
    const { fetcher, calls } = fakeFetcher({ "failed:c1": { items: [dated("a", "failed", "2026-01-01")], nextCursor: "c2" } });
    const page = await fetchGalleryPage(fetcher, "failed", "suit", "c1");
    expect(page.nextCursor).toBe("c2");
    expect(calls).toEqual(["failed:c1:suit"]);
  });

  it("sends no status for the all view", async () => {
    const { fetcher, calls } = fakeFetcher({ "any:": { items: [], nextCursor: null } });
    await fetchGalleryPage(fetcher, "all", "", null);
    expect(calls).toEqual(["any::"]);
  });

  it("merges queued and processing newest first and keeps a cursor per status", async () => {
    const { fetcher } = fakeFetcher({
      "queued:": { items: [dated("q2", "queued", "2026-01-03"), dated("q1", "queued", "2026-01-01")], nextCursor: "qc" },
      "processing:": { items: [dated("p1", "processing", "2026-01-02")], nextCursor: null },
      "queued:qc": { items: [dated("q0", "queued", "2025-12-31")], nextCursor: null },
    });
    const first = await fetchGalleryPage(fetcher, "in-progress", "", null);
    expect(first.items.map((i) => i.id)).toEqual(["q2", "p1", "q1"]);
    expect(first.nextCursor).not.toBeNull();
    const second = await fetchGalleryPage(fetcher, "in-progress", "", first.nextCursor);
    expect(second.items.map((i) => i.id)).toEqual(["q0"]);
    expect(second.nextCursor).toBeNull();
  });
});

const gen = (id: string, status: GenerationDto["status"] = "succeeded") => ({ id, status }) as GenerationDto;
const data = (...pages: GenerationDto[][]): GalleryData => ({
  pages: pages.map((items, i) => ({ items, nextCursor: i < pages.length - 1 ? `c${i}` : null })),
  pageParams: pages.map((_, i) => (i === 0 ? null : `c${i - 1}`)),
});

describe("withoutGeneration", () => {
  it("removes the item from whichever page holds it and keeps cursors", () => {
    const next = withoutGeneration(data([gen("a"), gen("b")], [gen("c")]), "c");
    expect(next?.pages.map((p) => p.items.map((i) => i.id))).toEqual([["a", "b"], []]);
    expect(next?.pages[0]?.nextCursor).toBe("c0");
  });

  it("returns the same object when the id is absent", () => {
    const before = data([gen("a")]);
    expect(withoutGeneration(before, "zzz")).toBe(before);
    expect(withoutGeneration(undefined, "a")).toBeUndefined();
  });
});

describe("hasUnfinished", () => {
  it("is true only while a loaded item is queued or processing", () => {
    expect(hasUnfinished(data([gen("a")], [gen("b", "processing")]))).toBe(true);
    expect(hasUnfinished(data([gen("a", "queued")]))).toBe(true);
    expect(hasUnfinished(data([gen("a"), gen("b", "failed")]))).toBe(false);
    expect(hasUnfinished(undefined)).toBe(false);
  });
});

describe("flattenPages", () => {
  it("lists items in page order once each", () => {
    expect(flattenPages(data([gen("a"), gen("b")], [gen("b"), gen("c")])).map((i) => i.id)).toEqual(["a", "b", "c"]);
    expect(flattenPages(undefined)).toEqual([]);
  });
});
