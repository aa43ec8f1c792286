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
