import { z } from "zod";
import { LIMITS } from "./generation-defaults";

export { DEFAULT_NEGATIVE_PROMPT, DEFAULT_PARAMS, LIMITS, SIZE_PRESETS } from "./generation-defaults";

// Control characters (except tab/newline) never belong in a prompt.
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

const text = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text.` })
    .max(max, { error: `${label} must be at most ${max} characters.` })
    .refine((s) => !CONTROL_CHARS.test(s), { error: `${label} contains control characters.` });

// Form fields arrive as strings, JSON as numbers; anything else (arrays, booleans, objects) is refused
// rather than coerced, so `[1]` or `true` never passes as a number.
const toNumber = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? Number(v) : v);
const numberField = (label: string) => z.preprocess(toNumber, z.number({ error: `${label} must be a number.` }));

// team shoots: exported so lib/validations/shoot.ts reads numbers exactly like the home page does.
export const intField = (label: string, min: number, max: number) =>
  numberField(label)
    .refine(Number.isFinite, { error: `${label} must be a number.` })
    .refine(Number.isInteger, { error: `${label} must be a whole number.` })
    .refine((n) => n >= min && n <= max, { error: `${label} must be between ${min} and ${max}.` });

const seedField = z.preprocess(
  (v) => (v === "" || v === null || v === undefined ? undefined : v),
  intField("Seed", 0, LIMITS.seedMax).optional(),
);

const boolField = z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v), z.boolean({ error: "Return base64 must be true or false." }));

/** Every make_gen parameter a person controls. Shared by the form (zodResolver) and the route handler. */
export const generationParamsSchema = z.object({
  prompt: text("Prompt", LIMITS.promptMax).refine((s) => s.trim().length > 0, { error: "Describe the headshot you want." }),
  negativePrompt: text("Negative prompt", LIMITS.negativePromptMax),
  width: intField("Width", LIMITS.sizeMin, LIMITS.sizeMax),
  height: intField("Height", LIMITS.sizeMin, LIMITS.sizeMax),
  steps: intField("Steps", LIMITS.stepsMin, LIMITS.stepsMax),
  guidanceScale: numberField("Guidance scale")
    .refine(Number.isFinite, { error: "Guidance scale must be a number." })
    .refine((n) => n >= LIMITS.guidanceMin && n <= LIMITS.guidanceMax, { error: "Guidance scale must be between 1.0 and 10.0." }),
  seed: seedField,
  base64: boolField,
});

export type GenerationParamsInput = z.input<typeof generationParamsSchema>;
export type GenerationParams = z.output<typeof generationParamsSchema>;

/** Body of POST /api/generations. */
export const createGenerationSchema = generationParamsSchema.extend({
  faceId: z.string({ error: "Add a face photo first." }).regex(/^[A-Za-z0-9_-]{8,64}$/, { error: "Add a face photo first." }),
});
export type CreateGenerationInput = z.output<typeof createGenerationSchema>;

/** Turns zod issues into `{ field: message }`, first message per field. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_";
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}
