"use client";

import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { useInfiniteScroll } from "./use-infinite-scroll";

type LoadMoreProps = { hasMore: boolean; loading: boolean; onLoad: () => void; pageCount: number };

/** Loads the next page when scrolled near; the button is the fallback for keyboards and browsers without observers. */
export function LoadMore({ hasMore, loading, onLoad, pageCount }: LoadMoreProps) {
  const sentinel = useInfiniteScroll<HTMLDivElement>(() => {
    if (!loading) onLoad();
  }, hasMore, pageCount);
  if (!hasMore) return pageCount > 1 ? <p className="text-center text-sm text-ink-faint">That is everything.</p> : null;
  return (
    <div ref={sentinel} className="flex justify-center">
      <Button variant="secondary" onClick={onLoad} disabled={loading}>
        {loading ? <Spinner /> : null}
        {loading ? "Loading…" : "Load more"}
      </Button>
    </div>
  );
}
