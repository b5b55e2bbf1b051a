// The Postgres twin of schema.ts (shared mode, DATABASE_URL set): the same tables, columns, keys and checks,
// so both dialects' rows have the same TypeScript types (the row types are exported once, from schema.ts).
// Times are milliseconds since the epoch in bigint columns read as JS numbers (safe to 2^53); SQLite's 0/1
// booleans are real booleans; seeds (up to 2^32-1) are bigint. A change here goes with the same change in
// schema.ts and a migration for each (`npm run db:generate`); lib/db/client.test.ts compares the two.
import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, check, doublePrecision, index, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
// Relative, not "@/…": drizzle-kit loads this file on its own to generate migrations.
import { GENERATION_STATUSES } from "../validations/generation";
import { PERSON_SOURCES, QUOTA_SUBJECT_KINDS } from "./schema";

const ms = (name: string) => bigint(name, { mode: "number" });

export const faces = pgTable(
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
    createdAt: ms("created_at").notNull(),
    check: text("face_check"),
  },
  (t) => [uniqueIndex("faces_owner_sha_uq").on(t.ownerId, t.sha256), index("faces_created_idx").on(t.createdAt)],
);

export const generations = pgTable(
  "generations",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id").notNull(),
    faceId: text("face_id")
      .notNull()
      .references(() => faces.id),
    idempotencyKey: text("idempotency_key"),
    idempotencyHash: text("idempotency_hash"),
    prompt: text("prompt").notNull(),
    negativePrompt: text("negative_prompt").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    steps: integer("steps").notNull(),
    guidanceScale: doublePrecision("guidance_scale").notNull(),
    seed: bigint("seed", { mode: "number" }).notNull(),
    base64: boolean("base64").notNull(),
    status: text("status", { enum: GENERATION_STATUSES }).notNull(),
    upstreamId: text("upstream_id"),
    webhookSecret: text("webhook_secret").notNull().unique(),
    faceToken: text("face_token").unique(),
    faceTokenExpiresAt: ms("face_token_expires_at"),
    etaAt: ms("eta_at"),
    nextCheckAt: ms("next_check_at"),
    checkCount: integer("check_count").notNull().default(0),
    failureReason: text("failure_reason"),
    failureMessage: text("failure_message"),
    generationTime: doublePrecision("generation_time"),
    simulated: boolean("simulated").notNull(),
    createdAt: ms("created_at").notNull(),
    updatedAt: ms("updated_at").notNull(),
    submittedAt: ms("submitted_at"),
    completedAt: ms("completed_at"),
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
    check("generations_status_ck", sql`${t.status} in ('queued', 'processing', 'succeeded', 'failed')`),
    check("generations_seed_ck", sql`${t.seed} between 0 and 4294967295`),
  ],
);

export const outputs = pgTable(
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
    createdAt: ms("created_at").notNull(),
  },
  (t) => [uniqueIndex("outputs_generation_idx_uq").on(t.generationId, t.idx)],
);

export const quotaEvents = pgTable(
  "quota_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    subjectKind: text("subject_kind", { enum: QUOTA_SUBJECT_KINDS }).notNull(),
    subjectKey: text("subject_key").notNull(),
    generationId: text("generation_id").notNull(),
    createdAt: ms("created_at").notNull(),
    refundedAt: ms("refunded_at"),
  },
  (t) => [
    index("quota_events_subject_idx").on(t.subjectKind, t.subjectKey, t.createdAt),
    index("quota_events_generation_idx").on(t.generationId),
    check("quota_events_kind_ck", sql`${t.subjectKind} in ('owner', 'ip', 'global')`),
  ],
);

export const shoots = pgTable(
  "shoots",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    prompt: text("prompt").notNull(),
    negativePrompt: text("negative_prompt").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    steps: integer("steps").notNull(),
    guidanceScale: doublePrecision("guidance_scale").notNull(),
    seed: bigint("seed", { mode: "number" }).notNull(),
    variants: integer("variants").notNull(),
    regenerations: integer("regenerations").notNull(),
    crops: text("crops").notNull(),
    dueDate: text("due_date"),
    generationCap: integer("generation_cap"),
    generationsUsed: integer("generations_used").notNull().default(0),
    inviteToken: text("invite_token").unique(),
    createdAt: ms("created_at").notNull(),
    updatedAt: ms("updated_at").notNull(),
  },
  (t) => [
    check("shoots_seed_ck", sql`${t.seed} between 0 and 4294967295`),
    check("shoots_variants_ck", sql`${t.variants} between 1 and 4`),
    check("shoots_regenerations_ck", sql`${t.regenerations} between 0 and 5`),
  ],
);

export const shootPeople = pgTable(
  "shoot_people",
  {
    id: text("id").primaryKey(),
    shootId: text("shoot_id")
      .notNull()
      .references(() => shoots.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    title: text("title"),
    email: text("email"),
    faceId: text("face_id").references(() => faces.id, { onDelete: "set null" }),
    favouriteOutputId: text("favourite_output_id").references(() => outputs.id, { onDelete: "set null" }),
    approvedAt: ms("approved_at"),
    regenerationsUsed: integer("regenerations_used").notNull().default(0),
    source: text("source", { enum: PERSON_SOURCES }).notNull(),
    createdAt: ms("created_at").notNull(),
    updatedAt: ms("updated_at").notNull(),
  },
  (t) => [index("shoot_people_shoot_idx").on(t.shootId), check("shoot_people_source_ck", sql`${t.source} in ('invite', 'staff')`)],
);

/** Upstream-wide state shared by every instance: today one row, the 429 pause of the submission queue. */
export const upstreamState = pgTable("upstream_state", {
  key: text("key").primaryKey(),
  pausedUntil: ms("paused_until").notNull(),
});
