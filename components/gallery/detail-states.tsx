import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";

export function DetailNotFound() {
  return (
    <div className="flex flex-col items-center gap-3 rounded-card border border-dashed border-surface-border bg-white px-6 py-14 text-center">
      <h1 className="text-xl font-semibold text-ink">Generation not found</h1>
      <p className="max-w-sm text-sm text-ink-muted">It may have been deleted, or it belongs to someone else. Generations are only visible to the person who made them.</p>
      <Button asChild>
        <Link href="/gallery">Back to the gallery</Link>
      </Button>
    </div>
  );
}

export function DetailLoading({ text = "Loading…" }: { text?: string }) {
  return (
    <p role="status" className="flex items-center gap-2 text-sm text-ink-muted">
      <Spinner />
      {text}
    </p>
  );
}

export function DetailError({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <Alert title="Could not load this generation" action={<Button variant="secondary" size="sm" onClick={onRetry}>Try again</Button>}>
      {message}
    </Alert>
  );
}
