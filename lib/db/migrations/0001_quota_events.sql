CREATE TABLE `quota_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subject_kind` text NOT NULL,
	`subject_key` text NOT NULL,
	`generation_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`refunded_at` integer,
	CONSTRAINT "quota_events_kind_ck" CHECK("quota_events"."subject_kind" in ('owner', 'ip', 'global'))
);
--> statement-breakpoint
CREATE INDEX `quota_events_subject_idx` ON `quota_events` (`subject_kind`,`subject_key`,`created_at`);--> statement-breakpoint
CREATE INDEX `quota_events_generation_idx` ON `quota_events` (`generation_id`);