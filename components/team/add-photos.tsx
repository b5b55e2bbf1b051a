"use client";

import { CircleAlert, CircleCheck, FolderOpen, ImagePlus } from "lucide-react";
import { useCallback, useId, useRef, useState, type ChangeEvent } from "react";
import { Button, buttonVariants } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Spinner } from "@/components/ui/spinner";
import { ApiError, errorMessage } from "@/lib/client/api";
import { cn } from "@/lib/client/cn";
import { uploadPersonPhoto } from "@/lib/client/teams-api";
import { preparePhoto } from "./prepare-photo";
import { createLimiter, personNameFor, photoFiles, retryWhenBusy } from "./upload-queue";
import { useShootUpdater } from "./use-shoot";

/** Photos sent at once: the server decodes one at a time and keeps 24 waiting, so a few in flight keep it busy without flooding it. */
export const UPLOADS_AT_ONCE = 3;

type Phase = "waiting" | "preparing" | "uploading" | "retrying" | "done" | "failed";
type Item = { key: number; fileName: string; name: string; phase: Phase; progress: number; message: string | null };

const ACCEPT = "image/jpeg,image/png,image/webp,image/heic,image/heif,.jpg,.jpeg,.png,.webp,.heic,.heif";

/** "Add photos": many files or a whole folder; each photo becomes a person named from its file name. */
export function AddPhotos({ shootId, disabled }: { shootId: string; disabled?: boolean }) {
  const id = useId();
  const { refresh } = useShootUpdater(shootId);
  const [items, setItems] = useState<Item[]>([]);
  const limiter = useRef(createLimiter(UPLOADS_AT_ONCE));
  const nextKey = useRef(0);
  const [skipped, setSkipped] = useState(0);

  const update = useCallback((key: number, patch: Partial<Item>) => setItems((list) => list.map((it) => (it.key === key ? { ...it, ...patch } : it))), []);

  const upload = useCallback(
    async (key: number, file: File, name: string) => {
      try {
        await limiter.current(async () => {
          update(key, { phase: "preparing", message: null });
          const ready = await preparePhoto(file);
          update(key, { phase: "uploading", progress: 0 });
          await retryWhenBusy(
            () => uploadPersonPhoto(shootId, ready, name, { onProgress: (progress) => update(key, { phase: "uploading", progress }) }),
            { onWait: (seconds) => update(key, { phase: "retrying", message: `The server is busy: trying again in ${seconds} s.` }) },
          );
        });
        update(key, { phase: "done", progress: 1, message: null });
        void refresh();
      } catch (error) {
        const message = error instanceof ApiError ? errorMessage(error) : error instanceof Error ? error.message : errorMessage(error);
        update(key, { phase: "failed", message });
      }
    },
    [shootId, update, refresh],
  );

  const onFiles = (e: ChangeEvent<HTMLInputElement>) => {
    const all = [...(e.target.files ?? [])];
    e.target.value = "";
    const files = photoFiles(all);
    setSkipped(all.length - files.length);
    const added = files.map((file) => ({ file, item: { key: nextKey.current++, fileName: file.name, name: personNameFor(file), phase: "waiting" as const, progress: 0, message: null } }));
    setItems((list) => [...list, ...added.map((a) => a.item)]);
    for (const { file, item } of added) void upload(item.key, file, item.name);
  };

  const finished = items.filter((it) => it.phase === "done" || it.phase === "failed");
  const active = items.length - finished.length;
  const labelClass = cn(
    buttonVariants({ variant: "secondary" }),
    "cursor-pointer peer-focus-visible:ring-2 peer-focus-visible:ring-brand-500 peer-focus-visible:ring-offset-2",
    disabled && "pointer-events-none opacity-60",
  );

  return (
    <Card>
      <CardHeader>
        <CardTitle>Add photos</CardTitle>
        <CardDescription>
          One face photo per person. Each becomes a person named from its file name (“jane_doe.jpg” → “jane doe”), which you can edit. Their
          headshots start right away.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        <div className="flex flex-wrap gap-2">
          <div>
            <input id={`${id}-files`} type="file" multiple accept={ACCEPT} onChange={onFiles} disabled={disabled} className="peer sr-only" />
            <label htmlFor={`${id}-files`} className={labelClass}>
              <ImagePlus aria-hidden="true" />
              Add photos
            </label>
          </div>
          <div>
            <input
              id={`${id}-folder`}
              type="file"
              multiple
              ref={(el) => el?.setAttribute("webkitdirectory", "")}
              onChange={onFiles}
              disabled={disabled}
              className="peer sr-only"
            />
            <label htmlFor={`${id}-folder`} className={labelClass}>
              <FolderOpen aria-hidden="true" />
              Add a folder
            </label>
          </div>
        </div>
        {skipped > 0 ? (
          <p className="text-sm text-ink-muted">
            Skipped {skipped} {skipped === 1 ? "file that is" : "files that are"} not a photo (JPEG, PNG, WebP or HEIC).
          </p>
        ) : null}
        {items.length > 0 ? (
          <div className="space-y-2">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <p role="status" className="text-sm font-medium text-ink">
                {active > 0 ? `Uploading: ${finished.length} of ${items.length} done` : `${items.filter((it) => it.phase === "done").length} of ${items.length} added`}
              </p>
              {finished.length > 0 ? (
                <Button variant="ghost" size="sm" onClick={() => setItems((list) => list.filter((it) => it.phase !== "done" && it.phase !== "failed"))}>
                  Clear finished
                </Button>
              ) : null}
            </div>
            <ul aria-label="Uploads" className="max-h-72 divide-y divide-surface-border overflow-y-auto rounded-lg border border-surface-border">
              {items.map((item) => (
                <UploadRow key={item.key} item={item} />
              ))}
            </ul>
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}

const PHASE_TEXT: Record<Phase, string> = {
  waiting: "Waiting",
  preparing: "Preparing…",
  uploading: "Uploading",
  retrying: "Waiting for the server",
  done: "Added",
  failed: "Not added",
};

function UploadRow({ item }: { item: Item }) {
  const percent = Math.round(item.progress * 100);
  return (
    <li className="flex items-start gap-3 px-3 py-2 text-sm">
      <span className="mt-0.5 shrink-0">
        {item.phase === "done" ? (
          <CircleCheck aria-hidden="true" className="size-4 text-ok-700" />
        ) : item.phase === "failed" ? (
          <CircleAlert aria-hidden="true" className="size-4 text-danger-600" />
        ) : (
          <Spinner className="text-brand-600" />
        )}
      </span>
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-baseline justify-between gap-x-3">
          <span className="truncate font-medium text-ink" title={item.fileName}>
            {item.fileName}
          </span>
          <span className={cn("text-xs", item.phase === "failed" ? "font-medium text-danger-600" : "text-ink-muted")}>
            {PHASE_TEXT[item.phase]}
            {item.phase === "uploading" ? ` ${percent} %` : ""}
            {item.phase === "done" ? ` as “${item.name}”` : ""}
          </span>
        </div>
        {item.phase === "uploading" ? (
          <progress value={percent} max={100} aria-label={`Uploading ${item.fileName}`} className="mt-1 h-1.5 w-full accent-brand-600" />
        ) : null}
        {item.message ? <p className={cn("mt-0.5 text-xs", item.phase === "failed" ? "text-danger-600" : "text-ink-muted")}>{item.message}</p> : null}
      </div>
    </li>
  );
}
