"use client";

import { useMutation } from "@tanstack/react-query";
import { getQueryClient } from "@/lib/client/queries";
import { CircleAlert, Heart, Hourglass, RotateCcw, Trash2, UserCheck } from "lucide-react";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/client/api";
import { cn } from "@/lib/client/cn";
import { joinApi } from "@/lib/client/teams-api";
import { toast } from "@/components/ui/toast";
import { plural } from "@/components/team/format";
import { progressText, roundsOf } from "@/components/team/person-status";
import type { JoinMeDto, ShootVariantDto } from "@/lib/teams/types";

type Props = { token: string; me: JoinMeDto; onChange: (me: JoinMeDto) => void; onDeleted: () => void };

/** A colleague's own headshots: choose a favourite, try again while tries are left, or delete everything. */
export function JoinResults({ token, me, onChange, onDeleted }: Props) {
  const { person } = me;
  const [confirmDelete, setConfirmDelete] = useState(false);
  const favourite = useMutation({
    mutationFn: (outputId: string) => joinApi.favourite(token, outputId),
    onSuccess: (next) => {
      onChange(next);
      toast.success("Saved as your favourite");
    },
    onError: (error) => toast.error(errorMessage(error)),
  }, getQueryClient());
  const tryAgain = useMutation({
    mutationFn: () => joinApi.tryAgain(token),
    onSuccess: onChange,
    onError: (error) => toast.error(errorMessage(error)),
  }, getQueryClient());
  const remove = useMutation({
    mutationFn: () => joinApi.deleteMe(token),
    onSuccess: () => {
      setConfirmDelete(false);
      onDeleted();
    },
    onError: (error) => toast.error(errorMessage(error)),
  }, getQueryClient());

  const progress = progressText(person.variants);
  // Newest round first: after Try again the new headshots appear at the top, where the person is looking.
  const rounds = roundsOf(person.variants).reverse();
  const left = me.shoot.regenerationsLeft;
  const anyDone = person.variants.some((v) => v.outputs.length > 0);

  return (
    <div className="space-y-6">
      <Card>
        <CardHeader>
          <CardTitle className="text-xl">Your headshots</CardTitle>
          <CardDescription>
            {person.status === "approved"
              ? "The team approved your headshot. You can still change your favourite."
              : anyDone
                ? "Choose your favourite: it is the one the team will use."
                : "Your photo is in. Your headshots are being made; this page updates by itself."}
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          <div role="status" aria-live="polite" className="text-sm">
            {progress ? (
              <p className="flex items-center gap-2 font-medium text-brand-700">
                <Spinner />
                {progress}
              </p>
            ) : person.status === "approved" ? (
              <p className="flex items-center gap-2 font-medium text-ok-700">
                <UserCheck aria-hidden="true" className="size-4" />
                Approved by the team
              </p>
            ) : person.favourite ? (
              <p className="flex items-center gap-2 font-medium text-ink">
                <Heart aria-hidden="true" className="size-4 fill-current text-brand-600" />
                Favourite chosen
              </p>
            ) : null}
          </div>
          {person.status === "failed" && person.failure ? (
            <Alert title="Your headshots could not be made">
              {person.failure} {left > 0 ? "Try again below." : "Ask the team for help."}
            </Alert>
          ) : null}
          {rounds.map((round, i) => (
            <section key={round.round} aria-label={rounds.length > 1 ? `Try ${round.round + 1}` : "Headshots"} className="space-y-2">
              {rounds.length > 1 ? (
                <h2 className="text-sm font-semibold text-ink">
                  Try {round.round + 1}
                  <span className="font-normal text-ink-muted tabular-nums">
                    {i === 0 ? " · latest" : ""} · seed {round.seed}
                  </span>
                </h2>
              ) : null}
              <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3">
                {round.variants.map((variant) => (
                  <VariantCard
                    key={variant.generationId}
                    variant={variant}
                    favouriteId={person.favourite?.id ?? null}
                    busy={favourite.isPending}
                    onChoose={(id) => favourite.mutate(id)}
                  />
                ))}
              </ul>
            </section>
          ))}
          <div className="flex flex-col gap-3 border-t border-surface-border pt-4 sm:flex-row sm:items-center sm:justify-between">
            {left > 0 ? (
              <div className="flex flex-col items-start gap-1">
                <Button variant="secondary" onClick={() => tryAgain.mutate()} disabled={tryAgain.isPending || person.generating}>
                  {tryAgain.isPending ? <Spinner /> : <RotateCcw aria-hidden="true" />}
                  Try again
                </Button>
                <p className="text-xs text-ink-muted">
                  {person.generating ? "Available once these are done. " : "A new set with a new seed. "}
                  {plural(left, "try", "tries")} left.
                </p>
              </div>
            ) : (
              <p className="text-xs text-ink-muted">
                No tries left.{person.favourite || !anyDone ? "" : " Choose your favourite from the headshots above."}
              </p>
            )}
            <Button variant="danger-outline" onClick={() => setConfirmDelete(true)}>
              <Trash2 aria-hidden="true" />
              Delete my photos
            </Button>
          </div>
        </CardContent>
      </Card>
      <ConfirmDialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title="Delete your photos?"
        description="Your face photo, every headshot made from it and your details are deleted from this shoot for good. The team will no longer have them."
        confirmLabel="Delete my photos"
        onConfirm={() => remove.mutate()}
        busy={remove.isPending}
      />
    </div>
  );
}

