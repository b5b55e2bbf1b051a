import { Hourglass, ImageOff, Star } from "lucide-react";
import { focusRing } from "@/components/ui/focus-ring";
import { Spinner } from "@/components/ui/spinner";
import { cn } from "@/lib/client/cn";
import type { ShootOutputDto, ShootPersonDto } from "@/lib/teams/types";
import { roundsOf } from "./person-status";

type Props = {
  person: ShootPersonDto;
  /** Choosing a favourite; without it the thumbnails are pictures, not buttons. */
  onChoose?: (output: ShootOutputDto) => void;
  busy?: boolean;
  size?: "sm" | "lg";
};

/**
 * A person's headshots round by round (round 1 with the shoot's seed, later rounds with the seed drawn for
 * them). Finished ones can be chosen as the favourite; open ones show that they are on their way.
 */
export function VariantThumbs({ person, onChoose, busy, size = "sm" }: Props) {
  const rounds = roundsOf(person.variants);
  if (rounds.length === 0) return <p className="text-xs text-ink-faint">None yet</p>;
  const tile = size === "sm" ? "size-14" : "size-24";
  return (
    <div className="space-y-2">
      {rounds.map((round) => (
        <div key={round.round} className="space-y-1">
          <p className="text-xs text-ink-muted tabular-nums">
            {rounds.length > 1 ? `Round ${round.round + 1} · ` : ""}seed {round.seed}
          </p>
          <ul className="flex flex-wrap gap-1.5">
            {round.variants.map((variant) => {
              const label = `headshot ${variant.variant + 1}${rounds.length > 1 ? ` of round ${round.round + 1}` : ""} (seed ${variant.seed})`;
              if (variant.outputs.length === 0) {
                const failed = variant.status === "failed";
                return (
                  <li
                    key={variant.generationId}
                    className={cn("grid place-items-center rounded-md border border-dashed border-surface-border bg-surface-sunken text-ink-faint", tile)}
                    title={failed ? (variant.failure?.message ?? "Failed") : "Being made"}
                  >
                    {failed ? <ImageOff aria-hidden="true" className="size-4" /> : variant.status === "queued" ? <Hourglass aria-hidden="true" className="size-4" /> : <Spinner />}
                    <span className="sr-only">{failed ? `${label}: failed. ${variant.failure?.message ?? ""}` : `${label}: being made`}</span>
                  </li>
                );
              }
              return variant.outputs.map((output) => {
                const favourite = person.favourite?.id === output.id;
                const image = (
                  // Plain <img>: shoot files are checked by cookie, which the next/image optimizer would not forward.
                  // eslint-disable-next-line @next/next/no-img-element
                  <img
                    src={output.thumbUrl}
                    alt={onChoose ? "" : `${person.name}, ${label}`}
                    width={output.width}
                    height={output.height}
                    loading="lazy"
                    decoding="async"
                    className={cn("rounded-md bg-surface-sunken object-cover", tile)}
                  />
                );
                return (
                  <li key={output.id} className="relative">
                    {onChoose ? (
                      <button
                        type="button"
                        aria-pressed={favourite}
                        aria-label={favourite ? `${label}: the favourite` : `Choose ${label} as favourite`}
                        title={favourite ? "The favourite" : "Choose as favourite"}
                        disabled={busy}
                        onClick={() => (favourite ? undefined : onChoose(output))}
                        className={cn(
                          "block rounded-md ring-offset-1 transition disabled:cursor-wait",
                          favourite ? "ring-2 ring-brand-600" : "hover:ring-2 hover:ring-brand-500/60",
                          focusRing,
                        )}
                      >
                        {image}
                      </button>
                    ) : (
                      image
                    )}
                    {favourite ? (
                      <span className="pointer-events-none absolute -top-1.5 -right-1.5 grid size-5 place-items-center rounded-full bg-brand-600 text-white shadow">
                        <Star aria-hidden="true" className="size-3 fill-current" />
                      </span>
                    ) : null}
                  </li>
                );
              });
            })}
          </ul>
        </div>
      ))}
    </div>
  );
}
