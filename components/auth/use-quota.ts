"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { quotaKey } from "@/lib/client/query-keys";
import { getQuota } from "./auth-api";

export { quotaKey } from "@/lib/client/query-keys";

/** The caller's generation allowance; refreshed every minute and whenever `refreshQuota` (lib/client/query-cache) is called. */
export function useQuota() {
  return useQuery({ queryKey: quotaKey, queryFn: ({ signal }) => getQuota(signal), refetchInterval: 60_000, staleTime: 10_000 });
}


/** The current time, updated every `intervalMs`, so "renews in …" stays true while the page is open. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
