CREATE TABLE `search_docs` (
	`id` integer PRIMARY KEY NOT NULL,
	`channel_id` text NOT NULL,
	`ts` text NOT NULL,
	`author_id` text,
	`year` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `search_docs_message` ON `search_docs` (`channel_id`,`ts`);--> statement-breakpoint
CREATE TABLE `search_queue` (
	`channel_id` text NOT NULL,
	`ts` text NOT NULL,
	PRIMARY KEY(`channel_id`, `ts`)
);
--> statement-breakpoint
-- Contentless: the text stays in `messages`; the index holds only what finding needs.
-- `body` is the message's plain text; `meta` holds filter tokens (channel, author, has:, is:)
-- so that filters are answered inside FTS5 with the words.
CREATE VIRTUAL TABLE `search_fts` USING fts5(body, meta, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='3');--> statement-breakpoint
-- An archive imported before search existed is indexed by the next sync.
INSERT INTO `search_queue` (`channel_id`, `ts`) SELECT `channel_id`, `ts` FROM `messages`;
