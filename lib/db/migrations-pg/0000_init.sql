CREATE TABLE "faces" (
	"id" text PRIMARY KEY NOT NULL,
	"owner_id" text NOT NULL,
	"sha256" text NOT NULL,
	"path" text NOT NULL,
	"mime" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"bytes" integer NOT NULL,
	"created_at" bigint NOT NULL,
	"face_check" text
);
--> statement-breakpoint
CREATE TABLE "generations" (
	"id" text PRIMARY KEY NOT NULL,
	"owner_id" text NOT NULL,
	"face_id" text NOT NULL,
	"idempotency_key" text,
	"idempotency_hash" text,
	"prompt" text NOT NULL,
	"negative_prompt" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"steps" integer NOT NULL,
	"guidance_scale" double precision NOT NULL,
	"seed" bigint NOT NULL,
	"base64" boolean NOT NULL,
	"status" text NOT NULL,
	"upstream_id" text,
	"webhook_secret" text NOT NULL,
	"face_token" text,
	"face_token_expires_at" bigint,
	"eta_at" bigint,
	"next_check_at" bigint,
	"check_count" integer DEFAULT 0 NOT NULL,
	"failure_reason" text,
	"failure_message" text,
	"generation_time" double precision,
	"simulated" boolean NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	"submitted_at" bigint,
	"completed_at" bigint,
	"shoot_id" text,
	"person_id" text,
	"variant" integer,
	CONSTRAINT "generations_webhook_secret_unique" UNIQUE("webhook_secret"),
	CONSTRAINT "generations_face_token_unique" UNIQUE("face_token"),
	CONSTRAINT "generations_status_ck" CHECK ("generations"."status" in ('queued', 'processing', 'succeeded', 'failed')),
	CONSTRAINT "generations_seed_ck" CHECK ("generations"."seed" between 0 and 4294967295)
);
--> statement-breakpoint
CREATE TABLE "outputs" (
	"id" text PRIMARY KEY NOT NULL,
	"generation_id" text NOT NULL,
	"idx" integer NOT NULL,
	"path" text NOT NULL,
	"thumb_path" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"bytes" integer NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quota_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"subject_kind" text NOT NULL,
	"subject_key" text NOT NULL,
	"generation_id" text NOT NULL,
	"created_at" bigint NOT NULL,
	"refunded_at" bigint,
	CONSTRAINT "quota_events_kind_ck" CHECK ("quota_events"."subject_kind" in ('owner', 'ip', 'global'))
);
--> statement-breakpoint
CREATE TABLE "shoot_people" (
	"id" text PRIMARY KEY NOT NULL,
	"shoot_id" text NOT NULL,
	"name" text NOT NULL,
	"title" text,
	"email" text,
	"face_id" text,
	"favourite_output_id" text,
	"approved_at" bigint,
	"regenerations_used" integer DEFAULT 0 NOT NULL,
	"source" text NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "shoot_people_source_ck" CHECK ("shoot_people"."source" in ('invite', 'staff'))
);
--> statement-breakpoint
CREATE TABLE "shoots" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"prompt" text NOT NULL,
	"negative_prompt" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"steps" integer NOT NULL,
	"guidance_scale" double precision NOT NULL,
	"seed" bigint NOT NULL,
	"variants" integer NOT NULL,
	"regenerations" integer NOT NULL,
	"crops" text NOT NULL,
	"due_date" text,
	"generation_cap" integer,
	"generations_used" integer DEFAULT 0 NOT NULL,
	"invite_token" text,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "shoots_invite_token_unique" UNIQUE("invite_token"),
	CONSTRAINT "shoots_seed_ck" CHECK ("shoots"."seed" between 0 and 4294967295),
	CONSTRAINT "shoots_variants_ck" CHECK ("shoots"."variants" between 1 and 4),
	CONSTRAINT "shoots_regenerations_ck" CHECK ("shoots"."regenerations" between 0 and 5)
);
--> statement-breakpoint
CREATE TABLE "upstream_state" (
	"key" text PRIMARY KEY NOT NULL,
	"paused_until" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "generations" ADD CONSTRAINT "generations_face_id_faces_id_fk" FOREIGN KEY ("face_id") REFERENCES "public"."faces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outputs" ADD CONSTRAINT "outputs_generation_id_generations_id_fk" FOREIGN KEY ("generation_id") REFERENCES "public"."generations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shoot_people" ADD CONSTRAINT "shoot_people_shoot_id_shoots_id_fk" FOREIGN KEY ("shoot_id") REFERENCES "public"."shoots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shoot_people" ADD CONSTRAINT "shoot_people_face_id_faces_id_fk" FOREIGN KEY ("face_id") REFERENCES "public"."faces"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shoot_people" ADD CONSTRAINT "shoot_people_favourite_output_id_outputs_id_fk" FOREIGN KEY ("favourite_output_id") REFERENCES "public"."outputs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "faces_owner_sha_uq" ON "faces" USING btree ("owner_id","sha256");--> statement-breakpoint
CREATE INDEX "faces_created_idx" ON "faces" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "generations_owner_idem_uq" ON "generations" USING btree ("owner_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "generations_owner_created_idx" ON "generations" USING btree ("owner_id","created_at","id");--> statement-breakpoint
CREATE INDEX "generations_status_next_idx" ON "generations" USING btree ("status","next_check_at");--> statement-breakpoint
CREATE INDEX "generations_upstream_idx" ON "generations" USING btree ("upstream_id");--> statement-breakpoint
CREATE INDEX "generations_face_idx" ON "generations" USING btree ("face_id");--> statement-breakpoint
CREATE INDEX "generations_person_idx" ON "generations" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "generations_shoot_idx" ON "generations" USING btree ("shoot_id");--> statement-breakpoint
CREATE UNIQUE INDEX "outputs_generation_idx_uq" ON "outputs" USING btree ("generation_id","idx");--> statement-breakpoint
CREATE INDEX "quota_events_subject_idx" ON "quota_events" USING btree ("subject_kind","subject_key","created_at");--> statement-breakpoint
CREATE INDEX "quota_events_generation_idx" ON "quota_events" USING btree ("generation_id");--> statement-breakpoint
CREATE INDEX "shoot_people_shoot_idx" ON "shoot_people" USING btree ("shoot_id");