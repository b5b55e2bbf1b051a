import { ImageOff } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Spinner } from "@/components/ui/spinner";

/** Shown for a missing generation or one of someone else's: the page does not tell the two apart. */
export function DetailNotFound() {
  return (
    <EmptyState
      titleAs="h1"
      icon={ImageOff}
      title="Generation not found"
      description="It may have been deleted, or it belongs to someone else. Generations are only visible to the person who made them."
      links={[{ href: "/gallery", label: "Back to the gallery" }]}
    />
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
