import { describe, expect, it } from "vitest";
import type { GenerationDto, GenerationListDto } from "@/lib/client/types";
import { fetchGalleryPage, type ListFetcher } from "./gallery-page";

const gen = (id: string, status: GenerationDto["status"], createdAt: string) => ({ id, status, createdAt }) as GenerationDto;

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
    const { fetcher, calls } = fakeFetcher({ "failed:c1": { items: [gen("a", "failed", "2026-01-01")], nextCursor: "c2" } });
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
      "queued:": { items: [gen("q2", "queued", "2026-01-03"), gen("q1", "queued", "2026-01-01")], nextCursor: "qc" },
      "processing:": { items: [gen("p1", "processing", "2026-01-02")], nextCursor: null },
      "queued:qc": { items: [gen("q0", "queued", "2025-12-31")], nextCursor: null },
    });
    const first = await fetchGalleryPage(fetcher, "in-progress", "", null);
    expect(first.items.map((i) => i.id)).toEqual(["q2", "p1", "q1"]);
    expect(first.nextCursor).not.toBeNull();
    const second = await fetchGalleryPage(fetcher, "in-progress", "", first.nextCursor);
    expect(second.items.map((i) => i.id)).toEqual(["q0"]);
    expect(second.nextCursor).toBeNull();
  });
});
