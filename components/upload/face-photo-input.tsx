"use client";

// Choosing the face photo: drop, pick, paste or camera, prepared in the browser before upload.
import { clsx } from "clsx";
import { CircleAlert } from "lucide-react";
import dynamic from "next/dynamic";
import { type ChangeEvent, type DragEvent, type KeyboardEvent, type MouseEvent, type RefObject, useCallback, useEffect, useId, useRef, useState } from "react";
import { focusRing } from "@/components/ui/focus-ring";
import { formatBytes } from "@/lib/images/limits";
import type { PreparedFace } from "@/lib/client/prepare-face";
import { CameraButton } from "./camera-button";
import { IdleStatus, PromptDetails, PromptIcon } from "./drop-prompt";
import { FaceDetails, FaceThumbnail } from "./face-preview";
import { expectPhoto, loadChecklist, useFacePreparation } from "./use-face-preparation";

// The checklist is only needed once a photo is chosen; choosing one starts loading it.
const FaceChecklist = dynamic(() => loadChecklist().then((m) => m.FaceChecklist));

export type FacePhotoInputProps = {
  value: PreparedFace | null;
  onChange: (value: PreparedFace | null) => void;
  disabled?: boolean;
  /** An error from the surrounding form, shown when the photo itself is fine. */
  error?: string;
};

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
function useWindowPaste(onImage: (file: File) => void, enabled: boolean): void {
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

/**
 * The drop zone stops being a tab stop while a photo is shown, and the Replace button disappears when
 * it is removed: hand keyboard focus to whichever control now stands where the person was.
 */
function useFocusHandoff(showingFace: boolean, rootRef: RefObject<HTMLElement | null>) {
  const replaceRef = useRef<HTMLButtonElement>(null);
  const focusRootNext = useRef(false);
  const shownBefore = useRef(showingFace);

  useEffect(() => {
    const active = document.activeElement;
    const focusWasHere = active === document.body || (active !== null && rootRef.current?.contains(active));
    if (showingFace && !shownBefore.current && focusWasHere) replaceRef.current?.focus();
    if (!showingFace && focusRootNext.current) rootRef.current?.focus();
    shownBefore.current = showingFace;
    focusRootNext.current = false;
  }, [showingFace, rootRef]);

  const focusRootNextRender = useCallback(() => {
    focusRootNext.current = true;
  }, []);

  return { replaceRef, focusRootNextRender };
}

/**
 * The window's side of dragging a photo: a drag with files entering it means a photo is on its way, so the face
 * check starts loading before the drop (the drop zone's pointer and key handlers do the same for the picker);
 * and a file dropped beside the drop zone must not make the browser leave the page to show it.
 */
function useWindowDrag(enabled: boolean, rootRef: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    if (!enabled) return;
    const onDragEnter = (event: globalThis.DragEvent) => {
      if (event.dataTransfer?.types.includes("Files")) expectPhoto();
    };
    const onDragOver = (event: globalThis.DragEvent) => event.preventDefault();
    const onDrop = (event: globalThis.DragEvent) => {
      if (!(event.target instanceof Node && rootRef.current?.contains(event.target))) event.preventDefault();
    };
    window.addEventListener("dragenter", onDragEnter);
    window.addEventListener("dragover", onDragOver);
    window.addEventListener("drop", onDrop);
    return () => {
      window.removeEventListener("dragenter", onDragEnter);
      window.removeEventListener("dragover", onDragOver);
      window.removeEventListener("drop", onDrop);
    };
  }, [enabled, rootRef]);
}

/**
 * The drop zone on the browser's own events (react-dropzone did this in ~5 kB gzip of the home page's first
 * load): a click, Enter or Space opens the file picker, a dropped or picked file goes to `onFile`. Types are
 * checked by content in prepareFace, so every file is handed over. `pickerOff`: a photo is shown, whose
 * Replace button opens the picker instead, so the zone is neither clickable nor a tab stop.
 */
function useDropZone({ onFile, disabled, pickerOff }: { onFile: (file: File) => void; disabled: boolean; pickerOff: boolean }) {
  const rootRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);

  const open = useCallback(() => {
    const input = inputRef.current;
    if (!input) return;
    // Cleared first, so choosing the same file again still counts as a change.
    input.value = "";
    input.click();
  }, []);

  const active = !disabled;
  const clickable = active && !pickerOff;
  const root = {
    ref: rootRef,
    tabIndex: clickable ? 0 : undefined,
    onClick: clickable
      ? (event: MouseEvent<HTMLElement>) => {
          // The input's own click (from open()) bubbles up here: it must not open the picker a second time.
          if (event.target !== inputRef.current) open();
        }
      : undefined,
    onKeyDown: clickable
      ? (event: KeyboardEvent<HTMLElement>) => {
          if (event.target !== event.currentTarget || (event.key !== "Enter" && event.key !== " ")) return;
          event.preventDefault();
          expectPhoto();
          open();
        }
      : undefined,
    onDragEnter: active
      ? (event: DragEvent<HTMLElement>) => {
          if (event.dataTransfer?.types.includes("Files")) setDragging(true);
        }
      : undefined,
    onDragOver: active
      ? (event: DragEvent<HTMLElement>) => {
          event.preventDefault();
          if (event.dataTransfer) event.dataTransfer.dropEffect = "copy";
        }
      : undefined,
    onDragLeave: active
      ? (event: DragEvent<HTMLElement>) => {
          // Leaving for one of the zone's own children is not leaving the zone.
          if (!(event.relatedTarget instanceof Node && event.currentTarget.contains(event.relatedTarget))) setDragging(false);
        }
      : undefined,
    onDrop: active
      ? (event: DragEvent<HTMLElement>) => {
          event.preventDefault();
          setDragging(false);
          const file = event.dataTransfer?.files[0];
          if (file) onFile(file);
        }
      : undefined,
  };
  const input = {
    ref: inputRef,
    type: "file",
    tabIndex: -1,
    disabled,
    // In the layout (not display: none) so its label still opens the picker, yet takes no room.
    style: HIDDEN_INPUT,
    onChange: (event: ChangeEvent<HTMLInputElement>) => {
      const file = event.target.files?.[0];
      if (file) onFile(file);
    },
  } as const;
  return { root, input, open, dragging: active && dragging, rootRef, inputRef };
}

