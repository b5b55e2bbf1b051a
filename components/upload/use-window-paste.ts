import { useEffect } from "react";

function firstImage(data: DataTransfer | null): File | null {
  if (!data) return null;
  for (const item of Array.from(data.items)) {
    if (item.kind === "file" && item.type.startsWith("image/")) return item.getAsFile();
  }
  return null;
}

const isEditable = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || target.matches("input, textarea, select"));

/** Calls `onImage` with the first image pasted anywhere on the page while `enabled`. */
export function useWindowPaste(onImage: (file: File) => void, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const onPaste = (event: ClipboardEvent) => {
      // Rich text copied from documents carries a rendered image too; pasting it into a text field means text.
      if (isEditable(event.target) && event.clipboardData?.types.includes("text/plain")) return;
      const file = firstImage(event.clipboardData);
      if (!file) return;
      event.preventDefault();
      onImage(file);
    };
    window.addEventListener("paste", onPaste);
    return () => window.removeEventListener("paste", onPaste);
  }, [onImage, enabled]);
}
