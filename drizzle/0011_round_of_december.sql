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
ALTER TABLE `channels` ADD `monthly_activity` text;--> statement-breakpoint
ALTER TABLE `mail_events` ADD `receiving_server` text;--> statement-breakpoint
ALTER TABLE `mail_events` ADD `server_answer` text;--> statement-breakpoint
ALTER TABLE `mail_events` ADD `description` text;--> statement-breakpoint
CREATE INDEX `mail_messages_provider` ON `mail_messages` (`provider_message_id`);