CREATE TABLE `leads` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`product` text,
	`variant` text,
	`quantity` integer,
	`budget` text,
	`name` text,
	`email` text,
	`phone` text,
	`purchase` integer DEFAULT false NOT NULL,
	`pre_sales` integer DEFAULT false NOT NULL,
	`price` integer DEFAULT false NOT NULL,
	`intent_score` real NOT NULL,
	`language` text,
	`status` text DEFAULT 'new' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`pushed_version` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `leads_conversation_idx` ON `leads` (`tenant_id`,`conversation_id`);--> statement-breakpoint
CREATE INDEX `leads_tenant_updated_idx` ON `leads` (`tenant_id`,`updated_at`);