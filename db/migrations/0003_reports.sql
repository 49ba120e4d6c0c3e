CREATE TABLE `course_signatures` (
	`course_slug` text PRIMARY KEY NOT NULL,
	`signature` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `learning_record_queue` (
	`user_id` text NOT NULL,
	`course_slug` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `learning_record_queue_pair_idx` ON `learning_record_queue` (`user_id`,`course_slug`);--> statement-breakpoint
CREATE TABLE `learning_records` (
	`user_id` text NOT NULL,
	`course_slug` text NOT NULL,
	`cohort_id` text,
	`enrolled_at` integer NOT NULL,
	`last_active_at` integer NOT NULL,
	`lessons_completed` integer DEFAULT 0 NOT NULL,
	`module_quizzes_passed` integer DEFAULT 0 NOT NULL,
	`pretest_percent` real,
	`pretest_at` integer,
	`final_first_percent` real,
	`final_best_percent` real,
	`final_attempts` integer DEFAULT 0 NOT NULL,
	`final_passed` integer DEFAULT false NOT NULL,
	`sessions_present` integer DEFAULT 0 NOT NULL,
	`sessions_excused` integer DEFAULT 0 NOT NULL,
	`completed_at` integer,
	`certified_at` integer,
	`refreshed_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `course_slug`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `learning_records_course_idx` ON `learning_records` (`course_slug`,`enrolled_at`);--> statement-breakpoint
CREATE INDEX `learning_records_cohort_idx` ON `learning_records` (`cohort_id`);--> statement-breakpoint
CREATE INDEX `learning_records_enrolled_idx` ON `learning_records` (`enrolled_at`);--> statement-breakpoint
-- Triggers: every change to a raw table that a learning record is computed from queues that
-- (user, course) pair. The reports module recomputes queued pairs (app/reports/records.server.ts).
CREATE TRIGGER `lrq_enrolments_ins` AFTER INSERT ON `enrolments` BEGIN
  INSERT INTO `learning_record_queue` VALUES (NEW.`user_id`, NEW.`course_slug`);
END;--> statement-breakpoint
CREATE TRIGGER `lrq_enrolments_del` AFTER DELETE ON `enrolments` BEGIN
  INSERT INTO `learning_record_queue` VALUES (OLD.`user_id`, OLD.`course_slug`);
END;--> statement-breakpoint
CREATE TRIGGER `lrq_progress_ins` AFTER INSERT ON `lesson_progress` BEGIN
  INSERT INTO `learning_record_queue` VALUES (NEW.`user_id`, NEW.`course_slug`);
END;--> statement-breakpoint
CREATE TRIGGER `lrq_progress_upd` AFTER UPDATE ON `lesson_progress` BEGIN
  INSERT INTO `learning_record_queue` VALUES (NEW.`user_id`, NEW.`course_slug`);
END;--> statement-breakpoint
CREATE TRIGGER `lrq_progress_del` AFTER DELETE ON `lesson_progress` BEGIN
  INSERT INTO `learning_record_queue` VALUES (OLD.`user_id`, OLD.`course_slug`);
END;--> statement-breakpoint
CREATE TRIGGER `lrq_attempts_upd` AFTER UPDATE OF `submitted_at`, `percent`, `passed` ON `quiz_attempts` WHEN NEW.`submitted_at` IS NOT NULL BEGIN
  INSERT INTO `learning_record_queue` VALUES (NEW.`user_id`, NEW.`course_slug`);
END;--> statement-breakpoint
CREATE TRIGGER `lrq_attempts_ins` AFTER INSERT ON `quiz_attempts` WHEN NEW.`submitted_at` IS NOT NULL BEGIN
  INSERT INTO `learning_record_queue` VALUES (NEW.`user_id`, NEW.`course_slug`);
END;--> statement-breakpoint
CREATE TRIGGER `lrq_attempts_del` AFTER DELETE ON `quiz_attempts` WHEN OLD.`submitted_at` IS NOT NULL BEGIN
  INSERT INTO `learning_record_queue` VALUES (OLD.`user_id`, OLD.`course_slug`);
END;--> statement-breakpoint
CREATE TRIGGER `lrq_members_ins` AFTER INSERT ON `cohort_members` BEGIN
  INSERT INTO `learning_record_queue` SELECT NEW.`user_id`, `course_slug` FROM `cohorts` WHERE `id` = NEW.`cohort_id`;
END;--> statement-breakpoint
CREATE TRIGGER `lrq_members_del` AFTER DELETE ON `cohort_members` BEGIN
  INSERT INTO `learning_record_queue` SELECT OLD.`user_id`, `course_slug` FROM `cohorts` WHERE `id` = OLD.`cohort_id`;
END;--> statement-breakpoint
CREATE TRIGGER `lrq_attendance_ins` AFTER INSERT ON `attendance` BEGIN
  INSERT INTO `learning_record_queue`
    SELECT NEW.`user_id`, c.`course_slug` FROM `cohort_sessions` s JOIN `cohorts` c ON c.`id` = s.`cohort_id` WHERE s.`id` = NEW.`session_id`;
END;--> statement-breakpoint
CREATE TRIGGER `lrq_attendance_upd` AFTER UPDATE ON `attendance` BEGIN
  INSERT INTO `learning_record_queue`
    SELECT NEW.`user_id`, c.`course_slug` FROM `cohort_sessions` s JOIN `cohorts` c ON c.`id` = s.`cohort_id` WHERE s.`id` = NEW.`session_id`;
END;--> statement-breakpoint
CREATE TRIGGER `lrq_attendance_del` AFTER DELETE ON `attendance` BEGIN
  INSERT INTO `learning_record_queue`
    SELECT OLD.`user_id`, c.`course_slug` FROM `cohort_sessions` s JOIN `cohorts` c ON c.`id` = s.`cohort_id` WHERE s.`id` = OLD.`session_id`;
END;--> statement-breakpoint
CREATE TRIGGER `lrq_sessions_ins` AFTER INSERT ON `cohort_sessions` BEGIN
  INSERT INTO `learning_record_queue`
    SELECT cm.`user_id`, c.`course_slug` FROM `cohort_members` cm JOIN `cohorts` c ON c.`id` = cm.`cohort_id` WHERE cm.`cohort_id` = NEW.`cohort_id`;
END;--> statement-breakpoint
CREATE TRIGGER `lrq_sessions_del` AFTER DELETE ON `cohort_sessions` BEGIN
  INSERT INTO `learning_record_queue`
    SELECT cm.`user_id`, c.`course_slug` FROM `cohort_members` cm JOIN `cohorts` c ON c.`id` = cm.`cohort_id` WHERE cm.`cohort_id` = OLD.`cohort_id`;
END;--> statement-breakpoint
CREATE TRIGGER `lrq_cohorts_upd` AFTER UPDATE OF `completion_rules`, `course_slug` ON `cohorts` BEGIN
  INSERT INTO `learning_record_queue` SELECT `user_id`, NEW.`course_slug` FROM `cohort_members` WHERE `cohort_id` = NEW.`id`;
  INSERT INTO `learning_record_queue` SELECT `user_id`, OLD.`course_slug` FROM `cohort_members` WHERE `cohort_id` = NEW.`id`;
END;--> statement-breakpoint
CREATE TRIGGER `lrq_certificates_ins` AFTER INSERT ON `certificates` BEGIN
  INSERT INTO `learning_record_queue` VALUES (NEW.`user_id`, NEW.`course_slug`);
END;--> statement-breakpoint
CREATE TRIGGER `lrq_certificates_upd` AFTER UPDATE ON `certificates` BEGIN
  INSERT INTO `learning_record_queue` VALUES (NEW.`user_id`, NEW.`course_slug`);
END;--> statement-breakpoint
-- Existing data: queue every enrolment and cohort membership so the first refresh fills the table.
INSERT INTO `learning_record_queue` SELECT `user_id`, `course_slug` FROM `enrolments`;--> statement-breakpoint
INSERT INTO `learning_record_queue` SELECT cm.`user_id`, c.`course_slug` FROM `cohort_members` cm JOIN `cohorts` c ON c.`id` = cm.`cohort_id`;
