CREATE TABLE `recon_comments` (
	`id` varchar(40) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	`difference_id` varchar(40) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	`author_id` varchar(40) NOT NULL,
	`body` varchar(2000) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `recon_comments_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `recon_differences` (
	`id` varchar(40) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	`match_key` varchar(120) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	`category` enum('missing_in_ledger','missing_at_provider','missing_order','amount_mismatch','currency_mismatch','status_mismatch','duplicate') NOT NULL,
	`kind` enum('payment','refund','deposit','withdrawal','payout') NOT NULL,
	`subject_id` varchar(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	`merchant_id` varchar(40),
	`mode` enum('test','live'),
	`currency` char(3) NOT NULL,
	`delta` bigint NOT NULL,
	`details` json NOT NULL,
	`subject_at` datetime(3) NOT NULL,
	`status` enum('open','resolved') NOT NULL DEFAULT 'open',
	`resolution` enum('adjustment','explained','auto'),
	`resolution_note` varchar(1000),
	`adjustment_transfer_id` varchar(40) CHARACTER SET ascii COLLATE ascii_bin,
	`revision` int unsigned NOT NULL DEFAULT 1,
	`assignee_id` varchar(40),
	`resolved_by` varchar(40),
	`resolved_at` datetime(3),
	`first_run_id` varchar(40) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	`last_run_id` varchar(40) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `recon_differences_id` PRIMARY KEY(`id`),
	CONSTRAINT `recon_differences_line_uq` UNIQUE(`match_key`,`category`)
);
--> statement-breakpoint
CREATE TABLE `stakeholder_notifications` (
	`subject_type` varchar(32) NOT NULL,
	`subject_id` varchar(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	`notified_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `stakeholder_notifications_uq` UNIQUE(`subject_type`,`subject_id`)
);
--> statement-breakpoint
CREATE TABLE `recon_entries` (
	`run_id` varchar(40) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	`match_key` varchar(120) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	`source` enum('record','ledger','provider') NOT NULL,
	`item_ref` varchar(160) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	`kind` enum('payment','refund','deposit','withdrawal','payout') NOT NULL,
	`merchant_id` varchar(40),
	`mode` enum('test','live'),
	`amount` bigint NOT NULL,
	`currency` char(3) NOT NULL,
	`status` varchar(32) NOT NULL,
	`via_provider` enum('yes','no') NOT NULL,
	`subject_at` datetime(3) NOT NULL,
	CONSTRAINT `recon_entries_pk` PRIMARY KEY(`run_id`,`match_key`,`source`,`item_ref`)
);
--> statement-breakpoint
CREATE TABLE `recon_runs` (
	`id` varchar(40) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	`scope_key` varchar(120) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	`active_scope` varchar(120) CHARACTER SET ascii COLLATE ascii_bin,
	`merchant_id` varchar(40),
	`period_from` datetime(3) NOT NULL,
	`period_to` datetime(3) NOT NULL,
	`origin` enum('schedule','manual') NOT NULL,
	`status` enum('running','completed','failed') NOT NULL DEFAULT 'running',
	`phase` varchar(32) NOT NULL,
	`page_cursor` varchar(200) CHARACTER SET ascii COLLATE ascii_bin,
	`total_lines` int unsigned NOT NULL DEFAULT 0,
	`processed_lines` int unsigned NOT NULL DEFAULT 0,
	`counts` json NOT NULL,
	`ledger_ok` boolean,
	`ledger_report` json,
	`lease_owner` varchar(40) CHARACTER SET ascii COLLATE ascii_bin,
	`lease_until` datetime(3),
	`error` varchar(500),
	`created_by` varchar(40),
	`started_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`finished_at` datetime(3),
	CONSTRAINT `recon_runs_id` PRIMARY KEY(`id`),
	CONSTRAINT `recon_runs_active_uq` UNIQUE(`active_scope`)
);
--> statement-breakpoint
CREATE TABLE `recon_settlement_lines` (
	`provider` varchar(40) NOT NULL,
	`provider_ref` varchar(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	`type` enum('payment','refund','payout') NOT NULL,
	`reference` varchar(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	`amount` bigint NOT NULL,
	`currency` char(3) NOT NULL,
	`fee` bigint NOT NULL,
	`settled_at` datetime(3) NOT NULL,
	`batch_id` varchar(60) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	`imported_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `recon_settlement_lines_pk` PRIMARY KEY(`provider`,`type`,`provider_ref`)
);
--> statement-breakpoint
CREATE INDEX `recon_comments_difference_idx` ON `recon_comments` (`difference_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `recon_differences_status_idx` ON `recon_differences` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `recon_differences_subject_idx` ON `recon_differences` (`subject_at`);--> statement-breakpoint
CREATE INDEX `recon_differences_merchant_idx` ON `recon_differences` (`merchant_id`,`mode`,`subject_at`);--> statement-breakpoint
CREATE INDEX `recon_runs_started_idx` ON `recon_runs` (`started_at`);--> statement-breakpoint
CREATE INDEX `recon_settlement_lines_reference_idx` ON `recon_settlement_lines` (`reference`);--> statement-breakpoint
CREATE INDEX `recon_settlement_lines_settled_idx` ON `recon_settlement_lines` (`settled_at`);