const HIDDEN_INPUT = { border: 0, display: "block", height: 0, margin: 0, opacity: 0, overflow: "hidden", padding: 0, width: 0 } as const;

const ACCEPT = "image/jpeg,image/png,image/webp,image/heic,image/heif,.jpg,.jpeg,.png,.webp,.heic,.heif";

export function FacePhotoInput({ value, onChange, disabled = false, error }: FacePhotoInputProps) {
  const id = useId();
  const ids = { input: `${id}-input`, hint: `${id}-hint`, error: `${id}-error`, status: `${id}-status` };
  const { preparing, error: prepareError, choose, remove } = useFacePreparation({ value, onChange });
  const message = prepareError ?? error ?? null;
  const face = preparing ? null : value;
  const pick = useCallback((file: File) => void choose(file), [choose]);

  const { root, input, open, dragging, rootRef, inputRef } = useDropZone({ onFile: pick, disabled, pickerOff: face !== null });
  useWindowPaste(pick, !disabled);
  useWindowDrag(!disabled, rootRef);
  // The input is in the server-rendered HTML: a photo chosen before the page finished hydrating fired its
  // change event before React listened. Take it now instead of losing it silently.
  useEffect(() => {
    const early = inputRef.current?.files?.[0];
    if (early) pick(early);
    // Once, on mount: later choices arrive through the input's change event.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const { replaceRef, focusRootNextRender } = useFocusHandoff(face !== null, rootRef);
  const onRemove = () => {
    focusRootNextRender();
    remove();
  };

  const status = dragging
    ? "Drop the photo to use it"
    : preparing
      ? "Preparing photo…"
      : face
        ? `Sending ${formatBytes(face.bytes)} (was ${formatBytes(face.originalBytes)})`
        : null;
  const describedBy = clsx(ids.hint, message && ids.error);

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-0.5">
        <label htmlFor={ids.input} className="text-sm font-medium text-ink">
          Face photo
        </label>
        <span id={ids.hint} className="text-xs text-ink-faint">
          JPEG, PNG, WebP or HEIC, up to 20 MB
        </span>
      </div>
      <div
        {...root}
        role={face ? "group" : "button"}
        aria-labelledby={ids.status}
        aria-describedby={describedBy}
        aria-busy={preparing || undefined}
        aria-disabled={disabled || undefined}
        // Opening the picker is the moment to start loading the check: choosing a file takes a second or more.
        onPointerDown={disabled ? undefined : expectPhoto}
        className={clsx(
          "rounded-xl transition-colors",
          focusRing,
          face ? "border bg-surface shadow-sm" : "border-2 border-dashed",
          !face && !disabled && "cursor-pointer hover:border-brand-500 hover:bg-brand-50",
          dragging ? "border-brand-500 bg-brand-50" : message ? "border-danger-600" : "border-surface-border",
          !face && !dragging && "bg-surface-sunken",
          disabled && "cursor-not-allowed opacity-60",
        )}
      >
        <input {...input} id={ids.input} accept={ACCEPT} aria-describedby={describedBy} aria-invalid={message ? true : undefined} />
        <div className={face ? "flex items-center gap-3 p-3 sm:gap-4 sm:p-4" : "flex flex-col items-center gap-3 px-4 py-8 text-center sm:py-10"}>
          {face ? <FaceThumbnail face={face} /> : <PromptIcon preparing={preparing} />}
          <div className="min-w-0 flex-1 space-y-1">
            <p id={ids.status} role="status" aria-live="polite" className="text-sm font-medium text-ink">
              {status ?? <IdleStatus />}
            </p>
            {face ? (
              <FaceDetails face={face} disabled={disabled} onReplace={open} onRemove={onRemove} replaceRef={replaceRef} />
            ) : (
              <PromptDetails preparing={preparing} />
            )}
          </div>
        </div>
      </div>
      {face?.check && <FaceChecklist face={face} onChange={onChange} disabled={disabled} />}
      {!face && (
        <div className="hidden justify-center pointer-coarse:flex sm:justify-start">
          <CameraButton onOpen={expectPhoto} onFile={pick} disabled={disabled} />
        </div>
      )}
      {message && (
        <p id={ids.error} role="alert" className="flex items-start gap-1.5 text-sm text-danger-600">
          <CircleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
          {message}
        </p>
      )}
    </div>
  );
}
