import type { CreateGenerationInput } from "@/lib/validations/generation";

export function params(faceId: string, over: Partial<CreateGenerationInput> = {}): CreateGenerationInput {
  return {
    faceId,
    prompt: "studio headshot, navy blazer",
    negativePrompt: "blurry",
    width: 512,
    height: 640,
    steps: 21,
    guidanceScale: 7.5,
    seed: 1234,
    base64: false,
    ...over,
  };
}
