"use client";

import dynamic from "next/dynamic";
import type { GenerationDto } from "@/lib/client/types";
import { EmptyPreview } from "./empty-preview";
import { PanelSkeleton } from "./generation-views";

export type PanelActions = {
  onGenerateAgain: (generation: GenerationDto) => void;
  onReuseSeed: (generation: GenerationDto) => void;
  onDismiss: () => void;
  busy: boolean;
};

// Polling needs react-query, which the home page loads only once there is a generation to show.
const LiveGenerationPanel = dynamic(() => import("./live-generation-panel").then((m) => m.LiveGenerationPanel), {
  ssr: false,
  loading: () => <PanelSkeleton />,
});

/** The right-hand side of the studio: nothing yet, the waiting state, the result or the failure. */
export function GenerationPanel({ generationId, ...actions }: PanelActions & { generationId: string | null }) {
  if (!generationId) return <EmptyPreview />;
  return <LiveGenerationPanel generationId={generationId} {...actions} />;
}
