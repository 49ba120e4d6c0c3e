CREATE TABLE `offline_courses` (
	`user_id` text NOT NULL,
	`course_slug` text NOT NULL,
	`locale` text NOT NULL,
	`stored_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`user_id`, `course_slug`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `quiz_attempts` ADD `client_attempt_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `quiz_attempts_client_id_unique` ON `quiz_attempts` (`user_id`,`client_attempt_id`);