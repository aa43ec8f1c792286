CREATE TABLE `hidden_messages` (
	`channel_id` text NOT NULL,
	`ts` text NOT NULL,
	`member_id` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`channel_id`, `ts`)
);
--> statement-breakpoint
CREATE TABLE `person_name_levels` (
	`person_id` text PRIMARY KEY NOT NULL,
	`level` text NOT NULL,
	`source` text NOT NULL,
	`requested_at` integer,
	`reason` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `email_changes` (
	`id` text PRIMARY KEY NOT NULL,
	`member_id` text NOT NULL,
	`new_email` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `email_changes_token_hash_unique` ON `email_changes` (`token_hash`);--> statement-breakpoint
CREATE TABLE `data_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`received_at` integer NOT NULL,
	`kind` text NOT NULL,
	`requester` text NOT NULL,
	`due_at` integer NOT NULL,
	`closed_at` integer,
	`closing_note` text,
	`created_by` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `data_requests_due` ON `data_requests` (`closed_at`,`due_at`);--> statement-breakpoint
ALTER TABLE `members` ADD `display_name` text;