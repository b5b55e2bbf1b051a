import "server-only";
import type { MakeGenInput } from "./types";

/**
 * The make_gen JSON body. Fields are written in one fixed order so the same input always gives
 * byte-identical JSON. A base64 face image forces `base64: true` (the flag covers input and output).
 */
export function buildMakeGenBody(input: MakeGenInput, key: string): string {
  const face = input.faceImage.kind === "url" ? input.faceImage.url : input.faceImage.dataUri;
  const body: Record<string, string | number | boolean> = {
    key,
    prompt: input.prompt,
    negative_prompt: input.negativePrompt,
    face_image: face,
    width: input.width,
    height: input.height,
    num_inference_steps: input.steps,
    guidance_scale: input.guidanceScale,
    seed: input.seed,
    base64: input.base64 || input.faceImage.kind === "base64",
  };
  if (input.webhookUrl !== null) body.webhook = input.webhookUrl;
  body.track_id = input.trackId;
  return JSON.stringify(body);
}
