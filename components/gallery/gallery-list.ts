// The gallery list: its filters (kept in the URL), how one page of a view is fetched (on the server for the
// first page, in the browser after), and the cached pages' helpers. No React here: the server imports it too.
import type { InfiniteData } from "@tanstack/react-query";
import type { GenerationListFilters } from "@/lib/client/api";
import type { GenerationDto, GenerationListDto } from "@/lib/client/types";
import { isUnfinished, PAGE_SIZE, type GenerationStatus } from "@/lib/validations/generation";

/** What the status filter shows. "in-progress" covers both unfinished statuses (queued and processing). */
export type StatusView = "all" | "succeeded" | "in-progress" | "failed";

export const STATUS_VIEWS: ReadonlyArray<{ value: StatusView; label: string }> = [
  { value: "all", label: "All" },
  { value: "succeeded", label: "Succeeded" },
  { value: "in-progress", label: "In progress" },
  { value: "failed", label: "Failed" },
];

export const SEARCH_MAX = 200;

type SearchParamsLike = { get(name: string): string | null };

export type GalleryQuery = { view: StatusView; q: string };

export function parseStatusView(value: string | null): StatusView {
  return STATUS_VIEWS.some((v) => v.value === value) ? (value as StatusView) : "all";
}

export function readGalleryQuery(params: SearchParamsLike): GalleryQuery {
  return { view: parseStatusView(params.get("status")), q: (params.get("q") ?? "").slice(0, SEARCH_MAX) };
}

/** The API statuses one view needs; "all" needs no filter, "in-progress" needs two requests. */
export function apiStatusesFor(view: StatusView): GenerationStatus[] {
  if (view === "in-progress") return ["queued", "processing"];
  if (view === "all") return [];
  return [view];
}

/** The gallery URL for a query; defaults are left out so the plain `/gallery` stays canonical. */
export function galleryHref({ view, q }: GalleryQuery): string {
  const qs = new URLSearchParams();
  if (view !== "all") qs.set("status", view);
  if (q.trim()) qs.set("q", q.trim());
  const query = qs.toString();
  return query ? `/gallery?${query}` : "/gallery";
}

export type ListFetcher = (filters: GenerationListFilters & { cursor?: string | null }, signal?: AbortSignal) => Promise<GenerationListDto>;


/** Per-status cursor of a merged view: null = not started, string = next cursor, false = exhausted. */
type StreamCursor = string | null | false;
type MergedCursor = Record<string, StreamCursor>;

function decode(pageParam: string | null, statuses: GenerationStatus[]): MergedCursor {
  const start = Object.fromEntries(statuses.map((s) => [s, null]));
  if (!pageParam) return start;
  try {
    const parsed: unknown = JSON.parse(pageParam);
    return typeof parsed === "object" && parsed !== null ? { ...start, ...(parsed as MergedCursor) } : start;
  } catch {
    return start;
  }
}

const newestFirst = (a: GenerationDto, b: GenerationDto) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);

/**
 * One page of a gallery view. A view over several statuses (in progress = queued + processing) pages each status
 * with its own keyset cursor and merges them newest first; the API filters one status per request.
 */
export async function fetchGalleryPage(
  fetcher: ListFetcher,
  view: StatusView,
  q: string,
  pageParam: string | null,
  signal?: AbortSignal,
): Promise<GenerationListDto> {
  const statuses = apiStatusesFor(view);
  if (statuses.length <= 1) return fetcher({ status: statuses[0], q, cursor: pageParam, limit: PAGE_SIZE }, signal);
  const cursor = decode(pageParam, statuses);
  const next: MergedCursor = {};
  const items: GenerationDto[] = [];
  await Promise.all(
    statuses.map(async (status) => {
      const at = cursor[status] ?? null;
      if (at === false) return void (next[status] = false);
      const page = await fetcher({ status, q, cursor: at, limit: PAGE_SIZE }, signal);
      items.push(...page.items);
      next[status] = page.nextCursor ?? false;
    }),
  );
  const more = Object.values(next).some((c) => c !== false);
  return { items: items.sort(newestFirst), nextCursor: more ? JSON.stringify(next) : null };
}

export type GalleryData = InfiniteData<GenerationListDto, unknown>;

/** The cached list without one generation; the same object when it was not there (so nothing re-renders). */
export function withoutGeneration(data: GalleryData | undefined, id: string): GalleryData | undefined {
  if (!data || !data.pages.some((p) => p.items.some((i) => i.id === id))) return data;
  return { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.filter((i) => i.id !== id) })) };
}

export function hasUnfinished(data: GalleryData | undefined): boolean {
  return data?.pages.some((p) => p.items.some((i) => isUnfinished(i.status))) ?? false;
}

/** Every loaded item once, in page order (a refetch while paging could otherwise repeat one). */
export function flattenPages(data: GalleryData | undefined): GenerationListDto["items"] {
  const seen = new Set<string>();
  return (data?.pages ?? []).flatMap((p) => p.items).filter((i) => !seen.has(i.id) && Boolean(seen.add(i.id)));
}
