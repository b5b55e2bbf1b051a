import { RotateCcw } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import type { GenerationDto } from "@/lib/client/types";

type Props = { generation: GenerationDto; onRetry: () => void; busy: boolean };

export function FailureCard({ generation, onRetry, busy }: Props) {
  return (
    <Alert
      title="This generation failed"
      action={
        <Button variant="secondary" size="sm" onClick={onRetry} disabled={busy}>
          {busy ? <Spinner /> : <RotateCcw aria-hidden="true" />}
          Retry
        </Button>
      }
    >
      {generation.failure?.message ?? "The image could not be made. Please try again."}
    </Alert>
  );
}
