CREATE TABLE `upstream_state` (
	`key` text PRIMARY KEY NOT NULL,
	`paused_until` integer NOT NULL
);
