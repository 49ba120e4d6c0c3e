CREATE TABLE `achievement_queue` (
	`user_id` text NOT NULL,
	`course_slug` text NOT NULL,
	PRIMARY KEY(`user_id`, `course_slug`)
);
--> statement-breakpoint
ALTER TABLE `certificates` ADD `replaced_reason` text;--> statement-breakpoint
ALTER TABLE `certificates` ADD `criteria` text;--> statement-breakpoint
-- hand-written: every replacement before this migration was a name correction (re-issue).
UPDATE `certificates` SET `replaced_reason` = 'correction' WHERE `replaced_at` IS NOT NULL;
--> statement-breakpoint
-- hand-written: one certificate per person and course (docs/decisions/0010). A self-paced certificate
-- whose holder also holds a live, unrevoked workshop certificate for the same course is superseded by
-- it: it stays verifiable, its page says so and links to the workshop certificate.
UPDATE `certificates` SET
  `replaced_by_id` = (SELECT min(c.`id`) FROM `certificates` c WHERE c.`user_id` = `certificates`.`user_id` AND c.`course_slug` = `certificates`.`course_slug` AND c.`cohort_id` IS NOT NULL AND c.`replaced_at` IS NULL AND c.`revoked_at` IS NULL),
  `replaced_at` = (SELECT min(c.`issued_at`) FROM `certificates` c WHERE c.`user_id` = `certificates`.`user_id` AND c.`course_slug` = `certificates`.`course_slug` AND c.`cohort_id` IS NOT NULL AND c.`replaced_at` IS NULL AND c.`revoked_at` IS NULL),
  `replaced_reason` = 'superseded'
WHERE `cohort_id` IS NULL AND `replaced_at` IS NULL AND EXISTS (
  SELECT 1 FROM `certificates` c WHERE c.`user_id` = `certificates`.`user_id` AND c.`course_slug` = `certificates`.`course_slug` AND c.`cohort_id` IS NOT NULL AND c.`replaced_at` IS NULL AND c.`revoked_at` IS NULL
);
