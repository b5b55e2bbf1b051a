import { RefreshCw, X } from "lucide-react";
import type { Ref } from "react";
import { focusRing } from "@/components/ui/focus-ring";
import type { PreparedFace } from "@/lib/client/prepare-face";

const action = `inline-flex min-h-9 items-center gap-1.5 rounded-lg border border-surface-border bg-surface px-2.5 text-sm sm:px-3 font-medium shadow-sm transition-colors hover:bg-surface-sunken disabled:cursor-not-allowed disabled:opacity-50 ${focusRing}`;

export function FaceThumbnail({ face }: { face: PreparedFace }) {
  return (
    // A blob: URL of a photo already resized in the browser: next/image would add nothing here.
    // eslint-disable-next-line @next/next/no-img-element
    <img
      src={face.previewUrl}
      alt="Preview of the chosen photo"
      width={face.width}
      height={face.height}
      className="size-16 shrink-0 rounded-lg border border-surface-border bg-surface-sunken object-cover sm:size-24"
    />
  );
}

type DetailsProps = {
  face: PreparedFace;
  disabled: boolean;
  onReplace: () => void;
  onRemove: () => void;
  replaceRef: Ref<HTMLButtonElement>;
};

export function FaceDetails({ face, disabled, onReplace, onRemove, replaceRef }: DetailsProps) {
  return (
    <>
      <p className="truncate text-xs text-ink-muted" title={face.originalName}>
        {face.width} × {face.height} px · {face.originalName}
      </p>
      <div className="mt-2 flex flex-wrap gap-2">
        <button ref={replaceRef} type="button" disabled={disabled} onClick={onReplace} className={`${action} text-ink`}>
          <RefreshCw className="size-3.5" aria-hidden />
          Replace
        </button>
        <button type="button" disabled={disabled} onClick={onRemove} className={`${action} text-danger-600`}>
          <X className="size-3.5" aria-hidden />
          Remove
        </button>
      </div>
    </>
  );
}
