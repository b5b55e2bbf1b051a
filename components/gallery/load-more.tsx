"use client";

import { useEffect, useEffectEvent, useRef } from "react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";

/**
 * Calls `onReach` when the returned element nears the viewport. `resetKey` (e.g. the page count) re-arms the
 * observer, since a sentinel still in view after a page loads would not fire again by itself.
 */
function useInfiniteScroll<T extends Element>(onReach: () => void, enabled: boolean, resetKey: unknown) {
  const ref = useRef<T>(null);
  const reach = useEffectEvent(onReach);
  useEffect(() => {
    const el = ref.current;
    if (!el || !enabled || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) reach();
    }, { rootMargin: "400px 0px" });
    observer.observe(el);
    return () => observer.disconnect();
  }, [enabled, resetKey]);
  return ref;
}

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
