CREATE TABLE `consent_register` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` text NOT NULL,
	`purpose` text NOT NULL,
	`granted` integer NOT NULL,
	`version` integer NOT NULL,
	`at` integer NOT NULL,
	`source` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `consent_register_member` ON `consent_register` (`member_id`,`purpose`);--> statement-breakpoint
CREATE TABLE `member_consents` (
	`member_id` text NOT NULL,
	`purpose` text NOT NULL,
	`granted` integer NOT NULL,
	`version` integer NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`member_id`, `purpose`)
);
--> statement-breakpoint
CREATE TABLE `renewal_links` (
	`id` text PRIMARY KEY NOT NULL,
	`member_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`origin` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer
);
--> statement-breakpoint
CREATE INDEX `renewal_links_member` ON `renewal_links` (`member_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `renewal_links_token` ON `renewal_links` (`token_hash`);--> statement-breakpoint
ALTER TABLE `members` ADD `renewal_invited_at` integer;--> statement-breakpoint
ALTER TABLE `members` ADD `renewed_at` integer;