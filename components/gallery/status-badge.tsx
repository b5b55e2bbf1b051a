import { CircleAlert, Clock } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Spinner } from "@/components/ui/spinner";
import type { GenerationStatus } from "@/lib/validations/generation";

/** A badge for statuses that need attention; succeeded items need none. */
export function StatusBadge({ status, className }: { status: GenerationStatus; className?: string }) {
  if (status === "queued")
    return (
      <Badge tone="neutral" className={className}>
        <Clock aria-hidden="true" className="size-3" />
        Queued
      </Badge>
    );
  if (status === "processing")
    return (
      <Badge tone="brand" className={className}>
        <Spinner size="size-3" />
        Processing
      </Badge>
    );
  if (status === "failed")
    return (
      <Badge tone="danger" className={className}>
        <CircleAlert aria-hidden="true" className="size-3" />
        Failed
      </Badge>
    );
  return null;
}

export const STATUS_LABELS: Record<GenerationStatus, string> = {
  queued: "Queued",
  processing: "Processing",
  succeeded: "Succeeded",
  failed: "Failed",
};
