import { Alert } from "@/components/ui/alert";
import { Spinner } from "@/components/ui/spinner";
import type { GenerationDto } from "@/lib/client/types";
import { RetryButton } from "./retry-button";
import { STATUS_LABELS } from "./status-badge";

/** The full output, or what is happening instead: a live status while open, the reason after a failure. */
export function DetailImage({ generation }: { generation: GenerationDto }) {
  const { params, outputs, status, failure, notice } = generation;
  const output = outputs[0];
  if (output)
    return (
      // eslint-disable-next-line @next/next/no-img-element -- owner-checked files, see gallery-thumb
      <img src={output.url} width={output.width} height={output.height} alt={params.prompt} className="h-auto w-full rounded-card bg-white shadow-sm" />
    );
  if (failure)
    return (
      <Alert title="This generation failed" action={<RetryButton generation={generation} variant="primary" size="md" />}>
        {failure.message}
      </Alert>
    );
  if (status === "succeeded") return <Alert tone="warn" title="No image was stored for this generation." />;
  return (
    <div
      role="status"
      className="flex w-full flex-col items-center justify-center gap-2 rounded-card border border-surface-border bg-white p-6 text-center text-sm text-ink-muted"
      style={{ aspectRatio: `${params.width} / ${params.height}` }}
    >
      <Spinner size="size-6" className="text-brand-600" />
      <p className="font-medium text-ink">{STATUS_LABELS[status]}…</p>
      {notice ? <p>{notice}</p> : <p>This page updates by itself when the headshot is ready.</p>}
    </div>
  );
}
