import type { Metadata } from "next";
import { Suspense } from "react";
import { GalleryGridSkeleton } from "@/components/gallery/gallery-grid";
import { GalleryView } from "@/components/gallery/gallery-view";

export const metadata: Metadata = { title: "Gallery" };

export default function GalleryPage() {
  // The view reads its filters from the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense fallback={<GalleryGridSkeleton />}>
      <GalleryView />
    </Suspense>
  );
}
