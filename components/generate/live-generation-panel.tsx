"use client";

import { isUnfinished } from "@/lib/validations/generation";
import dynamic from "next/dynamic";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { errorMessage} from "@/lib/client/api";
import { useGeneration } from "@/lib/client/queries";
import type { GenerationDto } from "@/lib/client/types";
import { PanelSkeleton, type PanelActions } from "./generation-panel";

// The waiting, result and failure views load when they are needed (with next/image and the compare view).
const loading = () => <PanelSkeleton />;
const ProgressCard = dynamic(() => import("./progress-card").then((m) => m.ProgressCard), { loading });
const ResultCard = dynamic(() => import("./result-card").then((m) => m.ResultCard), { loading });
const FailureCard = dynamic(() => import("./failure-card").then((m) => m.FailureCard), { loading });

/** One generation: the waiting state, the result or the failure, polled while it runs. */
export function LiveGenerationPanel({ generationId, ...actions }: PanelActions & { generationId: string }) {
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
  const output = generation.outputs[0];
  if (generation.status === "failed" || !output) return <FailureCard generation={generation} onRetry={() => onGenerateAgain(generation)} busy={busy} />;
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
