"use client";

import Link from "next/link";
import { focusRing } from "@/components/ui/focus-ring";
import { useGeneration } from "@/lib/client/queries";
import { cn } from "@/lib/client/cn";
import { STATUS_LABELS } from "./status-badge";

/** One new variation with its live status; watching it also moves the job along on the server. */
export function VariationStatus({ id, index }: { id: string; index: number }) {
  const { data } = useGeneration(id);
  return (
    <li className="flex items-center justify-between gap-2 text-sm">
      <Link href={`/gallery/${encodeURIComponent(id)}`} className={cn("rounded font-medium text-brand-700 underline-offset-2 hover:underline", focusRing)}>
        Variation {index + 1}
        {data ? <span className="text-ink-faint tabular-nums"> · seed {data.params.seed}</span> : null}
      </Link>
      <span className="text-xs text-ink-muted">{data ? STATUS_LABELS[data.status] : "…"}</span>
    </li>
  );
}
