import { UNFINISHED_STATUSES, type GenerationStatus } from "@/lib/validations/generation";

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
  if (view === "in-progress") return [...UNFINISHED_STATUSES];
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
