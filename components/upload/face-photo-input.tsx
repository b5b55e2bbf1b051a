"use client";

// Choosing the face photo: drop, pick, paste or camera, prepared in the browser before upload.
import { clsx } from "clsx";
import { CircleAlert } from "lucide-react";
import dynamic from "next/dynamic";
import { type KeyboardEvent, type RefObject, useCallback, useEffect, useId, useRef } from "react";
import { type FileRejection, useDropzone } from "react-dropzone";
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
 * A photo dragged into the window is on its way: start loading the face check before it is dropped (the drop
 * zone's own pointer and key handlers do the same for the file picker).
 */
function useDragIntent(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const onDragEnter = (event: DragEvent) => {
      if (event.dataTransfer?.types.includes("Files")) expectPhoto();
    };
    window.addEventListener("dragenter", onDragEnter);
    return () => window.removeEventListener("dragenter", onDragEnter);
  }, [enabled]);
}

/** Enter or Space on the drop zone opens the file picker, like a click. */
const opensPicker = (event: KeyboardEvent<HTMLElement>) => event.key === "Enter" || event.key === " ";

const ACCEPT = "image/jpeg,image/png,image/webp,image/heic,image/heif,.jpg,.jpeg,.png,.webp,.heic,.heif";

export function FacePhotoInput({ value, onChange, disabled = false, error }: FacePhotoInputProps) {
  const id = useId();
  const ids = { input: `${id}-input`, hint: `${id}-hint`, error: `${id}-error`, status: `${id}-status` };
  const { preparing, error: prepareError, choose, remove } = useFacePreparation({ value, onChange });
  const message = prepareError ?? error ?? null;
  const face = preparing ? null : value;
  const pick = useCallback((file: File) => void choose(file), [choose]);

  // Types are checked by content in prepareFace, so a file the picker calls "rejected" is still examined.
  const onDrop = useCallback(
    (accepted: File[], rejected: FileRejection[]) => {
      const file = accepted[0] ?? rejected[0]?.file;
      if (file) pick(file);
    },
    [pick],
  );
  const { getRootProps, getInputProps, open, isDragActive, rootRef, inputRef } = useDropzone({
    onDrop,
    multiple: false,
    disabled,
    noClick: face !== null,
    noKeyboard: face !== null,
    noPaste: true,
  });
  useWindowPaste(pick, !disabled);
  useDragIntent(!disabled);
  // The input is in the server-rendered HTML: a photo chosen before the page finished hydrating fired its
  // change event before React listened. Take it now instead of losing it silently.
  useEffect(() => {
    const early = inputRef.current?.files?.[0];
    if (early) pick(early);
    // Once, on mount: later choices arrive through onDrop.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const { replaceRef, focusRootNextRender } = useFocusHandoff(face !== null, rootRef);
  const onRemove = () => {
    focusRootNextRender();
    remove();
  };

  const status = isDragActive
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
        {...getRootProps({
          role: face ? "group" : "button",
          "aria-labelledby": ids.status,
          "aria-describedby": describedBy,
          "aria-busy": preparing || undefined,
          // Opening the picker is the moment to start loading the check: choosing a file takes a second or more.
          onPointerDown: disabled ? undefined : expectPhoto,
          onKeyDown: (event) => {
            if (!disabled && opensPicker(event)) expectPhoto();
          },
          className: clsx(
            "rounded-xl transition-colors",
            focusRing,
            face ? "border bg-surface shadow-sm" : "border-2 border-dashed",
            !face && !disabled && "cursor-pointer hover:border-brand-500 hover:bg-brand-50",
            isDragActive ? "border-brand-500 bg-brand-50" : message ? "border-danger-600" : "border-surface-border",
            !face && !isDragActive && "bg-surface-sunken",
            disabled && "cursor-not-allowed opacity-60",
          ),
        })}
      >
        <input {...getInputProps({ id: ids.input, accept: ACCEPT, "aria-label": undefined, "aria-describedby": describedBy, "aria-invalid": message ? true : undefined })} />
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
