import type { GenerationDto } from "@/lib/client/types";

/** The first `max` characters of a prompt, cut at a word when possible. */
export function excerpt(text: string, max = 90): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max);
  // A space right after the cut means the cut already ends on a whole word.
  const space = clean[max] === " " ? max : cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:-]+$/, "")}…`;
}

export function formatSize(width: number, height: number): string {
  return `${width} × ${height}`;
}

/** Seconds the upstream reported, else the time from creation to completion; null while unknown. */
export function generationSeconds(generation: Pick<GenerationDto, "generationTimeSeconds" | "createdAt" | "completedAt">): number | null {
  if (generation.generationTimeSeconds !== null) return generation.generationTimeSeconds;
  if (!generation.completedAt) return null;
  const ms = Date.parse(generation.completedAt) - Date.parse(generation.createdAt);
  return Number.isFinite(ms) && ms >= 0 ? ms / 1000 : null;
}

export function formatSeconds(seconds: number | null): string {
  if (seconds === null) return "—";
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}
