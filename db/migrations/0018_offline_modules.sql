PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_offline_courses` (
	`user_id` text NOT NULL,
	`course_slug` text NOT NULL,
	`module_slug` text DEFAULT '' NOT NULL,
	`locale` text NOT NULL,
	`stored_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`user_id`, `course_slug`, `module_slug`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_offline_courses`("user_id", "course_slug", "module_slug", "locale", "stored_at") SELECT "user_id", "course_slug", '', "locale", "stored_at" FROM `offline_courses`;--> statement-breakpoint
DROP TABLE `offline_courses`;--> statement-breakpoint
ALTER TABLE `__new_offline_courses` RENAME TO `offline_courses`;--> statement-breakpoint
PRAGMA foreign_keys=ON;