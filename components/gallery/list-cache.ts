import type { InfiniteData } from "@tanstack/react-query";
import type { GenerationListDto } from "@/lib/client/types";
import { isUnfinished } from "@/lib/validations/generation";

export type GalleryData = InfiniteData<GenerationListDto, unknown>;

/** The cached list without one generation; the same object when it was not there (so nothing re-renders). */
export function withoutGeneration(data: GalleryData | undefined, id: string): GalleryData | undefined {
  if (!data || !data.pages.some((p) => p.items.some((i) => i.id === id))) return data;
  return { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.filter((i) => i.id !== id) })) };
}

export function hasUnfinished(data: GalleryData | undefined): boolean {
  return data?.pages.some((p) => p.items.some((i) => isUnfinished(i.status))) ?? false;
}

/** Every loaded item once, in page order (a refetch while paging could otherwise repeat one). */
export function flattenPages(data: GalleryData | undefined): GenerationListDto["items"] {
  const seen = new Set<string>();
  return (data?.pages ?? []).flatMap((p) => p.items).filter((i) => !seen.has(i.id) && Boolean(seen.add(i.id)));
}
