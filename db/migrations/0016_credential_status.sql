ALTER TABLE `certificates` ADD `status_list` integer;--> statement-breakpoint
ALTER TABLE `certificates` ADD `status_index` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_status_entry_unique` ON `certificates` (`status_list`,`status_index`);