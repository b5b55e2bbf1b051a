import type { GenerationDto } from "@/lib/client/types";
import { GalleryCard } from "./gallery-card";

export function GalleryGrid({ items }: { items: GenerationDto[] }) {
  return (
    <ul role="list" aria-label="Your generations" className="grid grid-cols-2 gap-3 sm:grid-cols-3 sm:gap-4 lg:grid-cols-4">
      {items.map((g, i) => (
        <GalleryCard key={g.id} generation={g} position={i} />
      ))}
    </ul>
  );
}

export function GalleryGridSkeleton() {
  return (
    <div role="status" className="grid grid-cols-2 gap-3 sm:grid-cols-3 sm:gap-4 lg:grid-cols-4">
      <span className="sr-only">Loading your headshots…</span>
      {Array.from({ length: 8 }, (_, i) => (
        <div key={i} aria-hidden="true" className="aspect-[4/5] animate-pulse rounded-card bg-white motion-reduce:animate-none" />
      ))}
    </div>
  );
}
