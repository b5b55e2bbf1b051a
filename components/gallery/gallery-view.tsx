"use client";

// The gallery: every generation of this browser (list, filters, paging) and one generation's page
// (detail, delete, retry, variations). What the server reads for it is in server-data.ts.
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useCallback, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { errorMessage, listGenerations } from "@/lib/client/api";
import { generationKeys, getQueryClient } from "@/lib/client/queries";
import { GalleryEmpty, GalleryNoMatches } from "./gallery-empty";
import { GalleryFilters } from "./gallery-filters";
import { GalleryGrid, GalleryGridSkeleton } from "./gallery-grid";
import { fetchGalleryPage, flattenPages, galleryHref, hasUnfinished, readGalleryQuery, type GalleryQuery } from "./gallery-list";
import { LoadMore } from "./load-more";
import type { InitialGalleryPage } from "./server-data";

const LIST_REFRESH_MS = 2000;

/** Filters live in the URL so a reload or a shared link shows the same view. */
function useGalleryQuery(): [GalleryQuery, (patch: Partial<GalleryQuery>) => void] {
  const params = useSearchParams();
  const query = readGalleryQuery(params);
  const update = useCallback((patch: Partial<GalleryQuery>) => {
    const current = readGalleryQuery(new URLSearchParams(window.location.search));
    const href = galleryHref({ ...current, ...patch });
    if (href !== `${window.location.pathname}${window.location.search}`) window.history.replaceState(null, "", href);
  }, []);
  return [query, update];
}

const sameQuery = (a: GalleryQuery, b: GalleryQuery) => a.view === b.view && a.q.trim() === b.q.trim();

/**
 * The list for the current filters, under ["generations", "list"] so every invalidation of generation lists
 * elsewhere reaches the gallery too. `initial` is the first page the server rendered; it seeds an empty
 * cache for the same filters only.
 */
function useGalleryList(query: GalleryQuery, initial?: InitialGalleryPage | null) {
  return useInfiniteQuery(
    {
      queryKey: [...generationKeys.lists, { view: query.view, q: query.q.trim() }],
    initialData: initial && sameQuery(initial.query, query) ? { pages: [initial.page], pageParams: [null] } : undefined,
    queryFn: ({ pageParam, signal }) => fetchGalleryPage(listGenerations, query.view, query.q.trim(), pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // Queued and processing items change on the server; refresh while any loaded one is unfinished.
    refetchInterval: (q) => (hasUnfinished(q.state.data) ? LIST_REFRESH_MS : false),
    // Keep the old results on screen while a new search or filter loads.
    placeholderData: keepPreviousData,
    },
    getQueryClient(),
  );
}

export function GalleryView({ initial }: { initial?: InitialGalleryPage | null }) {
  const [query, update] = useGalleryQuery();
  const [filtersKey, setFiltersKey] = useState(0);
  const list = useGalleryList(query, initial);
  const items = flattenPages(list.data);
  const filtered = query.view !== "all" || query.q.trim() !== "";
  const clear = () => {
    update({ view: "all", q: "" });
    setFiltersKey((k) => k + 1);
  };

  let content;
  if (list.isPending) content = <GalleryGridSkeleton />;
  else if (list.isError && items.length === 0)
    content = (
      <Alert title="Could not load your gallery" action={<Button variant="secondary" size="sm" onClick={() => void list.refetch()}>Try again</Button>}>
        {errorMessage(list.error)}
      </Alert>
    );
  else if (items.length === 0) content = filtered ? <GalleryNoMatches onClear={clear} /> : <GalleryEmpty />;
  else
    content = (
      <>
        <GalleryGrid items={items} />
        <LoadMore
          hasMore={list.hasNextPage}
          loading={list.isFetchingNextPage}
          onLoad={() => void list.fetchNextPage()}
          pageCount={list.data?.pages.length ?? 0}
        />
      </>
    );

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="flex flex-col gap-1">
          <h1 className="text-2xl font-semibold tracking-tight text-ink">Gallery</h1>
          <p className="text-sm text-ink-muted">Every headshot you made, newest first. Open one to reuse its seed or remix it.</p>
        </div>
        <Button asChild variant="secondary">
          <Link href="/">
            <Plus aria-hidden="true" />
            New headshot
          </Link>
        </Button>
      </div>
      <GalleryFilters key={filtersKey} query={query} onChange={update} searching={list.isPlaceholderData && list.isFetching} />
      {content}
    </div>
  );
}
