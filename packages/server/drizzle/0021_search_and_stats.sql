CREATE TABLE `search_documents` (
	`kind` varchar(16) NOT NULL,
	`record_id` varchar(64) NOT NULL,
	`merchant_id` varchar(40) NOT NULL,
	`mode` varchar(4) NOT NULL DEFAULT '',
	`title` varchar(300) NOT NULL,
	`body` varchar(1000) NOT NULL DEFAULT '',
	`searchable` text NOT NULL,
	`ref_key` varchar(191),
	`email_key` varchar(254),
	`shopper_id` varchar(40),
	`status` varchar(32),
	`source_version` int unsigned NOT NULL,
	`record_created_at` datetime(3) NOT NULL,
	`event_at` datetime(3) NOT NULL,
	`indexed_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `search_documents_pk` PRIMARY KEY(`kind`,`record_id`)
);
--> statement-breakpoint
CREATE TABLE `stats_daily` (
	`merchant_id` varchar(40) NOT NULL,
	`mode` varchar(4) NOT NULL,
	`currency` char(3) NOT NULL,
	`day` date NOT NULL,
	`campaign_id` varchar(40) NOT NULL DEFAULT '',
	`checkouts_opened` bigint NOT NULL DEFAULT 0,
	`orders_succeeded` bigint NOT NULL DEFAULT 0,
	`orders_failed` bigint NOT NULL DEFAULT 0,
	`revenue` bigint NOT NULL DEFAULT 0,
	`discount_cost` bigint NOT NULL DEFAULT 0,
	`points_issued` bigint NOT NULL DEFAULT 0,
	`points_redeemed` bigint NOT NULL DEFAULT 0,
	`new_shoppers` bigint NOT NULL DEFAULT 0,
	`returning_shoppers` bigint NOT NULL DEFAULT 0,
	CONSTRAINT `stats_daily_pk` PRIMARY KEY(`merchant_id`,`mode`,`currency`,`day`,`campaign_id`)
);
--> statement-breakpoint
CREATE TABLE `stats_shoppers` (
	`merchant_id` varchar(40) NOT NULL,
	`mode` varchar(4) NOT NULL,
	`shopper_id` varchar(40) NOT NULL,
	`first_order_id` varchar(40) NOT NULL,
	`first_at` datetime(3) NOT NULL,
	CONSTRAINT `stats_shoppers_pk` PRIMARY KEY(`merchant_id`,`mode`,`shopper_id`)
);
--> statement-breakpoint
CREATE INDEX `search_documents_record_idx` ON `search_documents` (`record_id`);--> statement-breakpoint
CREATE INDEX `search_documents_ref_idx` ON `search_documents` (`ref_key`);--> statement-breakpoint
CREATE INDEX `search_documents_email_idx` ON `search_documents` (`email_key`);--> statement-breakpoint
CREATE INDEX `search_documents_indexed_idx` ON `search_documents` (`indexed_at`);--> statement-breakpoint
-- Hand-written (drizzle-kit has no FULLTEXT index): the search index's words. InnoDB FULLTEXT
-- indexes words of at least innodb_ft_min_token_size (3) characters; ids, references and
-- emails also go through the exact paths above.
ALTER TABLE `search_documents` ADD FULLTEXT INDEX `search_documents_ft` (`searchable`);
