import type { GenerationListFilters } from "@/lib/client/api";
import type { GenerationDto, GenerationListDto } from "@/lib/client/types";
import { PAGE_SIZE, type GenerationStatus } from "@/lib/validations/generation";
import { apiStatusesFor, type StatusView } from "./gallery-query";

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
