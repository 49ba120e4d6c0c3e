CREATE TABLE `evaluation_answers` (
	`response_id` integer NOT NULL,
	`question_id` text NOT NULL,
	`value_num` integer,
	`value_text` text,
	`hidden` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`response_id`, `question_id`),
	FOREIGN KEY (`response_id`) REFERENCES `evaluation_responses`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `evaluation_answers_value_idx` ON `evaluation_answers` (`response_id`,`question_id`,`value_num`);--> statement-breakpoint
CREATE TABLE `evaluation_forms` (
	`key` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`cohort_id` text,
	`course_slug` text NOT NULL,
	`extra_questions` text DEFAULT '[]' NOT NULL,
	FOREIGN KEY (`cohort_id`) REFERENCES `cohorts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `evaluation_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`form_key` text NOT NULL,
	`kind` text NOT NULL,
	`user_id` text NOT NULL,
	`cohort_id` text,
	`course_slug` text NOT NULL,
	`due_at` integer NOT NULL,
	`sent_at` integer,
	`reminded_at` integer,
	`responded_on` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`cohort_id`) REFERENCES `cohorts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `evaluation_requests_form_user_unique` ON `evaluation_requests` (`form_key`,`user_id`);--> statement-breakpoint
CREATE INDEX `evaluation_requests_user_idx` ON `evaluation_requests` (`user_id`,`due_at`);--> statement-breakpoint
CREATE TABLE `evaluation_responses` (
	`id` integer PRIMARY KEY NOT NULL,
	`form_key` text NOT NULL,
	`kind` text NOT NULL,
	`cohort_id` text,
	`course_slug` text NOT NULL,
	`sex` text DEFAULT 'undisclosed' NOT NULL,
	`constituent_group` text
);
--> statement-breakpoint
CREATE INDEX `evaluation_responses_form_idx` ON `evaluation_responses` (`form_key`);--> statement-breakpoint
CREATE INDEX `evaluation_responses_results_idx` ON `evaluation_responses` (`kind`,`course_slug`,`cohort_id`,`sex`,`constituent_group`);