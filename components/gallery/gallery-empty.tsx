import { ImagePlus } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";

export function GalleryEmpty() {
  return (
    <div className="flex flex-col items-center gap-4 rounded-card border border-dashed border-surface-border bg-white px-6 py-14 text-center">
      <span className="grid size-12 place-items-center rounded-full bg-brand-50 text-brand-700">
        <ImagePlus aria-hidden="true" className="size-6" />
      </span>
      <div className="flex flex-col gap-1">
        <h2 className="text-lg font-semibold text-ink">No headshots yet</h2>
        <p className="max-w-sm text-sm text-ink-muted">Upload a face photo, describe the look you want, and your results will appear here.</p>
      </div>
      <Button asChild>
        <Link href="/">Create your first headshot</Link>
      </Button>
    </div>
  );
}

export function GalleryNoMatches({ onClear }: { onClear: () => void }) {
  return (
    <div className="flex flex-col items-center gap-3 rounded-card border border-dashed border-surface-border bg-white px-6 py-12 text-center">
      <h2 className="text-base font-semibold text-ink">Nothing matches these filters</h2>
      <p className="text-sm text-ink-muted">Try another status or different search words.</p>
      <Button variant="secondary" onClick={onClear}>
        Clear filters
      </Button>
    </div>
  );
}
