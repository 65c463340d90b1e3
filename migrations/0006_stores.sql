CREATE TABLE `store_orders` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`store_id` text NOT NULL,
	`external_id` text NOT NULL,
	`number` text NOT NULL,
	`status` text NOT NULL,
	`email` text,
	`phone` text,
	`contact_id` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `store_orders_ext_uq` ON `store_orders` (`store_id`,`external_id`);--> statement-breakpoint
CREATE INDEX `store_orders_contact_idx` ON `store_orders` (`tenant_id`,`contact_id`);--> statement-breakpoint
CREATE TABLE `stores` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`type` text NOT NULL,
	`name` text NOT NULL,
	`host` text NOT NULL,
	`credentials_enc` text NOT NULL,
	`last_event_at` integer,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `stores_tenant_idx` ON `stores` (`tenant_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `stores_tenant_host_uq` ON `stores` (`tenant_id`,`type`,`host`);