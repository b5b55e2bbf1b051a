import type { GenerationParamsInput } from "@/lib/validations/generation";
import type { GenerationDto, GenerationParamsDto } from "./types";

export type ReuseMode = "seed" | "all";

/** Every parameter of a generation except its seed: what Remix, Retry and Variations start from. */
export function settingsOf(generation: GenerationDto): Omit<GenerationParamsDto, "seed"> {
  const { prompt, negativePrompt, width, height, steps, guidanceScale, base64 } = generation.params;
  return { prompt, negativePrompt, width, height, steps, guidanceScale, base64 };
}

/** What the home page URL asks for: a generation to show (`g`) and/or one to copy settings from (`from`, `reuse`). */
export type HomeUrlState = { generationId: string | null; from: { id: string; reuse: ReuseMode } | null };

type SearchParamsLike = { get(name: string): string | null };

const ID = /^[A-Za-z0-9_-]{1,64}$/;

function validId(value: string | null): string | null {
  return value !== null && ID.test(value) ? value : null;
}

export function readHomeUrl(params: SearchParamsLike): HomeUrlState {
  const fromId = validId(params.get("from"));
  const reuse = params.get("reuse");
  return {
    generationId: validId(params.get("g")),
    // A missing or unknown `reuse` means "seed": the least surprising, since it keeps what the person typed.
    from: fromId ? { id: fromId, reuse: reuse === "all" ? "all" : "seed" } : null,
  };
}

export type FormFromGeneration = {
  values: GenerationParamsInput;
  /** The face photo to reuse instead of asking for a new upload; null keeps the current face. */
  face: { id: string; url: string } | null;
};

/** Maps a past generation onto the form: `seed` copies only the seed, `all` copies every parameter and the face. */
export function formFromGeneration(generation: GenerationDto, reuse: ReuseMode, current: GenerationParamsInput): FormFromGeneration {
  const seed = String(generation.params.seed);
  if (reuse === "seed") return { values: { ...current, seed }, face: null };
  return {
    values: { ...settingsOf(generation), seed },
    face: { id: generation.face.id, url: generation.face.url },
  };
}
