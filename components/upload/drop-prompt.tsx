import { ImageUp, LoaderCircle } from "lucide-react";

export function PromptIcon({ preparing }: { preparing: boolean }) {
  const Icon = preparing ? LoaderCircle : ImageUp;
  return (
    <span className="flex size-12 shrink-0 items-center justify-center rounded-full bg-surface text-brand-600 shadow-sm ring-1 ring-surface-border">
      <Icon className={preparing ? "size-6 animate-spin" : "size-6"} aria-hidden />
    </span>
  );
}

export function PromptDetails({ preparing }: { preparing: boolean }) {
  if (preparing) return <p className="text-xs text-ink-muted">Resizing and removing location data before upload.</p>;
  return (
    <p className="text-xs text-ink-muted">
      <span className="pointer-coarse:hidden">You can also paste an image. </span>
      A clear, front-facing photo of one person works best.
    </p>
  );
}

export function IdleStatus() {
  return (
    <>
      <span className="pointer-coarse:hidden">
        Drag a photo here or <span className="text-brand-600 underline underline-offset-2">choose a file</span>
      </span>
      <span className="hidden pointer-coarse:inline">Tap to choose a photo</span>
    </>
  );
}
