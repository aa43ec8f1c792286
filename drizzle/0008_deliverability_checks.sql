CREATE TABLE `deliverability_checks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`checked_at` integer NOT NULL,
	`domain` text NOT NULL,
	`passed` integer NOT NULL,
	`failing` text NOT NULL,
	`report` text NOT NULL,
	`requested_by` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `deliverability_checks_at` ON `deliverability_checks` (`checked_at`);