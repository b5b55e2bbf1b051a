import { Camera } from "lucide-react";
import { useRef } from "react";
import { focusRing } from "@/components/ui/focus-ring";
import { cn } from "@/lib/client/cn";

/** `onOpen`: the camera is opening (a photo is on its way); `onFile`: the photo taken. */
type Props = { onOpen?: () => void; onFile: (file: File) => void; disabled: boolean };

/** Opens the front camera on phones; the caller hides it on desktops, where it would be just another file picker. */
export function CameraButton({ onOpen, onFile, disabled }: Props) {
  const inputRef = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        disabled={disabled}
        onClick={() => {
          onOpen?.();
          inputRef.current?.click();
        }}
        className={cn(
          "inline-flex min-h-11 items-center justify-center gap-2 rounded-xl border border-surface-border bg-surface px-4 text-sm font-medium text-ink shadow-sm transition-colors hover:bg-surface-sunken disabled:cursor-not-allowed disabled:opacity-50",
          focusRing,
        )}
      >
        <Camera className="size-4 text-brand-600" aria-hidden />
        Take a photo
      </button>
      <input
        ref={inputRef}
        type="file"
        accept="image/*"
        capture="user"
        tabIndex={-1}
        aria-hidden
        className="hidden"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = "";
          if (file) onFile(file);
        }}
      />
    </>
  );
}
