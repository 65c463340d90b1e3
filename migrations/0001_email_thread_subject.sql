ALTER TABLE `email_threads` ADD `subject` text;--> statement-breakpoint
CREATE INDEX `email_threads_conversation` ON `email_threads` (`tenant_id`,`conversation_id`,`created_at`);