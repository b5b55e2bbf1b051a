CREATE TABLE `shoot_people` (
	`id` text PRIMARY KEY NOT NULL,
	`shoot_id` text NOT NULL,
	`name` text NOT NULL,
	`title` text,
	`email` text,
	`face_id` text,
	`favourite_output_id` text,
	`approved_at` integer,
	`regenerations_used` integer DEFAULT 0 NOT NULL,
	`source` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`shoot_id`) REFERENCES `shoots`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`face_id`) REFERENCES `faces`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`favourite_output_id`) REFERENCES `outputs`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "shoot_people_source_ck" CHECK("shoot_people"."source" in ('invite', 'staff'))
);
--> statement-breakpoint
CREATE INDEX `shoot_people_shoot_idx` ON `shoot_people` (`shoot_id`);--> statement-breakpoint
CREATE TABLE `shoots` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`prompt` text NOT NULL,
	`negative_prompt` text NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`steps` integer NOT NULL,
	`guidance_scale` real NOT NULL,
	`seed` integer NOT NULL,
	`variants` integer NOT NULL,
	`regenerations` integer NOT NULL,
	`crops` text NOT NULL,
	`due_date` text,
	`generation_cap` integer,
	`generations_used` integer DEFAULT 0 NOT NULL,
	`invite_token` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "shoots_seed_ck" CHECK("shoots"."seed" between 0 and 4294967295),
	CONSTRAINT "shoots_variants_ck" CHECK("shoots"."variants" between 1 and 4),
	CONSTRAINT "shoots_regenerations_ck" CHECK("shoots"."regenerations" between 0 and 5)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `shoots_invite_token_unique` ON `shoots` (`invite_token`);--> statement-breakpoint
ALTER TABLE `generations` ADD `shoot_id` text;--> statement-breakpoint
ALTER TABLE `generations` ADD `person_id` text;--> statement-breakpoint
ALTER TABLE `generations` ADD `variant` integer;--> statement-breakpoint
CREATE INDEX `generations_person_idx` ON `generations` (`person_id`);--> statement-breakpoint
CREATE INDEX `generations_shoot_idx` ON `generations` (`shoot_id`);