function VariantCard({ variant, favouriteId, busy, onChoose }: { variant: ShootVariantDto; favouriteId: string | null; busy: boolean; onChoose: (outputId: string) => void }) {
  const label = `Your headshot ${variant.variant + 1} (seed ${variant.seed})`;
  const output = variant.outputs[0];
  if (!output) {
    const failed = variant.status === "failed";
    return (
      <li className="flex aspect-square flex-col items-center justify-center gap-2 rounded-lg border border-dashed border-surface-border bg-surface-sunken p-3 text-center text-xs text-ink-muted">
        {failed ? (
          <CircleAlert aria-hidden="true" className="size-5 text-danger-600" />
        ) : variant.queuePosition !== null ? (
          <Hourglass aria-hidden="true" className="size-5" />
        ) : (
          <Spinner size="size-5" className="text-brand-600" />
        )}
        <span className={failed ? "text-danger-600" : undefined}>
          {failed
            ? (variant.failure?.message ?? "This one failed.")
            : variant.queuePosition !== null
              ? `Waiting for a free slot (${variant.queuePosition} ahead)`
              : "Being made…"}
        </span>
      </li>
    );
  }
  const chosen = favouriteId === output.id;
  return (
    <li className={cn("overflow-hidden rounded-lg border bg-white shadow-sm", chosen ? "border-brand-600 ring-2 ring-brand-600" : "border-surface-border")}>
      <a href={output.url} target="_blank" rel="noreferrer" className="block focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:ring-inset">
        {/* Plain <img>: the file is checked by this browser's person cookie, which next/image would not forward. */}
        {/* eslint-disable-next-line @next/next/no-img-element */}
        <img src={output.thumbUrl} alt={label} width={output.width} height={output.height} decoding="async" className="aspect-square w-full bg-surface-sunken object-cover" />
        <span className="sr-only"> (opens full size)</span>
      </a>
      <div className="p-2">
        {chosen ? (
          <p className="flex min-h-8 items-center justify-center gap-2 rounded-lg bg-brand-600 px-2 py-1.5 text-center text-sm leading-tight font-medium text-white max-sm:[&_svg]:hidden">
            <Heart aria-hidden="true" className="size-4 fill-current" />
            Your favourite
          </p>
        ) : (
          <Button
            variant="secondary"
            size="sm"
            className="h-auto min-h-8 w-full py-1.5 leading-tight whitespace-normal max-sm:[&_svg]:hidden"
            disabled={busy}
            onClick={() => onChoose(output.id)}
          >
            <Heart aria-hidden="true" />
            Choose as favourite<span className="sr-only">: headshot {variant.variant + 1}</span>
          </Button>
        )}
      </div>
    </li>
  );
}
