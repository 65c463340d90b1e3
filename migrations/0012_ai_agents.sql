CREATE TABLE `ai_agents` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`name` text NOT NULL,
	`stage` text NOT NULL,
	`tone` text,
	`instructions` text DEFAULT '' NOT NULL,
	`knowledge_tags` text DEFAULT '[]' NOT NULL,
	`allowed_actions` text DEFAULT '[]' NOT NULL,
	`model` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ai_agents_tenant_idx` ON `ai_agents` (`tenant_id`,`stage`);