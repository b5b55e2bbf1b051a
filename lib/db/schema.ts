import { sql } from "drizzle-orm";
import { check, index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
// Relative, not "@/…": drizzle-kit loads this file on its own to generate migrations.
import { GENERATION_STATUSES } from "../validations/generation";

export const faces = sqliteTable(
  "faces",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id").notNull(),
    sha256: text("sha256").notNull(),
    path: text("path").notNull(),
    mime: text("mime").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    bytes: integer("bytes").notNull(),
    createdAt: integer("created_at").notNull(),
    /** The browser's face check (JSON, lib/validations faceCheckSchema), shown to people; trusted by nothing. */
    check: text("face_check"),
  },
  (t) => [uniqueIndex("faces_owner_sha_uq").on(t.ownerId, t.sha256), index("faces_created_idx").on(t.createdAt)],
);

export const generations = sqliteTable(
  "generations",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id").notNull(),
    faceId: text("face_id")
      .notNull()
      .references(() => faces.id),
    idempotencyKey: text("idempotency_key"),
    // A hash of the settings sent with the idempotency key: the same key with other settings is refused (409).
    idempotencyHash: text("idempotency_hash"),
    prompt: text("prompt").notNull(),
    negativePrompt: text("negative_prompt").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    steps: integer("steps").notNull(),
    guidanceScale: real("guidance_scale").notNull(),
    seed: integer("seed").notNull(),
    base64: integer("base64", { mode: "boolean" }).notNull(),
    status: text("status", { enum: GENERATION_STATUSES }).notNull(),
    upstreamId: text("upstream_id"),
    webhookSecret: text("webhook_secret").notNull().unique(),
    faceToken: text("face_token").unique(),
    faceTokenExpiresAt: integer("face_token_expires_at"),
    etaAt: integer("eta_at"),
    nextCheckAt: integer("next_check_at"),
    checkCount: integer("check_count").notNull().default(0),
    failureReason: text("failure_reason"),
    failureMessage: text("failure_message"),
    generationTime: real("generation_time"),
    simulated: integer("simulated", { mode: "boolean" }).notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    submittedAt: integer("submitted_at"),
    completedAt: integer("completed_at"),
    // team shoots: a shoot generation names its shoot, its person (also its owner) and which variant it is.
    shootId: text("shoot_id"),
    personId: text("person_id"),
    variant: integer("variant"),
  },
  (t) => [
    uniqueIndex("generations_owner_idem_uq").on(t.ownerId, t.idempotencyKey),
    index("generations_owner_created_idx").on(t.ownerId, t.createdAt, t.id),
    index("generations_status_next_idx").on(t.status, t.nextCheckAt),
    index("generations_upstream_idx").on(t.upstreamId),
    index("generations_face_idx").on(t.faceId),
    index("generations_person_idx").on(t.personId),
    index("generations_shoot_idx").on(t.shootId),
    // The database's own copy of GENERATION_STATUSES, as written in the migration that created it.
    check("generations_status_ck", sql`${t.status} in ('queued', 'processing', 'succeeded', 'failed')`),
    check("generations_seed_ck", sql`${t.seed} between 0 and 4294967295`),
  ],
);

export const outputs = sqliteTable(
  "outputs",
  {
    id: text("id").primaryKey(),
    generationId: text("generation_id")
      .notNull()
      .references(() => generations.id, { onDelete: "cascade" }),
    idx: integer("idx").notNull(),
    path: text("path").notNull(),
    thumbPath: text("thumb_path").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    bytes: integer("bytes").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("outputs_generation_idx_uq").on(t.generationId, t.idx)],
);

export const QUOTA_SUBJECT_KINDS = ["owner", "ip", "global"] as const;

/** One unit of quota spent by one subject (an owner, an address, or everyone) for one generation. */
export const quotaEvents = sqliteTable(
  "quota_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    subjectKind: text("subject_kind", { enum: QUOTA_SUBJECT_KINDS }).notNull(),
    subjectKey: text("subject_key").notNull(),
    generationId: text("generation_id").notNull(),
    createdAt: integer("created_at").notNull(),
    refundedAt: integer("refunded_at"),
  },
  (t) => [
    index("quota_events_subject_idx").on(t.subjectKind, t.subjectKey, t.createdAt),
    index("quota_events_generation_idx").on(t.generationId),
    check("quota_events_kind_ck", sql`${t.subjectKind} in ('owner', 'ip', 'global')`),
  ],
);

// team shoots: a staff-owned set of headshots with one fixed style, and the people in it.
export const PERSON_SOURCES = ["invite", "staff"] as const;

export const shoots = sqliteTable(
  "shoots",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    prompt: text("prompt").notNull(),
    negativePrompt: text("negative_prompt").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    steps: integer("steps").notNull(),
    guidanceScale: real("guidance_scale").notNull(),
    seed: integer("seed").notNull(),
    variants: integer("variants").notNull(),
    regenerations: integer("regenerations").notNull(),
    /** JSON array of crop ids. */
    crops: text("crops").notNull(),
    /** YYYY-MM-DD; the invite link works through that whole day (anywhere on earth). */
    dueDate: text("due_date"),
    generationCap: integer("generation_cap"),
    /** Every generation ever started in the shoot (never decreases): the cap counts it, and > 0 locks the style. */
    generationsUsed: integer("generations_used").notNull().default(0),
    inviteToken: text("invite_token").unique(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    check("shoots_seed_ck", sql`${t.seed} between 0 and 4294967295`),
    check("shoots_variants_ck", sql`${t.variants} between 1 and 4`),
    check("shoots_regenerations_ck", sql`${t.regenerations} between 0 and 5`),
  ],
);

export const shootPeople = sqliteTable(
  "shoot_people",
  {
    id: text("id").primaryKey(),
    shootId: text("shoot_id")
      .notNull()
      .references(() => shoots.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    title: text("title"),
    email: text("email"),
    // Set null when the retention sweep removes the face (and with it every output made from it).
    faceId: text("face_id").references(() => faces.id, { onDelete: "set null" }),
    favouriteOutputId: text("favourite_output_id").references(() => outputs.id, { onDelete: "set null" }),
    approvedAt: integer("approved_at"),
    regenerationsUsed: integer("regenerations_used").notNull().default(0),
    source: text("source", { enum: PERSON_SOURCES }).notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("shoot_people_shoot_idx").on(t.shootId), check("shoot_people_source_ck", sql`${t.source} in ('invite', 'staff')`)],
);

export type FaceRow = typeof faces.$inferSelect;
export type NewFaceRow = typeof faces.$inferInsert;
export type GenerationRow = typeof generations.$inferSelect;
export type NewGenerationRow = typeof generations.$inferInsert;
export type GenerationPatch = Partial<Omit<NewGenerationRow, "id" | "ownerId" | "createdAt">>;
export type OutputRow = typeof outputs.$inferSelect;
export type NewOutputRow = typeof outputs.$inferInsert;
export type QuotaSubjectKind = (typeof QUOTA_SUBJECT_KINDS)[number];
export type QuotaEventRow = typeof quotaEvents.$inferSelect;
export type ShootRow = typeof shoots.$inferSelect;
export type NewShootRow = typeof shoots.$inferInsert;
export type ShootPersonRow = typeof shootPeople.$inferSelect;
export type NewShootPersonRow = typeof shootPeople.$inferInsert;

/** Upstream-wide state shared by every process on this database: today one row, the submission queue's 429 pause. */
export const upstreamState = sqliteTable("upstream_state", {
  key: text("key").primaryKey(),
  pausedUntil: integer("paused_until").notNull(),
});
