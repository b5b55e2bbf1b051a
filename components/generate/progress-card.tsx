"use client";

import { Clock } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Spinner } from "@/components/ui/spinner";
import type { GenerationDto } from "@/lib/client/types";
import { useNow } from "@/lib/client/use-now";

/** "0:07", "1:05", "1:02:03": elapsed time for a ticking clock. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** A rough, human countdown to `etaAt`; null when the upstream gave no estimate. */
export function describeEta(etaAt: string | null, now: number): string | null {
  if (!etaAt) return null;
  const at = Date.parse(etaAt);
  if (Number.isNaN(at)) return null;
  const left = Math.ceil((at - now) / 1000);
  if (left <= 0) return "taking longer than expected…";
  if (left < 60) return `about ${left} s left`;
  const minutes = Math.round(left / 60);
  return `about ${minutes} min left`;
}

export function ProgressCard({ generation }: { generation: GenerationDto }) {
  const now = useNow(1000);
  const waiting = generation.queuePosition;
  const statusText = waiting !== null ? "Waiting" : generation.status === "queued" ? "Queued" : "Generating…";
  const elapsed = formatElapsed(now - Date.parse(generation.createdAt));
  const eta = describeEta(generation.etaAt, now);
  const { width, height } = generation.params;
  return (
    <Card aria-busy="true">
      <CardHeader>
        <div className="flex items-center justify-between gap-3">
          <CardTitle>Creating your headshot</CardTitle>
          <Badge tone="brand">
            <Spinner size="size-3" />
            <span role="status">{statusText}</span>
          </Badge>
        </div>
        <CardDescription>You can leave this page — the job keeps going and will appear in your Gallery.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        <div
          className="relative mx-auto w-full max-w-md overflow-hidden rounded-lg bg-linear-to-br from-brand-50 via-surface-sunken to-brand-100"
          style={{ aspectRatio: `${width} / ${height}` }}
        >
          <div className="absolute inset-0 animate-pulse bg-white/40 motion-reduce:animate-none" />
        </div>
        <dl className="flex flex-wrap items-center justify-center gap-x-6 gap-y-1 text-sm text-ink-muted">
          <div className="flex items-center gap-1.5">
            <Clock aria-hidden="true" className="size-4" />
            <dt className="sr-only">Elapsed</dt>
            <dd className="tabular-nums">{elapsed} elapsed</dd>
          </div>
          {waiting !== null ? (
            <div>
              <dt className="sr-only">Place in line</dt>
              <dd>Waiting for a free slot ({waiting} ahead)</dd>
            </div>
          ) : null}
          {eta ? (
            <div>
              <dt className="sr-only">Estimated time left</dt>
              <dd>{eta}</dd>
            </div>
          ) : null}
        </dl>
        {generation.notice ? <Alert tone="info">{generation.notice}</Alert> : null}
      </CardContent>
    </Card>
  );
}
