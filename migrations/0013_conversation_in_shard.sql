ALTER TABLE `conversations` ADD `in_shard` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `conv_in_shard_idx` ON `conversations` (`in_shard`,`tenant_id`);