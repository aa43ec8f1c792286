CREATE TABLE `channel_members` (
	`channel_id` text NOT NULL,
	`person_id` text NOT NULL,
	PRIMARY KEY(`channel_id`, `person_id`)
);
--> statement-breakpoint
CREATE INDEX `channel_members_person` ON `channel_members` (`person_id`);--> statement-breakpoint
CREATE TABLE `channels` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`folder` text NOT NULL,
	`listed` integer NOT NULL,
	`topic` text,
	`purpose` text,
	`created_at` integer,
	`creator_id` text,
	`is_archived` integer DEFAULT false NOT NULL,
	`is_general` integer DEFAULT false NOT NULL,
	`message_count` integer DEFAULT 0 NOT NULL,
	`first_ts` text,
	`last_ts` text,
	`stats_dirty` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE `files` (
	`channel_id` text NOT NULL,
	`ts` text NOT NULL,
	`position` integer NOT NULL,
	`file_id` text,
	`name` text,
	`title` text,
	`mimetype` text,
	`filetype` text,
	`size` integer,
	`mode` text,
	`url` text,
	`permalink` text,
	PRIMARY KEY(`channel_id`, `ts`, `position`)
);
--> statement-breakpoint
CREATE TABLE `messages` (
	`channel_id` text NOT NULL,
	`ts` text NOT NULL,
	`ts_ms` integer NOT NULL,
	`user_id` text,
	`bot_id` text,
	`author_name` text,
	`subtype` text,
	`text` text NOT NULL,
	`html` text NOT NULL,
	`plain` text NOT NULL,
	`attachments_html` text,
	`thread_ts` text,
	`reply_count` integer DEFAULT 0 NOT NULL,
	`latest_reply_ts` text,
	`root_missing` integer DEFAULT false NOT NULL,
	`edited_ts` text,
	`edited_by` text,
	`is_tombstone` integer DEFAULT false NOT NULL,
	`has_files` integer DEFAULT false NOT NULL,
	`has_links` integer DEFAULT false NOT NULL,
	`has_reactions` integer DEFAULT false NOT NULL,
	`source_hash` text NOT NULL,
	PRIMARY KEY(`channel_id`, `ts`)
);
--> statement-breakpoint
CREATE INDEX `messages_thread` ON `messages` (`channel_id`,`thread_ts`) WHERE "messages"."thread_ts" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `messages_author` ON `messages` (`user_id`,`ts_ms`);--> statement-breakpoint
CREATE TABLE `people` (
	`id` text PRIMARY KEY NOT NULL,
	`team_id` text,
	`handle` text,
	`real_name` text,
	`display_name` text,
	`email` text,
	`avatar_url` text,
	`title` text,
	`time_zone` text,
	`is_bot` integer DEFAULT false NOT NULL,
	`is_deleted` integer DEFAULT false NOT NULL,
	`is_guest` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE `reactions` (
	`channel_id` text NOT NULL,
	`ts` text NOT NULL,
	`emoji` text NOT NULL,
	`count` integer NOT NULL,
	`user_ids` text NOT NULL,
	PRIMARY KEY(`channel_id`, `ts`, `emoji`)
);
--> statement-breakpoint
CREATE TABLE `import_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source` text NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`status` text NOT NULL,
	`summary` text
);
--> statement-breakpoint
CREATE TABLE `imported_entries` (
	`path` text NOT NULL,
	`fingerprint` text NOT NULL,
	`context` text NOT NULL,
	PRIMARY KEY(`path`, `fingerprint`, `context`)
);
