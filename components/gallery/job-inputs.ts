import { settingsOf } from "@/lib/client/generation-settings";
import type { GenerationDto } from "@/lib/client/types";
import type { CreateGenerationInput } from "@/lib/validations/generation";

export const VARIATIONS_MIN = 1;
export const VARIATIONS_MAX = 4;

type Settings = Omit<CreateGenerationInput, "seed">;

function sameSettings(generation: GenerationDto): Settings {
  return { faceId: generation.face.id, ...settingsOf(generation) };
}

/** A new job with exactly the failed one's settings, seed included, so a retry can reproduce it. */
export function retryInput(generation: GenerationDto): CreateGenerationInput {
  return { ...sameSettings(generation), seed: generation.params.seed };
}

export function clampVariationCount(n: number): number {
  if (!Number.isFinite(n)) return VARIATIONS_MIN;
  return Math.min(VARIATIONS_MAX, Math.max(VARIATIONS_MIN, Math.trunc(n)));
}

/** N jobs with the same settings and no seed, so the server picks a new random seed for each. */
export function variationInputs(generation: GenerationDto, n: number): CreateGenerationInput[] {
  return Array.from({ length: clampVariationCount(n) }, () => sameSettings(generation));
}
