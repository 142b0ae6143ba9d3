CREATE TABLE `idempotency_keys` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`scope` varchar(80) NOT NULL,
	`idem_key` varchar(255) NOT NULL,
	`fingerprint` char(64) NOT NULL,
	`operation` varchar(120) NOT NULL,
	`status` enum('in_flight','completed') NOT NULL,
	`owner` char(24) NOT NULL,
	`response` json,
	`response_status` smallint unsigned,
	`locked_until` datetime(3) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`expires_at` datetime(3) NOT NULL,
	CONSTRAINT `idempotency_keys_id` PRIMARY KEY(`id`),
	CONSTRAINT `idempotency_keys_scope_key_uq` UNIQUE(`scope`,`idem_key`)
);
--> statement-breakpoint
CREATE TABLE `outbox_events` (
	`seq` bigint unsigned AUTO_INCREMENT NOT NULL,
	`event_id` varchar(40) NOT NULL,
	`type` varchar(100) NOT NULL,
	`version` smallint unsigned NOT NULL,
	`aggregate_type` varchar(50) NOT NULL,
	`aggregate_id` varchar(64) NOT NULL,
	`payload` json NOT NULL,
	`occurred_at` datetime(3) NOT NULL,
	`published_at` datetime(3),
	`attempts` int unsigned NOT NULL DEFAULT 0,
	`last_error` varchar(1000),
	`dead_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `outbox_events_seq` PRIMARY KEY(`seq`),
	CONSTRAINT `outbox_events_event_id_uq` UNIQUE(`event_id`)
);
--> statement-breakpoint
CREATE TABLE `processed_events` (
	`consumer` varchar(100) NOT NULL,
	`event_id` varchar(40) NOT NULL,
	`processed_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `processed_events_consumer_event_id_pk` PRIMARY KEY(`consumer`,`event_id`)
);
--> statement-breakpoint
CREATE INDEX `idempotency_keys_expires_idx` ON `idempotency_keys` (`expires_at`);--> statement-breakpoint
CREATE INDEX `outbox_events_pending_idx` ON `outbox_events` (`published_at`,`dead_at`,`seq`);--> statement-breakpoint
CREATE INDEX `outbox_events_aggregate_idx` ON `outbox_events` (`aggregate_type`,`aggregate_id`,`seq`);