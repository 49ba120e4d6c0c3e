ALTER TABLE `users` ADD `last_active_at` integer;--> statement-breakpoint
-- hand-written: start from the latest trace each person left before this column existed (a sign-in
-- whose session row still lives, a lesson visit, a quiz attempt, joining a workshop, an attendance
-- mark); null when there is none (then the account's own created/updated times count).
UPDATE `users` SET `last_active_at` = (
  SELECT max(t) FROM (
    SELECT max(`created_at`) AS t FROM `sessions` WHERE `user_id` = `users`.`id`
    UNION ALL SELECT max(`last_seen_at`) FROM `lesson_progress` WHERE `user_id` = `users`.`id`
    UNION ALL SELECT max(`started_at`) FROM `quiz_attempts` WHERE `user_id` = `users`.`id`
    UNION ALL SELECT max(`joined_at`) FROM `cohort_members` WHERE `user_id` = `users`.`id`
    UNION ALL SELECT max(`marked_at`) FROM `attendance` WHERE `user_id` = `users`.`id`
  )
) WHERE `erased_at` IS NULL;
