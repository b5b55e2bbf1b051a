import type { GenerationParams } from "./generation";

// Plain values with no zod import, so the browser can read the limits and defaults without loading the
// schema (the form loads it lazily, on its first validation).

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
