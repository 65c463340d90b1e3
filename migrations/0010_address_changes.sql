ALTER TABLE `store_actions` ADD `detail` text;--> statement-breakpoint
ALTER TABLE `stores` ADD `address_changes` text DEFAULT 'approval' NOT NULL;