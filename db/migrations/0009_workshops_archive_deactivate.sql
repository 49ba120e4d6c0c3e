ALTER TABLE `cohort_sessions` ADD `sequence` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `cohort_sessions` ADD `updated_at` integer;--> statement-breakpoint
ALTER TABLE `cohorts` ADD `archived_at` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `deactivated_at` integer;