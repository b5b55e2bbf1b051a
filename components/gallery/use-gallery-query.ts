"use client";

import { useSearchParams } from "next/navigation";
import { useCallback } from "react";
import { galleryHref, readGalleryQuery, type GalleryQuery } from "./gallery-query";

/** Filters live in the URL so a reload or a shared link shows the same view. */
export function useGalleryQuery(): [GalleryQuery, (patch: Partial<GalleryQuery>) => void] {
  const params = useSearchParams();
  const query = readGalleryQuery(params);
  const update = useCallback((patch: Partial<GalleryQuery>) => {
    const current = readGalleryQuery(new URLSearchParams(window.location.search));
    const href = galleryHref({ ...current, ...patch });
    if (href !== `${window.location.pathname}${window.location.search}`) window.history.replaceState(null, "", href);
  }, []);
  return [query, update];
}
