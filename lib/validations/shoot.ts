import { z } from "zod";
import { generationParamsSchema, intField, textProblem } from "./schemas";

// Team shoots: what staff send to create or change a shoot, and what a colleague sends to join one.
// Isomorphic (no server imports): the shoot form and the join form validate with these too.

/** The one definition of the website crops a shoot can export (lib/teams/export.ts cuts them); the folder name in the ZIP is the id. */
export const CROPS = [
  { id: "square-1024", label: "Square 1024", width: 1024, height: 1024, round: false },
  { id: "portrait-4x5", label: "Portrait 4:5", width: 800, height: 1000, round: false },
  { id: "avatar-512", label: "Avatar 512", width: 512, height: 512, round: true },
] as const satisfies readonly CropSpec[];

export interface CropSpec {
  id: string;
  label: string;
  width: number;
  height: number;
  /** Round crops are PNGs whose pixels outside the inscribed circle are fully transparent. */
  round: boolean;
}

export type Crop = (typeof CROPS)[number];
export type CropId = Crop["id"];

/** The crop ids as a non-empty tuple, e.g. `z.enum(CROP_IDS)` in a form schema. */
export const CROP_IDS = CROPS.map((c) => c.id) as unknown as IdsOf<typeof CROPS>;
type IdsOf<T extends readonly { id: string }[]> = { readonly [K in keyof T]: T[K] extends { id: infer I } ? I : never };


export const SHOOT_LIMITS = {
  nameMax: 100,
  variantsMin: 1,
  variantsMax: 4,
  regenerationsMax: 5,
  generationCapMax: 100_000,
  /** One shoot is for a team page, not a company directory: 200 people at most. */
  maxPeople: 200,
  personNameMax: 100,
  titleMax: 100,
  emailMax: 254,
} as const;

export const SHOOT_DEFAULTS = { variants: 2, regenerations: 2, crops: [...CROP_IDS] as CropId[] };

// A name or a title is one line: no control characters at all (not even tab or newline), C1 included.
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
const emptyToNull = (v: unknown) => (v === undefined ? undefined : typeof v === "string" && v.trim() === "" ? null : v);

