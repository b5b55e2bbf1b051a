"use client";

import { useEffect, useEffectEvent, useRef } from "react";

/**
 * Calls `onReach` when the returned element nears the viewport. `resetKey` (e.g. the page count) re-arms the
 * observer, since a sentinel still in view after a page loads would not fire again by itself.
 */
export function useInfiniteScroll<T extends Element>(onReach: () => void, enabled: boolean, resetKey: unknown) {
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
