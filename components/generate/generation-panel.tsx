"use client";

import dynamic from "next/dynamic";
import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";
import type { GenerationDto } from "@/lib/client/types";

export type PanelActions = {
  onGenerateAgain: (generation: GenerationDto) => void;
  onReuseSeed: (generation: GenerationDto) => void;
  onDismiss: () => void;
  busy: boolean;
};

export function PanelSkeleton() {
  return <Card aria-busy="true" aria-label="Loading generation" className="aspect-square w-full animate-pulse bg-white" />;
}

// Polling needs react-query, which the home page loads only once there is a generation to show.
const LiveGenerationPanel = dynamic(() => import("./live-generation-panel").then((m) => m.LiveGenerationPanel), {
  ssr: false,
  loading: () => <PanelSkeleton />,
});

/**
 * The right-hand side of the studio: nothing yet (`empty`, rendered on the server: it has no behaviour, so its
 * code stays out of the page's scripts), or one generation.
 */
export function GenerationPanel({ generationId, empty, ...actions }: PanelActions & { generationId: string | null; empty: ReactNode }) {
  if (!generationId) return empty;
  return <LiveGenerationPanel generationId={generationId} {...actions} />;
}
