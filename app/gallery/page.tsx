import type { Metadata } from "next";
import { Suspense } from "react";
import { GalleryGridSkeleton } from "@/components/gallery/gallery-grid";
import { GalleryView } from "@/components/gallery/gallery-view";
import { firstGalleryPage } from "@/components/gallery/server-data";

export const metadata: Metadata = { title: "Gallery" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function GalleryPage({ searchParams }: Props) {
  const initial = await firstGalleryPage(await searchParams);
  // The view reads its filters from the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense fallback={<GalleryGridSkeleton />}>
      <GalleryView initial={initial} />
    </Suspense>
  );
}
