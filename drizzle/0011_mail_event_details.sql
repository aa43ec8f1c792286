ALTER TABLE `mail_events` ADD `receiving_server` text;--> statement-breakpoint
ALTER TABLE `mail_events` ADD `server_answer` text;--> statement-breakpoint
ALTER TABLE `mail_events` ADD `description` text;--> statement-breakpoint
CREATE INDEX `mail_messages_provider` ON `mail_messages` (`provider_message_id`);