"use client";

import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { useEffect, useState } from "react";
import { focusRing } from "@/components/ui/focus-ring";
import { ApiError, errorMessage } from "@/lib/client/api";
import { cn } from "@/lib/client/cn";
import { generationKeys, getQueryClient, useGeneration } from "@/lib/client/queries";
import type { GenerationDto } from "@/lib/client/types";
import { CompareSection } from "./compare-section";
import { DetailActions } from "./detail-actions";
import { DetailImage } from "./detail-image";
import { DetailError, DetailLoading, DetailNotFound } from "./detail-states";
import { FaceThumb } from "./face-thumb";
import { excerpt } from "./format";
import { ParamList } from "./param-list";
import { StatusBadge } from "./status-badge";
import { VariationsPanel } from "./variations-panel";

/** `initial` is the generation as the server read it; the page keeps it current while the job runs. */
export function GenerationDetail({ initial }: { initial: GenerationDto }) {
  const { id } = initial;
  const [deleted, setDeleted] = useState(false);
  // Stop watching once deleted, so the cached entry can be dropped without a refetch answering 404.
  const query = useGeneration(deleted ? null : id, deleted ? undefined : initial);
  useEffect(() => {
    if (deleted) getQueryClient().removeQueries({ queryKey: generationKeys.detail(id) });
  }, [deleted, id]);

  if (deleted) return <DetailLoading text="Deleted. Back to the gallery…" />;
  if (query.isPending) return <DetailLoading />;
  if (query.isError) {
    if (query.error instanceof ApiError && query.error.status === 404) return <DetailNotFound />;
    return <DetailError message={errorMessage(query.error)} onRetry={() => void query.refetch()} />;
  }
  const generation = query.data;
  return (
    <div className="flex flex-col gap-6">
      <Link href="/gallery" className={cn("inline-flex items-center gap-1.5 self-start rounded text-sm font-medium text-ink-muted hover:text-ink", focusRing)}>
        <ArrowLeft aria-hidden="true" className="size-4" />
        Gallery
      </Link>
      <div className="flex flex-wrap items-center gap-2">
        <h1 className="min-w-0 text-xl font-semibold tracking-tight break-words text-ink sm:text-2xl">{excerpt(generation.params.prompt, 80)}</h1>
        <StatusBadge status={generation.status} />
      </div>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="min-w-0">
          <DetailImage generation={generation} />
        </div>
        <div className="flex min-w-0 flex-col gap-5">
          <DetailActions generation={generation} onDeleted={() => setDeleted(true)} />
          <VariationsPanel generation={generation} />
          <section aria-labelledby="settings-title" className="flex flex-col gap-4 rounded-card border border-surface-border bg-white p-4">
            <h2 id="settings-title" className="text-base font-semibold text-ink">Settings</h2>
            <FaceThumb url={generation.face.url} />
            <ParamList generation={generation} />
          </section>
        </div>
      </div>
      <CompareSection generation={generation} />
    </div>
  );
}
