ALTER TABLE `enrolments` ADD `pretest_closed_at` integer;--> statement-breakpoint
ALTER TABLE `enrolments` ADD `pretest_closed_by` text;--> statement-breakpoint
ALTER TABLE `learning_records` ADD `pretest_after_lesson` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `quiz_attempts` ADD `option_order` text;