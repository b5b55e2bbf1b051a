"use client";

import dynamic from "next/dynamic";
import { Card } from "@/components/ui/card";
import type { GenerationDto } from "@/lib/client/types";
import { EmptyPreview } from "./empty-preview";

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

/** The right-hand side of the studio: nothing yet, or one generation. */
export function GenerationPanel({ generationId, ...actions }: PanelActions & { generationId: string | null }) {
  if (!generationId) return <EmptyPreview />;
  return <LiveGenerationPanel generationId={generationId} {...actions} />;
}
