CREATE TABLE `store_actions` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`store_id` text NOT NULL,
	`kind` text NOT NULL,
	`order_id` text NOT NULL,
	`order_number` text NOT NULL,
	`amount` text,
	`currency` text,
	`language` text NOT NULL,
	`state` text NOT NULL,
	`decided_by` text,
	`decided_at` integer,
	`error` text,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `store_actions_conversation_idx` ON `store_actions` (`tenant_id`,`conversation_id`);--> statement-breakpoint
ALTER TABLE `stores` ADD `auto_approve_below` real;