import { describe, expect, it } from "vitest";
import type { GenerationDto } from "@/lib/client/types";
import { flattenPages, hasUnfinished, withoutGeneration, type GalleryData } from "./list-cache";

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
