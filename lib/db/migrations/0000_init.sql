CREATE TABLE `faces` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL,
	`sha256` text NOT NULL,
	`path` text NOT NULL,
	`mime` text NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`bytes` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `faces_owner_sha_uq` ON `faces` (`owner_id`,`sha256`);--> statement-breakpoint
CREATE INDEX `faces_created_idx` ON `faces` (`created_at`);--> statement-breakpoint
CREATE TABLE `generations` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL,
	`face_id` text NOT NULL,
	`idempotency_key` text,
	`prompt` text NOT NULL,
	`negative_prompt` text NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`steps` integer NOT NULL,
	`guidance_scale` real NOT NULL,
	`seed` integer NOT NULL,
	`base64` integer NOT NULL,
	`status` text NOT NULL,
	`upstream_id` text,
	`webhook_secret` text NOT NULL,
	`face_token` text,
	`face_token_expires_at` integer,
	`eta_at` integer,
	`next_check_at` integer,
	`check_count` integer DEFAULT 0 NOT NULL,
	`failure_reason` text,
	`failure_message` text,
	`generation_time` real,
	`simulated` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`submitted_at` integer,
	`completed_at` integer,
	FOREIGN KEY (`face_id`) REFERENCES `faces`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "generations_status_ck" CHECK("generations"."status" in ('queued', 'processing', 'succeeded', 'failed')),
	CONSTRAINT "generations_seed_ck" CHECK("generations"."seed" between 0 and 4294967295)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `generations_webhook_secret_unique` ON `generations` (`webhook_secret`);--> statement-breakpoint
CREATE UNIQUE INDEX `generations_face_token_unique` ON `generations` (`face_token`);--> statement-breakpoint
CREATE UNIQUE INDEX `generations_owner_idem_uq` ON `generations` (`owner_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `generations_owner_created_idx` ON `generations` (`owner_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `generations_status_next_idx` ON `generations` (`status`,`next_check_at`);--> statement-breakpoint
CREATE INDEX `generations_upstream_idx` ON `generations` (`upstream_id`);--> statement-breakpoint
CREATE INDEX `generations_face_idx` ON `generations` (`face_id`);--> statement-breakpoint
CREATE TABLE `outputs` (
	`id` text PRIMARY KEY NOT NULL,
	`generation_id` text NOT NULL,
	`idx` integer NOT NULL,
	`path` text NOT NULL,
	`thumb_path` text NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`bytes` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`generation_id`) REFERENCES `generations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outputs_generation_idx_uq` ON `outputs` (`generation_id`,`idx`);