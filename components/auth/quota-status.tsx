"use client";

import { Gauge } from "lucide-react";
import { useSyncExternalStore } from "react";
import { QueryProvider } from "@/components/providers/query-provider";
import { cn } from "@/lib/client/cn";
import { quotaText } from "./quota-text";
import { useNow, useQuota } from "./use-quota";

/**
 * "N generations left today · renews in 3 h" for the header; renders nothing until the count is known.
 * `className` carries the display (default `flex`), so callers can hide it per breakpoint.
 */
export function QuotaStatus({ className = "flex" }: { className?: string }) {
  const { data } = useQuota();
  const now = useNow();
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

const noSubscription = () => () => undefined;

/** QuotaStatus with its own react-query provider, for loading after the page (see ./lazy.tsx). */
export function QuotaStatusIsland(props: { className?: string }) {
  return (
    <QueryProvider>
      <QuotaStatus {...props} />
    </QueryProvider>
  );
}
