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
ALTER TABLE `members` ADD `display_name` text;