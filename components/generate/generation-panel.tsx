"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { errorMessage, isActiveStatus } from "@/lib/client/api";
import { useGeneration } from "@/lib/client/api-hooks";
import type { GenerationDto } from "@/lib/client/types";
import { EmptyPreview } from "./empty-preview";
import { FailureCard, PanelSkeleton, ProgressCard, ResultCard } from "./generation-views";

export type PanelActions = {
  onGenerateAgain: (generation: GenerationDto) => void;
  onReuseSeed: (generation: GenerationDto) => void;
  onDismiss: () => void;
  busy: boolean;
};

/** The right-hand side of the studio: nothing yet, the waiting state, the result or the failure. */
export function GenerationPanel({ generationId, ...actions }: PanelActions & { generationId: string | null }) {
  const query = useGeneration(generationId);
  if (!generationId) return <EmptyPreview />;
  if (query.isPending) return <PanelSkeleton />;
  if (!query.data) {
    return (
      <Alert
        title="We could not load this generation"
        action={
          <Button variant="secondary" size="sm" onClick={actions.onDismiss}>
            Start a new one
          </Button>
        }
      >
        {errorMessage(query.error)}
      </Alert>
    );
  }
  return (
    <div className="space-y-3">
      {query.isRefetchError && isActiveStatus(query.data.status) ? (
        <Alert tone="warn">Having trouble checking on this job. Still trying…</Alert>
      ) : null}
      <GenerationView generation={query.data} {...actions} />
    </div>
  );
}

function GenerationView({ generation, onGenerateAgain, onReuseSeed, busy }: PanelActions & { generation: GenerationDto }) {
  if (isActiveStatus(generation.status)) return <ProgressCard generation={generation} />;
  if (generation.status === "failed") return <FailureCard generation={generation} onRetry={() => onGenerateAgain(generation)} busy={busy} />;
  const output = generation.outputs[0];
  if (!output) return <FailureCard generation={generation} onRetry={() => onGenerateAgain(generation)} busy={busy} />;
  return (
    <ResultCard
      generation={generation}
      output={output}
      busy={busy}
      onGenerateAgain={() => onGenerateAgain(generation)}
      onReuseSeed={() => onReuseSeed(generation)}
    />
  );
}
