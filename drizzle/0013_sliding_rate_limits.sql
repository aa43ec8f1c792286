CREATE TABLE `rate_limit_events` (
	`key` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `rate_limit_events_key_at` ON `rate_limit_events` (`key`,`at`);--> statement-breakpoint
DROP TABLE `rate_limits`;