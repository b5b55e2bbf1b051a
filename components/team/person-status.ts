import type { PersonStatus, ShootPersonDto, ShootVariantDto } from "@/lib/teams/types";
import { isUnfinished } from "@/lib/validations/generation";

// How a person's status reads on the shoot page and the join page. Words first: the badge colour only repeats them.

export const PERSON_STATUS_LABELS: Record<PersonStatus, string> = {
  invited: "Invited",
  photo_received: "Photo received",
  generating: "Generating",
  ready: "Ready",
  favourite_chosen: "Favourite chosen",
  approved: "Approved",
  failed: "Failed",
};

export type StatusTone = "neutral" | "brand" | "ok" | "warn" | "danger";

export const PERSON_STATUS_TONES: Record<PersonStatus, StatusTone> = {
  invited: "neutral",
  photo_received: "neutral",
  generating: "brand",
  ready: "ok",
  favourite_chosen: "brand",
  approved: "ok",
  failed: "danger",
};

type Progress = Pick<ShootVariantDto, "status" | "queuePosition">;

/**
 * What an unfinished set of variants is doing, in words: "Waiting for a free slot (3 ahead)" while every open
 * one waits in our queue (the nearest place counts), "Making headshots…" once any is at the image service,
 * null when nothing is open.
 */
export function progressText(variants: readonly Progress[]): string | null {
  const open = variants.filter((v) => isUnfinished(v.status));
  if (open.length === 0) return null;
  const waiting = open.filter((v) => v.queuePosition !== null);
  if (waiting.length === open.length) {
    const ahead = Math.min(...waiting.map((v) => v.queuePosition ?? 0));
    return `Waiting for a free slot (${ahead} ahead)`;
  }
  return open.length === 1 ? "Making 1 headshot…" : `Making ${open.length} headshots…`;
}

/** Variants grouped by round, oldest round first: round 0 uses the shoot's seed, later rounds the seed drawn for them. */
export function roundsOf(variants: readonly ShootVariantDto[]): { round: number; seed: number; variants: ShootVariantDto[] }[] {
  const rounds: { round: number; seed: number; variants: ShootVariantDto[] }[] = [];
  for (const v of variants) {
    const last = rounds.at(-1);
    if (last && last.round === v.round) last.variants.push(v);
    else rounds.push({ round: v.round, seed: v.seed - v.variant, variants: [v] });
  }
  return rounds;
}

/** Has at least one finished headshot (Approve and the ZIP need one). */
export const hasHeadshot = (person: Pick<ShootPersonDto, "variants">) => person.variants.some((v) => v.outputs.length > 0);

/** "12 of 30 ready", the line above the people table. */
export function countsLine(counts: { people: number; ready: number; approved: number; generating: number; failed: number }): string[] {
  const parts = [`${counts.ready} of ${counts.people} ready`, `${counts.approved} approved`];
  if (counts.generating > 0) parts.push(`${counts.generating} generating`);
  if (counts.failed > 0) parts.push(`${counts.failed} failed`);
  return parts;
}
