CREATE TABLE `privacy_incidents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`occurred_on` text NOT NULL,
	`occurred_until` text,
	`discovered_on` text NOT NULL,
	`description` text NOT NULL,
	`information_concerned` text NOT NULL,
	`people_concerned` integer,
	`people_approximate` integer DEFAULT false NOT NULL,
	`sensitivity` text NOT NULL,
	`anticipated_consequences` text NOT NULL,
	`likelihood` text NOT NULL,
	`serious_risk` integer NOT NULL,
	`measures_taken` text NOT NULL,
	`commission_notified_on` text,
	`people_notified_on` text,
	`not_notified_reason` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `privacy_incidents_created` ON `privacy_incidents` (`created_at`);--> statement-breakpoint
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
ALTER TABLE `channels` ADD `monthly_activity` text;--> statement-breakpoint
ALTER TABLE `members` ADD `display_name` text;--> statement-breakpoint
ALTER TABLE `mail_events` ADD `receiving_server` text;--> statement-breakpoint
ALTER TABLE `mail_events` ADD `server_answer` text;--> statement-breakpoint
ALTER TABLE `mail_events` ADD `description` text;--> statement-breakpoint
CREATE INDEX `mail_messages_provider` ON `mail_messages` (`provider_message_id`);