import type { z } from "zod";
import type { createGenerationSchema, generationParamsSchema } from "./schemas";

// What a generation is, as plain values with no zod import: the browser reads the statuses, limits,
// defaults and page size at render without loading the schema (the form loads ./schemas lazily, on its
// first validation). The server, the database schema and the zod schemas in ./schemas use the same values.

/** Every status a generation can have, in the order a job moves through them. */
export const GENERATION_STATUSES = ["queued", "processing", "succeeded", "failed"] as const;
export type GenerationStatus = (typeof GENERATION_STATUSES)[number];

/** The statuses of a job that has not ended yet: the server still checks it, the page still polls it. */
export const UNFINISHED_STATUSES = ["queued", "processing"] as const satisfies readonly GenerationStatus[];

export function isUnfinished(status: GenerationStatus): boolean {
  return (UNFINISHED_STATUSES as readonly GenerationStatus[]).includes(status);
}

/** Generations per page: the server's default and what the gallery asks for. */
export const PAGE_SIZE = 24;
export const MAX_PAGE_SIZE = 100;

export const LIMITS = {
  promptMax: 1000,
  negativePromptMax: 1000,
  sizeMin: 256,
  sizeMax: 2048,
  stepsMin: 1,
  stepsMax: 26,
  guidanceMin: 1,
  guidanceMax: 10,
  seedMax: 4_294_967_295,
} as const;

export const DEFAULT_NEGATIVE_PROMPT =
  "blurry, low quality, distorted face, extra fingers, deformed, watermark, text, cartoon, oversaturated";

export const SIZE_PRESETS = [
  { id: "square", label: "Square", width: 1024, height: 1024 },
  { id: "portrait", label: "Portrait", width: 832, height: 1216 },
  { id: "landscape", label: "Landscape", width: 1216, height: 832 },
] as const;

export type GenerationParamsInput = z.input<typeof generationParamsSchema>;
export type GenerationParams = z.output<typeof generationParamsSchema>;
export type CreateGenerationInput = z.output<typeof createGenerationSchema>;

export const DEFAULT_PARAMS: GenerationParams = {
  prompt: "",
  negativePrompt: DEFAULT_NEGATIVE_PROMPT,
  width: 1024,
  height: 1024,
  steps: 21,
  guidanceScale: 7.5,
  seed: undefined,
  base64: false,
};
