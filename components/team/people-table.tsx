"use client";

import { useMutation } from "@tanstack/react-query";
import { getQueryClient } from "@/lib/client/queries";
import { Check, ImageUp, Pencil, RotateCcw, Trash2, Undo2, UserRound } from "lucide-react";
import { useRef, useState, type ChangeEvent } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/client/api";
import { cn } from "@/lib/client/cn";
import { teamsApi } from "@/lib/client/teams-api";
import { toast } from "@/components/ui/toast";
import { findingKind, findingMessage, type FaceCheckResult } from "@/lib/images/face-check";
import type { ShootOutputDto, ShootPersonDto } from "@/lib/teams/types";
import { plural } from "./format";
import { PersonDetailsDialog } from "./person-details-dialog";
import { hasHeadshot, progressText } from "./person-status";
import { PersonStatusBadge } from "./person-status-badge";
import { preparePhoto } from "./prepare-photo";
import { useShootUpdater } from "./use-shoot";
import { VariantThumbs } from "./variant-thumbs";

const ACCEPT = "image/jpeg,image/png,image/webp,image/heic,image/heif,.jpg,.jpeg,.png,.webp,.heic,.heif";

/** Everyone in the shoot: a table from md up; below that each row is laid out as a card (same markup). */
export function PeopleTable({ shootId, people }: { shootId: string; people: ShootPersonDto[] }) {
  return (
    <table className="w-full text-left text-sm max-md:block">
      <caption className="sr-only">People in this shoot</caption>
      <thead className="border-b border-surface-border text-xs font-semibold tracking-wide text-ink-muted uppercase max-md:hidden">
        <tr>
          <th scope="col" className="py-3 pr-3 pl-5">
            Person
          </th>
          <th scope="col" className="px-3 py-3">
            Status
          </th>
          <th scope="col" className="px-3 py-3">
            Favourite
          </th>
          <th scope="col" className="px-3 py-3">
            Headshots
          </th>
          <th scope="col" className="py-3 pr-5 pl-3">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-surface-border max-md:block">
        {people.map((person) => (
          <PersonRow key={person.id} shootId={shootId} person={person} />
        ))}
      </tbody>
    </table>
  );
}

