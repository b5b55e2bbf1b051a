import type { GenerationParamsDto, GenerationDto } from "./types";

/** Every parameter of a generation except its seed: what Remix, Retry and Variations start from. */
export function settingsOf(generation: GenerationDto): Omit<GenerationParamsDto, "seed"> {
  const { prompt, negativePrompt, width, height, steps, guidanceScale, base64 } = generation.params;
  return { prompt, negativePrompt, width, height, steps, guidanceScale, base64 };
}
