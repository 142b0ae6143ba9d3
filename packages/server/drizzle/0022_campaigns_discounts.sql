CREATE TABLE `campaign_codes` (
	`merchant_id` varchar(40) NOT NULL,
	`mode` enum('test','live') NOT NULL,
	`code` varchar(40) NOT NULL,
	`campaign_id` varchar(40) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `campaign_codes_uq` UNIQUE(`merchant_id`,`mode`,`code`)
);
--> statement-breakpoint
CREATE TABLE `campaign_reservations` (
	`order_id` varchar(40) NOT NULL,
	`campaign_id` varchar(40) NOT NULL,
	`amount` bigint NOT NULL,
	`currency` char(3) NOT NULL,
	`status` enum('reserved','consumed','released') NOT NULL DEFAULT 'reserved',
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `campaign_reservations_order_id` PRIMARY KEY(`order_id`)
);
--> statement-breakpoint
CREATE TABLE `campaigns` (
	`id` varchar(40) NOT NULL,
	`merchant_id` varchar(40) NOT NULL,
	`mode` enum('test','live') NOT NULL,
	`name` varchar(200) NOT NULL,
	`state` enum('draft','scheduled','paused','ended') NOT NULL DEFAULT 'draft',
	`starts_at` datetime(3) NOT NULL,
	`ends_at` datetime(3) NOT NULL,
	`audience` enum('all','first_order','min_points') NOT NULL DEFAULT 'all',
	`min_points` bigint NOT NULL DEFAULT 0,
	`reward` enum('discount_percent','discount_fixed') NOT NULL,
	`percent_bps` int unsigned NOT NULL DEFAULT 0,
	`fixed_amount` bigint NOT NULL DEFAULT 0,
	`cap_per_order` bigint,
	`currency` char(3) NOT NULL,
	`budget_total` bigint NOT NULL,
	`budget_reserved` bigint NOT NULL DEFAULT 0,
	`version` int unsigned NOT NULL DEFAULT 1,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `campaigns_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `order_history` ADD `gross_amount` bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `order_history` ADD `discount_amount` bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `order_history` ADD `campaign_id` varchar(40);--> statement-breakpoint
ALTER TABLE `order_history` ADD `points_earned` bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `order_history` ADD `points_redeemed` bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `gross_amount` bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `discount_amount` bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `campaign_id` varchar(40);--> statement-breakpoint
ALTER TABLE `orders` ADD `points_earned` bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `points_redeemed` bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `campaign_codes_campaign_idx` ON `campaign_codes` (`campaign_id`);--> statement-breakpoint
CREATE INDEX `campaign_reservations_campaign_idx` ON `campaign_reservations` (`campaign_id`,`status`);--> statement-breakpoint
CREATE INDEX `campaigns_merchant_idx` ON `campaigns` (`merchant_id`,`mode`,`currency`,`state`);--> statement-breakpoint
CREATE INDEX `campaigns_merchant_created_idx` ON `campaigns` (`merchant_id`,`mode`,`created_at`,`id`);--> statement-breakpoint
-- Hand-written: orders from before campaigns were charged their whole amount.
UPDATE `orders` SET `gross_amount` = `amount` WHERE `gross_amount` = 0;--> statement-breakpoint
UPDATE `order_history` SET `gross_amount` = `amount` WHERE `gross_amount` = 0;
