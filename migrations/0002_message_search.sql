CREATE TABLE `message_search` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`message_id` text NOT NULL,
	`tenant_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `message_search_message` ON `message_search` (`message_id`);--> statement-breakpoint
CREATE INDEX `message_search_conversation` ON `message_search` (`tenant_id`,`conversation_id`);