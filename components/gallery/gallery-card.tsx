import Link from "next/link";
import { focusRing } from "@/components/ui/focus-ring";
import { cn } from "@/lib/client/cn";
import type { GenerationDto } from "@/lib/client/types";
import { excerpt, formatSize } from "./format";
import { GalleryThumb } from "./gallery-thumb";
import { RetryButton } from "./retry-button";
import { STATUS_LABELS, StatusBadge } from "./status-badge";

/** `position` in the grid: the first cards are above the fold on a phone, so their images load first. */
export function GalleryCard({ generation, position }: { generation: GenerationDto; position: number }) {
  const { id, params, status, failure } = generation;
  const failureId = `failure-${id}`;
  return (
    <li className="flex flex-col rounded-card border border-surface-border bg-white shadow-sm">
      <Link
        href={`/gallery/${encodeURIComponent(id)}`}
        aria-label={`${params.prompt} (${STATUS_LABELS[status]}, seed ${params.seed})`}
        className={cn("group flex flex-1 flex-col rounded-card", focusRing)}
      >
        <div className="relative overflow-hidden rounded-t-card">
          <GalleryThumb generation={generation} position={position} />
          <StatusBadge status={status} className="absolute top-2 left-2 shadow-sm" />
        </div>
        <div className="flex flex-col gap-1 p-3">
          <p className="line-clamp-2 text-sm font-medium text-ink group-hover:text-brand-700">{excerpt(params.prompt)}</p>
          <p className="text-xs text-ink-faint tabular-nums">
            Seed {params.seed} · {formatSize(params.width, params.height)}
          </p>
        </div>
      </Link>
      {failure ? (
        <div className="flex flex-col gap-2 border-t border-surface-border p-3">
          <p id={failureId} className="text-xs break-words text-danger-600">
            {failure.message}
          </p>
          <RetryButton generation={generation} aria-describedby={failureId} className="self-start" />
        </div>
      ) : null}
    </li>
  );
}
