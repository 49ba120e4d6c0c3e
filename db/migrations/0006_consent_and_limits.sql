CREATE TABLE `cohort_invitations` (
	`cohort_id` text NOT NULL,
	`user_id` text NOT NULL,
	`email` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`invited_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`responded_at` integer,
	PRIMARY KEY(`cohort_id`, `user_id`),
	FOREIGN KEY (`cohort_id`) REFERENCES `cohorts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`invited_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `cohort_invitations_user_idx` ON `cohort_invitations` (`user_id`,`status`);--> statement-breakpoint
ALTER TABLE `rate_limits` ADD `blocked_until` integer;--> statement-breakpoint
ALTER TABLE `set_password_tokens` ADD `purpose` text DEFAULT 'reset' NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `created_by_cohort_id` text;
--> statement-breakpoint
-- hand-written: links printed before this migration for accounts that never set a password are
-- invitations; such accounts belong to the (earliest) cohort they were imported into.
UPDATE `set_password_tokens` SET `purpose` = 'invitation'
  WHERE `used_at` IS NULL AND `user_id` IN (SELECT `id` FROM `users` WHERE `password_hash` = '!set-password-link');--> statement-breakpoint
UPDATE `users` SET `created_by_cohort_id` = (
    SELECT `cohort_id` FROM `cohort_members` m WHERE m.`user_id` = `users`.`id` ORDER BY m.`joined_at` LIMIT 1)
  WHERE `password_hash` = '!set-password-link';
