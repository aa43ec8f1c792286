CREATE TABLE `mattermost_account_queue` (
	`member_id` text PRIMARY KEY NOT NULL,
	`password_choice` text NOT NULL,
	`password_set` integer DEFAULT false NOT NULL,
	`queued_at` integer NOT NULL,
	`attempts` integer DEFAULT 1 NOT NULL,
	`last_attempt_at` integer NOT NULL,
	`last_error` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `members` ADD `mattermost_user_id` text;--> statement-breakpoint
ALTER TABLE `members` ADD `mattermost_state` text;