CREATE TABLE `lead_sales` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`team` text,
	`store_id` text,
	`product_id` text,
	`product_title` text,
	`variant_id` text,
	`variant_title` text,
	`draft_state` text DEFAULT 'none' NOT NULL,
	`draft_order_id` text,
	`draft_order_name` text,
	`draft_order_url` text,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lead_sales_conversation_idx` ON `lead_sales` (`tenant_id`,`conversation_id`);--> statement-breakpoint
ALTER TABLE `order_verifications` ADD `pending_action` text;--> statement-breakpoint
ALTER TABLE `stores` ADD `draft_orders` integer DEFAULT false NOT NULL;