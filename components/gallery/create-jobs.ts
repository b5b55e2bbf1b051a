"use client";

// New jobs made from an existing one, from the gallery: Retry (same settings and seed) and Variations
// (same settings, new random seeds).
import { useMutation } from "@tanstack/react-query";
import { createGeneration } from "@/lib/client/api";
import { getQueryClient, primeGeneration } from "@/lib/client/queries";
import type { GenerationDto } from "@/lib/client/types";
import { settingsOf } from "@/lib/client/url-to-form";
import { uuid } from "@/lib/client/uuid";
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

export type CreateFn = (input: CreateGenerationInput, idempotencyKey: string) => Promise<GenerationDto>;

export type CreateJobsResult = { created: GenerationDto[]; error: unknown };

/**
 * Creates jobs one after another, each with its own idempotency key, and stops at the first refusal:
 * after a quota or rate-limit answer the next request would be refused too.
 */
export async function createJobs(create: CreateFn, inputs: CreateGenerationInput[], newKey: () => string): Promise<CreateJobsResult> {
  const created: GenerationDto[] = [];
  for (const input of inputs) {
    try {
      created.push(await create(input, newKey()));
    } catch (error) {
      return { created, error };
    }
  }
  return { created, error: null };
}

/** Creates one or more jobs; fails only when none was created (a partial result carries its `error`). */
export function useCreateJobs() {
  return useMutation(
    {
      mutationFn: async (inputs: CreateGenerationInput[]) => {
        const result = await createJobs(createGeneration, inputs, uuid);
        result.created.forEach(primeGeneration);
        if (result.created.length === 0) throw result.error;
        return result;
      },
    },
    getQueryClient(),
  );
}
