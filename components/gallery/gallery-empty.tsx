import { ImagePlus, SearchX } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export function GalleryEmpty() {
  return (
    <EmptyState
      icon={ImagePlus}
      title="No headshots yet"
      description="Upload a face photo, describe the look you want, and your results will appear here."
      links={[{ href: "/", label: "Create your first headshot" }]}
    />
  );
}

export function GalleryNoMatches({ onClear }: { onClear: () => void }) {
  return (
    <EmptyState
      icon={SearchX}
      title="Nothing matches these filters"
      description="Try another status or different search words."
      action={
        <Button variant="secondary" onClick={onClear}>
          Clear filters
        </Button>
      }
    />
  );
}
