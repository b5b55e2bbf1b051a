import { z } from "zod";
import { FACE_FINDINGS, type FaceCheckResult } from "@/lib/images/face-check";
import { GENERATION_STATUSES, LIMITS, MAX_PAGE_SIZE, PAGE_SIZE } from "./generation";

// The zod schemas shared by the form (zodResolver), the route handlers and the server-rendered gallery.
// Their inferred types are exported from ./generation, which the browser can import without zod.

// Control characters (except tab/newline) never belong in a prompt: C0, DEL and C1 (U+0080–U+009F).
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/**
 * Half of a UTF-16 surrogate pair on its own (JSON can carry one as "\ud800"). It cannot be stored or sent on as
 * UTF-8 without being changed into U+FFFD, so it is refused instead. (A loop, not a lookbehind regex: the browser
 * runs this file too.)
 */
function hasLoneSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    const next = s.charCodeAt(i + 1);
    if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i++;
    else return true;
  }
  return false;
}

/** A message for text that is not plain, well-formed text, or null. Shared with lib/validations/shoot.ts. */
export function textProblem(label: string, s: string, control: RegExp = CONTROL_CHARS): string | null {
  if (control.test(s)) return `${label} contains control characters.`;
  if (hasLoneSurrogate(s)) return `${label} contains a broken character (half of a surrogate pair). Retype or remove it.`;
  return null;
}

const text = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text.` })
    .max(max, { error: `${label} must be at most ${max} characters.` })
    .superRefine((s, ctx) => {
      const problem = textProblem(label, s);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });

// Form fields arrive as strings, JSON as numbers; anything else (arrays, booleans, objects) is refused
// rather than coerced, so `[1]` or `true` never passes as a number. A string must be written in decimal digits,
// as a person types a number ("12", "7.5", "-1"): "0x400", "1e3", " 12", "+5", "Infinity" are refused.
const DECIMAL = /^-?\d+(?:\.\d+)?$/;
const toNumber = (v: unknown) => (typeof v === "string" ? (DECIMAL.test(v) ? Number(v) : NaN) : v);
const numberField = (label: string) => z.preprocess(toNumber, z.number({ error: `${label} must be a number.` }));

// Also read by lib/validations/shoot.ts, so a shoot's numbers are read exactly like the home page's.
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

/** Body of POST /api/generations. */
export const createGenerationSchema = generationParamsSchema.extend({
  faceId: z.string({ error: "Add a face photo first." }).regex(/^[A-Za-z0-9_-]{8,64}$/, { error: "Add a face photo first." }),
});

const LIMIT_MESSAGE = `Limit must be a whole number from 1 to ${MAX_PAGE_SIZE}.`;

/** Query string of GET /api/generations. */
export const listQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  status: z.enum(GENERATION_STATUSES, { error: "Unknown status filter." }).optional(),
  q: z.string().max(200, { error: "Search text is too long." }).optional(),
  // In a query string, digits only: "0x10", "1e2", " 5" are refused, not read as numbers.
  limit: z.preprocess(
    (v) => (typeof v === "string" ? (/^\d{1,3}$/.test(v) ? Number(v) : NaN) : v),
    z
      .number({ error: LIMIT_MESSAGE })
      .int({ error: LIMIT_MESSAGE })
      .min(1, { error: LIMIT_MESSAGE })
      .max(MAX_PAGE_SIZE, { error: LIMIT_MESSAGE })
      .default(PAGE_SIZE),
  ),
});
export type ListQuery = z.output<typeof listQuerySchema>;

/** The longest `check` field accepted with a face photo; a real one is ~250 characters. */
export const FACE_CHECK_MAX_CHARS = 2048;

const checkMetric = z.number().finite().min(-1e7).max(1e7);

/**
 * The on-device face check sent with a photo (multipart field `check`, JSON; lib/images/face-check.ts). Stored
 * for display only: nothing on the server trusts it. Unknown keys are refused, so only these fields are kept.
 */
export const faceCheckSchema = z.strictObject({
  v: z.literal(1),
  faces: z.number().int().min(0).max(100),
  findings: z.array(z.enum(FACE_FINDINGS)).max(FACE_FINDINGS.length),
  metrics: z.strictObject({
    sharpness: checkMetric,
    luma: checkMetric,
    faceShare: checkMetric.nullable(),
    facePixels: checkMetric.nullable(),
    yaw: checkMetric.nullable(),
  }),
  confirmed: z.boolean().optional(),
}) satisfies z.ZodType<FaceCheckResult>;

const invalidCheck = "The photo check is not valid.";

/** The multipart `check` field: absent → null; otherwise size-capped JSON matching faceCheckSchema. */
export const faceCheckField = z
  .string({ error: invalidCheck })
  .max(FACE_CHECK_MAX_CHARS, { error: "The photo check is too long." })
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: invalidCheck });
      return z.NEVER;
    }
  })
  .pipe(faceCheckSchema)
  .optional()
  .transform((check) => check ?? null);

/** Turns zod issues into `{ field: message }`, first message per field. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_";
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}
