"use client";

import { Gauge } from "lucide-react";
import { useSyncExternalStore } from "react";
import { cn } from "@/lib/client/cn";
import { useQuota } from "@/lib/client/queries";
import { useNow } from "@/lib/client/use-now";
import { formatWaitShort } from "@/lib/generations/quota-policy";
import type { QuotaStatusDto } from "@/lib/generations/quota-policy";

/** "3 generations left today · renews in 3 h", or why none are left and when that changes. */
export function quotaText(q: QuotaStatusDto, now: number): string {
  const renewIn = q.renewsAt ? formatWaitShort(Math.max(0, Date.parse(q.renewsAt) - now)) : null;
  if (q.remaining === 0) {
    const head = q.limitedBy === "global" ? "Demo budget reached" : `No generations left ${q.period}`;
    return renewIn ? `${head} · more in ${renewIn}` : head;
  }
  const head = `${q.remaining} generation${q.remaining === 1 ? "" : "s"} left ${q.period}`;
  return renewIn ? `${head} · renews in ${renewIn}` : head;
}

const noSubscription = () => () => undefined;

/**
 * The allowance for the header (and next to Generate on a phone); renders nothing until the count is known.
 * `className` carries the display (default `flex`), so callers can hide it per breakpoint.
 */
export function QuotaStatus({ className = "flex" }: { className?: string }) {
  const { data } = useQuota();
  // Refreshed every 30 s so "renews in …" stays true while the page is open.
  const now = useNow(30_000);
  // The server never has the quota; a copy hydrating after the query resolved must still match its HTML.
  const hydrated = useSyncExternalStore(noSubscription, () => true, () => false);
  if (!data || !hydrated) return null;
  const empty = data.remaining === 0;
  return (
    <p
      role="status"
      className={cn("items-center gap-1.5 text-xs font-medium", empty ? "text-danger-600" : "text-ink-muted", className)}
    >
      <Gauge aria-hidden="true" className="size-3.5 shrink-0" />
      {data.audience === "staff" ? <span className="rounded bg-brand-50 px-1.5 py-0.5 text-brand-700">Team</span> : null}
      <span>{quotaText(data, now)}</span>
    </p>
  );
}
