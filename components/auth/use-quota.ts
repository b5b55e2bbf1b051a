"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { getQuota } from "./auth-api";

export const quotaKey = ["quota"] as const;

/** The caller's generation allowance; refreshed every minute and whenever `useRefreshQuota` is called. */
export function useQuota() {
  return useQuery({ queryKey: quotaKey, queryFn: ({ signal }) => getQuota(signal), refetchInterval: 60_000, staleTime: 10_000 });
}

/** Call after creating a generation (or on a quota error) so the header count is current. */
export function useRefreshQuota() {
  const client = useQueryClient();
  return () => void client.invalidateQueries({ queryKey: quotaKey });
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
