"use client";

import { useMutation } from "@tanstack/react-query";
import { getQueryClient } from "@/lib/client/queries";
import { ArrowLeft, Download, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, buttonVariants } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { focusRing } from "@/components/ui/focus-ring";
import { controlSkin } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { ApiError, errorMessage } from "@/lib/client/api";
import { cn } from "@/lib/client/cn";
import { shootKeys, teamsApi } from "@/lib/client/teams-api";
import { toast } from "@/components/ui/toast";
import { PERSON_STATUSES, type PersonStatus, type ShootDto } from "@/lib/teams/types";
import { AddPhotos } from "./add-photos";
import { formatDay, formatIsoDay, plural } from "./format";
import { InviteLinkCard } from "./invite-link-card";
import { PeopleTable } from "./people-table";
import { ShootStyleCard } from "./shoot-style-card";
import { countsLine, PERSON_STATUS_LABELS } from "./person-status";
import { shootNeedsPolling, useShoot } from "./use-shoot";

/** The shoot page: settings, invite link, adding photos, everyone's status and headshots, export and delete. */
export function ShootView({ initial }: { initial: ShootDto }) {
  const { data, error } = useShoot(initial);
  const shoot = data ?? initial;
  const [filter, setFilter] = useState<PersonStatus | "all">("all");
  const filterId = useId();
  const people = filter === "all" ? shoot.people : shoot.people.filter((p) => p.status === filter);
  const full = shoot.people.length >= shoot.maxPeople;

  return (
    <div className="space-y-6">
      <ShootHeader shoot={shoot} />
      {error instanceof ApiError && error.status === 401 ? (
        <Alert title="You are signed out" action={<Link href={`/sign-in?next=/team/${encodeURIComponent(shoot.id)}`} className="font-medium underline">Sign in again</Link>}>
          {error.message}
        </Alert>
      ) : error ? (
        <Alert tone="warn" title="Could not refresh the shoot">
          {errorMessage(error)} The page shows what was last loaded.
        </Alert>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <InviteLinkCard shoot={shoot} />
        <AddPhotos shootId={shoot.id} disabled={full} />
      </div>
      <ShootStyleCard shoot={shoot} />

      <section aria-labelledby="people-heading" className="space-y-3">
        <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
          <div className="space-y-1">
            <h2 id="people-heading" className="text-lg font-semibold tracking-tight text-ink">
              People
            </h2>
            <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-ink-muted" aria-live="polite">
              {countsLine(shoot.counts).map((part, i) => (
                <span key={part} className={i === 0 ? "font-semibold text-ink" : undefined}>
                  {part}
                </span>
              ))}
              {shootNeedsPolling(shoot) ? (
                <span className="inline-flex items-center gap-1.5 text-brand-700">
                  <Spinner size="size-3" />
                  Updating live
                </span>
              ) : null}
            </p>
          </div>
          <div className="flex items-center gap-2">
            <label htmlFor={filterId} className="text-sm font-medium text-ink">
              Show
            </label>
            <select id={filterId} value={filter} onChange={(e) => setFilter(e.target.value as PersonStatus | "all")} className={cn(controlSkin, "h-10 min-w-0")}>
              <option value="all">Everyone ({shoot.counts.people})</option>
              {PERSON_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {PERSON_STATUS_LABELS[status]} ({shoot.counts.byStatus[status]})
                </option>
              ))}
            </select>
          </div>
        </div>
        {shoot.people.length === 0 ? (
          <p className="rounded-card border border-dashed border-surface-border bg-white px-6 py-10 text-center text-sm text-ink-muted">
            Nobody yet. Add photos above, or copy the invite link and send it to your colleagues.
          </p>
        ) : people.length === 0 ? (
          <p className="rounded-card border border-dashed border-surface-border bg-white px-6 py-10 text-center text-sm text-ink-muted">
            Nobody is “{filter === "all" ? "" : PERSON_STATUS_LABELS[filter]}” right now.{" "}
            <button type="button" onClick={() => setFilter("all")} className={cn("rounded font-medium text-brand-700 underline", focusRing)}>
              Show everyone
            </button>
          </p>
        ) : (
          <div className="md:overflow-x-auto md:rounded-card md:border md:border-surface-border md:bg-white md:shadow-sm">
            <PeopleTable shootId={shoot.id} people={people} />
          </div>
        )}
        {full ? <p className="text-sm text-warn-800">This shoot is full ({shoot.maxPeople} people). Make a new shoot for more.</p> : null}
      </section>
    </div>
  );
}

function ShootHeader({ shoot }: { shoot: ShootDto }) {
  const router = useRouter();
  const client = getQueryClient();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const remove = useMutation({
    mutationFn: () => teamsApi.deleteShoot(shoot.id),
    onSuccess: () => {
      setConfirmDelete(false);
      client.removeQueries({ queryKey: shootKeys.detail(shoot.id) });
      toast.success(`Deleted “${shoot.name}” and every photo in it`);
      router.push("/team");
    },
    onError: (error) => toast.error(errorMessage(error)),
  }, getQueryClient());
  // The ZIP holds the approved people, or everyone's favourite while nobody is approved.
  const exportable = shoot.counts.approved + shoot.counts.byStatus.favourite_chosen > 0;
  const hintId = useId();
  return (
    <div className="space-y-3">
      <Link href="/team" className={cn("inline-flex items-center gap-1 rounded text-sm text-ink-muted hover:text-ink", focusRing)}>
        <ArrowLeft aria-hidden="true" className="size-4" />
        Team shoots
      </Link>
      <div className="flex flex-col gap-4 lg:flex-row lg:items-start lg:justify-between">
        <div className="min-w-0 space-y-1">
          <h1 className="text-2xl font-semibold tracking-tight break-words text-ink sm:text-3xl">{shoot.name}</h1>
          <p className="text-sm text-ink-muted">
            Created {formatIsoDay(shoot.createdAt)}
            {shoot.dueDate ? ` · due ${formatDay(shoot.dueDate)}` : ""}
            {shoot.expired ? " · invite link closed" : ""}
          </p>
        </div>
        <div className="flex flex-col items-start gap-1 lg:items-end">
          <div className="flex flex-wrap gap-2">
            {exportable ? (
              <a href={teamsApi.exportUrl(shoot.id)} download className={buttonVariants({ variant: "primary" })}>
                <Download aria-hidden="true" />
                Download ZIP
              </a>
            ) : (
              <Button disabled aria-describedby={hintId}>
                <Download aria-hidden="true" />
                Download ZIP
              </Button>
            )}
            <Button variant="danger-outline" onClick={() => setConfirmDelete(true)}>
              <Trash2 aria-hidden="true" />
              Delete shoot
            </Button>
          </div>
          <p id={hintId} className="text-xs text-ink-muted">
            {exportable
              ? shoot.counts.approved > 0
                ? `The ZIP holds the ${plural(shoot.counts.approved, "approved person", "approved people")}.`
                : "Nobody is approved yet: the ZIP holds everyone's favourite."
              : "Approve someone or choose a favourite to download the ZIP."}
          </p>
        </div>
      </div>
      <ConfirmDialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title={`Delete “${shoot.name}”?`}
        description={`Every person in it (${plural(shoot.people.length, "person", "people")}), their face photos, headshots and files are deleted for good, and the invite link stops working. This cannot be undone.`}
        confirmLabel="Delete shoot"
        onConfirm={() => remove.mutate()}
        busy={remove.isPending}
      />
    </div>
  );
}
