"use client";

import dynamic from "next/dynamic";

/** The before/after slider, fetched only when a comparison is shown (the result's Compare view, a finished job's page). */
export const LazyCompareSlider = dynamic(() => import("./compare-slider").then((m) => m.CompareSlider), {
  ssr: false,
  loading: () => <div className="aspect-square w-full animate-pulse rounded-lg bg-surface-sunken motion-reduce:animate-none" />,
});
