CREATE TABLE `search_queue` (
	`channel_id` text NOT NULL,
	`ts` text NOT NULL,
	PRIMARY KEY(`channel_id`, `ts`)
);
--> statement-breakpoint
-- An archive imported before search existed is indexed by the next sync.
INSERT INTO `search_queue` (`channel_id`, `ts`) SELECT `channel_id`, `ts` FROM `messages`;
