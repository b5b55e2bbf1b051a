"use client";

import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { listGenerations } from "@/lib/client/api";
import { generationKeys } from "@/lib/client/api-hooks";
import { fetchGalleryPage } from "./gallery-page";
import type { InitialGalleryPage } from "./first-page";
import type { GalleryQuery } from "./gallery-query";
import { hasUnfinished } from "./list-cache";

export const LIST_REFRESH_MS = 2000;

/** Under ["generations", "list"] so every invalidation of generation lists elsewhere reaches the gallery too. */
export const galleryListKey = ({ view, q }: GalleryQuery) => [...generationKeys.all, "list", { view, q: q.trim() }] as const;

const sameQuery = (a: GalleryQuery, b: GalleryQuery) => a.view === b.view && a.q.trim() === b.q.trim();

/** `initial` is the first page the server rendered; it seeds an empty cache for the same filters only. */
export function useGalleryList(query: GalleryQuery, initial?: InitialGalleryPage | null) {
  return useInfiniteQuery({
    queryKey: galleryListKey(query),
    initialData: initial && sameQuery(initial.query, query) ? { pages: [initial.page], pageParams: [null] } : undefined,
    queryFn: ({ pageParam, signal }) => fetchGalleryPage(listGenerations, query.view, query.q.trim(), pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // Queued and processing items change on the server; refresh while any loaded one is unfinished.
    refetchInterval: (q) => (hasUnfinished(q.state.data) ? LIST_REFRESH_MS : false),
    // Keep the old results on screen while a new search or filter loads.
    placeholderData: keepPreviousData,
  });
}
