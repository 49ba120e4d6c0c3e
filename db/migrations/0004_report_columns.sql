ALTER TABLE `learning_records` ADD `in_cohort` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
ALTER TABLE `learning_records` ADD `sex` text DEFAULT 'undisclosed' NOT NULL;
--> statement-breakpoint
ALTER TABLE `learning_records` ADD `constituent_group` text DEFAULT 'other' NOT NULL;
--> statement-breakpoint
ALTER TABLE `learning_records` ADD `country` text DEFAULT '' NOT NULL;
--> statement-breakpoint
-- Backfill from the records' own rows and users, before the indexes are built.
UPDATE `learning_records` SET `in_cohort` = (`cohort_id` IS NOT NULL),
  `sex` = (SELECT u.`sex` FROM `users` u WHERE u.`id` = `learning_records`.`user_id`),
  `constituent_group` = (SELECT u.`constituent_group` FROM `users` u WHERE u.`id` = `learning_records`.`user_id`),
  `country` = (SELECT u.`country` FROM `users` u WHERE u.`id` = `learning_records`.`user_id`);
--> statement-breakpoint
CREATE INDEX `learning_records_report_idx` ON `learning_records` (`in_cohort`,`sex`,`constituent_group`,`cohort_id`,`course_slug`,`enrolled_at`,`country`,`last_active_at`,`completed_at`,`certified_at`,`final_attempts`,`final_passed`,`final_best_percent`,`sessions_present`,`sessions_excused`,`pretest_percent`,`final_first_percent`);
--> statement-breakpoint
CREATE INDEX `learning_records_report_course_idx` ON `learning_records` (`course_slug`,`in_cohort`,`sex`,`constituent_group`,`cohort_id`,`enrolled_at`,`country`,`last_active_at`,`completed_at`,`certified_at`,`final_attempts`,`final_passed`,`final_best_percent`,`sessions_present`,`sessions_excused`,`pretest_percent`,`final_first_percent`);
--> statement-breakpoint
-- A profile change re-queues the learner's records so their copies follow.
CREATE TRIGGER `lrq_users_upd` AFTER UPDATE OF `sex`, `constituent_group`, `country` ON `users` BEGIN
  INSERT INTO `learning_record_queue` SELECT `user_id`, `course_slug` FROM `learning_records` WHERE `user_id` = NEW.`id`;
END;
