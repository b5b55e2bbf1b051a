"use client";

import { useEffect, useEffectEvent, useState } from "react";
import { errorMessage } from "@/lib/client/api";
import { fetchGeneration } from "@/lib/client/query-cache";
import type { GenerationDto } from "@/lib/client/types";
import type { ReuseMode } from "@/lib/client/url-to-form";

type From = { id: string; reuse: ReuseMode } | null;

/** Loads `?from=<id>` once and hands it to `apply`; reports a readable error if it cannot be loaded. */
export function useApplyFromUrl(from: From, apply: (generation: GenerationDto, reuse: ReuseMode) => void) {
  const [state, setState] = useState<{ key: string; error: string | null } | null>(null);
  const onLoaded = useEffectEvent(apply);
  const id = from?.id ?? null;
  const reuse = from?.reuse ?? "seed";

  useEffect(() => {
    if (id === null) return;
    let cancelled = false;
    const key = `${id}:${reuse}`;
    fetchGeneration(id).then(
        (generation) => {
          if (cancelled) return;
          onLoaded(generation, reuse);
          setState({ key, error: null });
        },
        (error: unknown) => {
          if (!cancelled) setState({ key, error: errorMessage(error) });
        },
      );
    return () => {
      cancelled = true;
    };
  }, [id, reuse]);

  const current = id === null ? null : state?.key === `${id}:${reuse}` ? state : undefined;
  return { loading: current === undefined, error: current?.error ?? null };
}
