CREATE TABLE `order_verifications` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`store_id` text NOT NULL,
	`order_id` text NOT NULL,
	`order_number` text NOT NULL,
	`state` text NOT NULL,
	`code_hash` text,
	`expires_at` integer,
	`attempts` integer DEFAULT 0 NOT NULL,
	`sends` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `order_verifications_conversation_idx` ON `order_verifications` (`tenant_id`,`conversation_id`);--> statement-breakpoint
ALTER TABLE `store_actions` ADD `detail` text;--> statement-breakpoint
ALTER TABLE `stores` ADD `address_changes` text DEFAULT 'approval' NOT NULL;