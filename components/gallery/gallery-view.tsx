"use client";

import { Plus } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { errorMessage } from "@/lib/client/api";
import { GalleryEmpty, GalleryNoMatches } from "./gallery-empty";
import { GalleryFilters } from "./gallery-filters";
import type { InitialGalleryPage } from "./first-page";
import { GalleryGrid, GalleryGridSkeleton } from "./gallery-grid";
import { flattenPages } from "./list-cache";
import { LoadMore } from "./load-more";
import { useGalleryList } from "./use-gallery-list";
import { useGalleryQuery } from "./use-gallery-query";

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
