ALTER TABLE `channels` ADD `visibility` text DEFAULT 'members' NOT NULL;--> statement-breakpoint
ALTER TABLE `channels` ADD `mattermost_name` text;