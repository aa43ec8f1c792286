CREATE TABLE `campaign_domain_pauses` (
	`campaign_id` text NOT NULL,
	`domain` text NOT NULL,
	`reason` text NOT NULL,
	`at` integer NOT NULL,
	`resumed_at` integer,
	PRIMARY KEY(`campaign_id`, `domain`)
);
--> statement-breakpoint
CREATE TABLE `campaign_recipients` (
	`campaign_id` text NOT NULL,
	`member_id` text NOT NULL,
	`step` text NOT NULL,
	`email` text NOT NULL,
	`domain` text NOT NULL,
	`organisation` text NOT NULL,
	`locale` text NOT NULL,
	`wave` integer NOT NULL,
	`scheduled_at` integer NOT NULL,
	`state` text DEFAULT 'queued' NOT NULL,
	`sending_at` integer,
	`sent_at` integer,
	`provider_message_id` text,
	`reason` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`campaign_id`, `member_id`, `step`)
);
--> statement-breakpoint
CREATE INDEX `campaign_recipients_due` ON `campaign_recipients` (`campaign_id`,`state`,`scheduled_at`);--> statement-breakpoint
CREATE INDEX `campaign_recipients_message` ON `campaign_recipients` (`provider_message_id`);--> statement-breakpoint
CREATE TABLE `campaigns` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`stream` text NOT NULL,
	`audience` text NOT NULL,
	`subject_fr` text NOT NULL,
	`subject_en` text NOT NULL,
	`body_fr` text NOT NULL,
	`body_en` text NOT NULL,
	`first_wave` integer NOT NULL,
	`growth` real NOT NULL,
	`daily_cap` integer NOT NULL,
	`organisation_hourly_cap` integer NOT NULL,
	`reminder_after_days` integer,
	`paused_reason` text,
	`paused_at` integer,
	`breaker_since` integer,
	`deliverability_override` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`completed_at` integer
);
--> statement-breakpoint
CREATE TABLE `mail_events` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`provider_message_id` text,
	`recipient` text NOT NULL,
	`stream` text,
	`detail` text,
	`at` integer NOT NULL,
	`campaign_id` text,
	`member_id` text
);
--> statement-breakpoint
CREATE INDEX `mail_events_campaign` ON `mail_events` (`campaign_id`,`kind`);--> statement-breakpoint
CREATE INDEX `mail_events_message` ON `mail_events` (`provider_message_id`);--> statement-breakpoint
CREATE INDEX `mail_events_recipient` ON `mail_events` (`recipient`);--> statement-breakpoint
CREATE TABLE `worker_leases` (
	`name` text PRIMARY KEY NOT NULL,
	`holder` text NOT NULL,
	`expires_at` integer NOT NULL
);