const line = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text.` })
    .transform((s) => s.trim())
    .refine((s) => s.length <= max, { error: `${label} must be at most ${max} characters.` })
    .superRefine((s, ctx) => {
      const problem = textProblem(label, s, CONTROL);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });

const required = (label: string, max: number, missing: string) =>
  z.preprocess((v) => (v === undefined || v === null ? "" : v), line(label, max).refine((s) => s.length > 0, { error: missing }));

const optionalLine = (label: string, max: number) => z.preprocess(emptyToNull, line(label, max).nullable().optional());

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day written YYYY-MM-DD (no 2025-02-30). */
export function isCalendarDay(s: string): boolean {
  const m = ISO_DAY.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

const dueDate = z.preprocess(
  emptyToNull,
  z
    .string({ error: "Due date must be a date." })
    .refine(isCalendarDay, { error: "Due date must be a date written YYYY-MM-DD." })
    .nullable()
    .optional(),
);

const generationCap = z.preprocess(emptyToNull, intField("Generation cap", 1, SHOOT_LIMITS.generationCapMax).nullable().optional());

const crops = z
  .array(z.enum(CROP_IDS, { error: "Choose website crops from the list (Square 1024, Portrait 4:5, Avatar 512)." }), {
    error: "Website crops must be a list.",
  })
  .transform((list) => CROP_IDS.filter((id) => list.includes(id)));

// The style is the home page's schema, field for field, so a shoot accepts exactly what the home page does.
const style = generationParamsSchema.pick({ prompt: true, negativePrompt: true, width: true, height: true, steps: true, guidanceScale: true, seed: true });

const shootFields = {
  name: required("Shoot name", SHOOT_LIMITS.nameMax, "Give the shoot a name."),
  variants: intField("Variants per person", SHOOT_LIMITS.variantsMin, SHOOT_LIMITS.variantsMax),
  regenerations: intField("Regenerations per person", 0, SHOOT_LIMITS.regenerationsMax),
  crops,
  dueDate,
  generationCap,
};

/** Body of POST /api/shoots. A missing seed is chosen at random when the shoot is made. */
export const createShootSchema = style.extend({
  ...shootFields,
  variants: shootFields.variants.default(SHOOT_DEFAULTS.variants),
  regenerations: shootFields.regenerations.default(SHOOT_DEFAULTS.regenerations),
  crops: shootFields.crops.default(SHOOT_DEFAULTS.crops),
});
export type CreateShootInput = z.input<typeof createShootSchema>;
export type CreateShoot = z.output<typeof createShootSchema>;

/**
 * A shoot's style as the shoot page's Edit style form saves it: every style field, the seed included (an empty
 * seed would mean "random" on the home page; a shoot has exactly one, so the box must hold it).
 */
export const shootStyleSchema = style.extend({
  seed: style.shape.seed.pipe(z.number({ error: "Enter a seed, or press Random for a new one." })),
});
export type ShootStyleInput = z.input<typeof shootStyleSchema>;
export type ShootStyle = z.output<typeof shootStyleSchema>;

/**
 * Body of PATCH /api/shoots/[id]: any subset of the style (read exactly as Edit style reads it) and the
 * shoot's other settings. The style fields are refused (409) once the shoot has generated anything; the rest
 * can change at any time.
 */
export const updateShootSchema = shootStyleSchema.extend(shootFields).partial();
export type UpdateShootInput = z.input<typeof updateShootSchema>;
export type UpdateShoot = z.output<typeof updateShootSchema>;

/** The fields that make the set look alike: fixed once anyone has generated in the shoot. */
export const STYLE_KEYS = ["prompt", "negativePrompt", "width", "height", "steps", "guidanceScale", "seed"] as const;

const email = z.preprocess(
  emptyToNull,
  z
    .string({ error: "Email must be text." })
    .trim()
    .max(SHOOT_LIMITS.emailMax, { error: "Enter a valid email address, or leave it empty." })
    .pipe(z.email({ error: "Enter a valid email address, or leave it empty." }))
    .nullable()
    .optional(),
);

/** The text fields of POST /api/join/[token] (multipart, next to the `file`). */
export const joinShootSchema = z.object({
  name: required("Your name", SHOOT_LIMITS.personNameMax, "Enter your name."),
  title: optionalLine("Job title", SHOOT_LIMITS.titleMax),
  email,
});
export type JoinShoot = z.output<typeof joinShootSchema>;

/** The optional `name` next to a photo staff add (POST /api/shoots/[id]/people). */
export const addPersonSchema = z.object({ name: optionalLine("Name", SHOOT_LIMITS.personNameMax) });

const outputId = z.string({ error: "Choose one of the headshots." }).regex(/^[A-Za-z0-9_-]{1,64}$/, { error: "Choose one of the headshots." });

/** Body of PATCH /api/shoots/[id]/people/[personId]. `favouriteOutputId: null` clears the favourite. */
export const updatePersonSchema = z.object({
  name: required("Name", SHOOT_LIMITS.personNameMax, "Enter a name.").optional(),
  title: optionalLine("Job title", SHOOT_LIMITS.titleMax),
  email,
  approved: z.boolean({ error: "Approved must be true or false." }).optional(),
  favouriteOutputId: outputId.nullable().optional(),
});
export type UpdatePerson = z.output<typeof updatePersonSchema>;

/** Body of POST /api/join/[token]/me/favourite. */
export const chooseFavouriteSchema = z.object({ outputId });

/**
 * A person's name from a photo's file name: no extension, underscores and dashes as spaces, runs of
 * spaces collapsed ("jane_doe-2.JPG" → "jane doe 2"). Empty when nothing readable is left.
 */
export function nameFromFileName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? "";
  const stem = base.includes(".") ? base.slice(0, base.lastIndexOf(".")) : base;
  return stem
    .replace(/[_-]+/g, " ")
    .replace(/[\u0000-\u001F\u007F-\u009F]/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, SHOOT_LIMITS.personNameMax)
    .trim();
}
