"use client";

import { QueryProvider } from "@/components/providers/query-provider";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { errorMessage } from "@/lib/client/api";
import { useGeneration } from "@/lib/client/api-hooks";
import type { GenerationDto } from "@/lib/client/types";
import { isUnfinished } from "@/lib/validations/generation";
import type { PanelActions } from "./generation-panel";
import { FailureCard, PanelSkeleton, ProgressCard, ResultCard } from "./generation-views";

/** The waiting state, the result or the failure of one generation, polled while it runs. */
export function LiveGenerationPanel(props: PanelActions & { generationId: string }) {
  return (
    <QueryProvider>
      <LivePanel {...props} />
    </QueryProvider>
  );
}

function LivePanel({ generationId, ...actions }: PanelActions & { generationId: string }) {
  const query = useGeneration(generationId);
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
      {query.isRefetchError && isUnfinished(query.data.status) ? (
        <Alert tone="warn">Having trouble checking on this job. Still trying…</Alert>
      ) : null}
      <GenerationView generation={query.data} {...actions} />
    </div>
  );
}

function GenerationView({ generation, onGenerateAgain, onReuseSeed, busy }: PanelActions & { generation: GenerationDto }) {
  if (isUnfinished(generation.status)) return <ProgressCard generation={generation} />;
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