function PersonRow({ shootId, person }: { shootId: string; person: ShootPersonDto }) {
  const { putPerson, dropPerson } = useShootUpdater(shootId);
  const [editing, setEditing] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const [replacement, setReplacement] = useState<File | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const onError = (error: unknown) => toast.error(errorMessage(error));

  const favourite = useMutation({
    mutationFn: (output: ShootOutputDto) => teamsApi.updatePerson(shootId, person.id, { favouriteOutputId: output.id }),
    onSuccess: putPerson,
    onError,
  }, getQueryClient());
  const approve = useMutation({
    mutationFn: (approved: boolean) => teamsApi.updatePerson(shootId, person.id, { approved }),
    onSuccess: (updated) => {
      putPerson(updated);
      toast.success(updated.approvedAt ? `Approved ${updated.name}` : `${updated.name} is no longer approved`);
    },
    onError,
  }, getQueryClient());
  const regenerate = useMutation({
    mutationFn: () => teamsApi.regenerate(shootId, person.id),
    onSuccess: (updated) => {
      putPerson(updated);
      toast.success(`New headshots for ${updated.name} are on their way`);
    },
    onError,
  }, getQueryClient());
  const replace = useMutation({
    mutationFn: async (file: File) => teamsApi.replacePhoto(shootId, person.id, await preparePhoto(file)),
    onSuccess: (updated) => {
      setReplacement(null);
      putPerson(updated);
      toast.success(`New photo for ${updated.name}: headshots are on their way`);
    },
    onError: (error) => {
      setReplacement(null);
      // preparePhoto and the API both throw errors whose message is written for people.
      toast.error(error instanceof Error ? error.message : errorMessage(error));
    },
  }, getQueryClient());
  const remove = useMutation({
    mutationFn: () => teamsApi.removePerson(shootId, person.id),
    onSuccess: () => {
      setConfirmRemove(false);
      dropPerson(person.id);
      toast.success(`Removed ${person.name} and their photos`);
    },
    onError,
  }, getQueryClient());

  const onReplaceFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = "";
    if (!file) return;
    // Replacing deletes the headshots made so far: ask first when there are any.
    if (person.variants.length > 0) setReplacement(file);
    else replace.mutate(file);
  };

  const progress = progressText(person.variants);
  const canApprove = hasHeadshot(person);
  const approved = person.status === "approved";
  const regenTitle = person.generating
    ? "Wait until the current headshots are done"
    : person.regenerationsLeft === 0
      ? "No regenerations left for this person"
      : `A new set with a new seed (${plural(person.regenerationsLeft, "regeneration")} left)`;
  const cell = "px-3 py-3 align-top max-md:block max-md:p-0";

  return (
    <tr className="max-md:mb-3 max-md:block max-md:space-y-3 max-md:rounded-card max-md:border max-md:border-surface-border max-md:bg-white max-md:p-4">
      <th scope="row" className="py-3 pr-3 pl-5 text-left align-top font-normal max-md:block max-md:p-0">
        <div className="flex items-start gap-3">
          {person.face ? (
            // eslint-disable-next-line @next/next/no-img-element
            <img src={person.face.url} alt="" width={40} height={40} loading="lazy" className="size-10 shrink-0 rounded-full bg-surface-sunken object-cover" />
          ) : (
            <span className="grid size-10 shrink-0 place-items-center rounded-full bg-surface-sunken text-ink-faint">
              <UserRound aria-hidden="true" className="size-5" />
            </span>
          )}
          <div className="min-w-0 flex-1">
            <p className="font-semibold break-words text-ink">{person.name}</p>
            {person.title ? <p className="text-ink-muted">{person.title}</p> : null}
            {person.email ? <p className="truncate text-xs text-ink-faint">{person.email}</p> : null}
            <p className="text-xs text-ink-faint">{person.source === "invite" ? "Joined by link" : "Added by staff"}</p>
          </div>
          <Button variant="ghost" size="sm" className="-mt-1 -mr-2 shrink-0 px-2" onClick={() => setEditing(true)} aria-label={`Edit details of ${person.name}`} title="Edit name, title and email">
            <Pencil aria-hidden="true" />
          </Button>
        </div>
      </th>
      <td className={cell}>
        <div className="flex flex-col items-start gap-1">
          <PersonStatusBadge status={person.status} />
          {person.generating && person.status !== "generating" ? <span className="text-xs font-medium text-brand-700">Generating more</span> : null}
          {progress ? <span className="text-xs text-ink-muted">{progress}</span> : null}
          {person.status === "failed" && person.failure ? <span className="max-w-56 text-xs text-danger-600">{person.failure}</span> : null}
          {person.face?.check ? <PhotoCheckNote check={person.face.check} /> : null}
        </div>
      </td>
      {/* On a phone the star on the headshots below marks the favourite; a second copy would only add height. */}
      <td className={cn(cell, "max-md:hidden")}>
        {person.favourite ? (
          // eslint-disable-next-line @next/next/no-img-element
          <img
            src={person.favourite.thumbUrl}
            alt={`Favourite headshot of ${person.name}`}
            width={person.favourite.width}
            height={person.favourite.height}
            loading="lazy"
            className="size-16 rounded-md bg-surface-sunken object-cover"
          />
        ) : (
          <span className="text-xs text-ink-faint">Not chosen</span>
        )}
      </td>
      <td className={cn(cell, "min-w-40")}>
        <span className="mb-1 block text-xs font-medium text-ink-muted md:hidden">Headshots · tap one to make it the favourite</span>
        <VariantThumbs person={person} onChoose={(output) => favourite.mutate(output)} busy={favourite.isPending} />
      </td>
      <td className="py-3 pr-5 pl-3 align-top max-md:block max-md:p-0">
        <div className="grid grid-cols-2 gap-1.5 md:w-64">
          <Button
            variant="secondary"
            size="sm"
            onClick={() => regenerate.mutate()}
            disabled={regenerate.isPending || person.generating || person.regenerationsLeft === 0 || !person.face}
            title={regenTitle}
          >
            {regenerate.isPending ? <Spinner /> : <RotateCcw aria-hidden="true" />}
            Regenerate<span className="sr-only"> {person.name}</span>
          </Button>
          <Button
            variant={approved ? "secondary" : "primary"}
            size="sm"
            onClick={() => approve.mutate(!approved)}
            disabled={approve.isPending || !canApprove}
            title={canApprove ? undefined : "Approve once a headshot is ready"}
          >
            {approve.isPending ? <Spinner /> : approved ? <Undo2 aria-hidden="true" /> : <Check aria-hidden="true" />}
            {approved ? "Unapprove" : "Approve"}
            <span className="sr-only"> {person.name}</span>
          </Button>
          <Button variant="secondary" size="sm" onClick={() => fileInput.current?.click()} disabled={replace.isPending}>
            {replace.isPending ? <Spinner /> : <ImageUp aria-hidden="true" />}
            Replace photo<span className="sr-only"> of {person.name}</span>
          </Button>
          <Button variant="danger-outline" size="sm" onClick={() => setConfirmRemove(true)}>
            <Trash2 aria-hidden="true" />
            Remove<span className="sr-only"> {person.name}</span>
          </Button>
        </div>
        <p className="mt-1.5 text-xs text-ink-faint">{plural(person.regenerationsLeft, "regeneration")} left</p>
        <input ref={fileInput} type="file" accept={ACCEPT} className="hidden" onChange={onReplaceFile} tabIndex={-1} aria-hidden="true" />
        <PersonDetailsDialog shootId={shootId} person={person} open={editing} onOpenChange={setEditing} onSaved={putPerson} />
        <ConfirmDialog
          open={confirmRemove}
          onOpenChange={setConfirmRemove}
          title={`Remove ${person.name}?`}
          description="Their face photo, every headshot made from it and their files are deleted for good. The ZIP will no longer include them."
          confirmLabel="Remove"
          onConfirm={() => remove.mutate()}
          busy={remove.isPending}
        />
        <ConfirmDialog
          open={replacement !== null}
          onOpenChange={(open) => (open ? undefined : setReplacement(null))}
          title={`Replace the photo of ${person.name}?`}
          description="Their current headshots, favourite and approval are deleted, and new headshots are made from the new photo with the shoot's seed."
          confirmLabel="Replace photo"
          tone="primary"
          onConfirm={() => (replacement ? replace.mutate(replacement) : undefined)}
          busy={replace.isPending}
        />
      </td>
    </tr>
  );
}

/**
 * What the browser's face check said about this person's photo (stored with the face, never trusted for
 * anything but this line): staff see at a glance which photos may give poor headshots and ask for a new one.
 */
function PhotoCheckNote({ check }: { check: FaceCheckResult }) {
  const problems = check.findings.filter((f) => findingKind(f) !== "ok");
  if (problems.length === 0) {
    return <span className="text-xs text-ink-muted">Photo check: one face, no problems found</span>;
  }
  return (
    <ul aria-label="Photo check" className="max-w-56 space-y-0.5 text-xs">
      {problems.map((f) => (
        <li key={f} className={findingKind(f) === "blocking" ? "text-danger-600" : "text-warn-800"}>
          {findingMessage(f, check.faces)}
          {findingKind(f) === "blocking" && check.confirmed ? " (used anyway)" : ""}
        </li>
      ))}
    </ul>
  );
}
