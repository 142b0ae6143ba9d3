CREATE TABLE `ledger_checks` (
	`id` varchar(40) NOT NULL,
	`ok` boolean NOT NULL,
	`started_at` datetime(3) NOT NULL,
	`finished_at` datetime(3) NOT NULL,
	`duration_ms` int unsigned NOT NULL,
	`report` json NOT NULL,
	`started_by` varchar(40) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `ledger_checks_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `metrics_daily` (
	`day` date NOT NULL,
	`metric` varchar(32) NOT NULL,
	`currency` char(3) NOT NULL DEFAULT '',
	`mode` varchar(4) NOT NULL DEFAULT '',
	`value` bigint NOT NULL DEFAULT 0,
	CONSTRAINT `metrics_daily_pk` PRIMARY KEY(`day`,`metric`,`currency`,`mode`)
);
--> statement-breakpoint
ALTER TABLE `users` ADD `locked_at` datetime(3);--> statement-breakpoint
ALTER TABLE `users` ADD `locked_reason` varchar(500);--> statement-breakpoint
CREATE INDEX `ledger_checks_started_idx` ON `ledger_checks` (`started_at`);--> statement-breakpoint
CREATE INDEX `outbox_events_aggregate_idx` ON `outbox_events` (`aggregate_id`,`seq`);