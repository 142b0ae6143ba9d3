CREATE TABLE `merchant_logos` (
	`id` varchar(40) NOT NULL,
	`merchant_id` varchar(40) NOT NULL,
	`content_type` varchar(40) NOT NULL,
	`bytes` mediumblob NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `merchant_logos_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `merchants` ADD `max_failed_attempts` int unsigned DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE `merchants` ADD `display_name` varchar(100);--> statement-breakpoint
ALTER TABLE `merchants` ADD `brand_color` varchar(7);--> statement-breakpoint
ALTER TABLE `merchants` ADD `support_email` varchar(254);--> statement-breakpoint
ALTER TABLE `merchants` ADD `support_url` varchar(500);--> statement-breakpoint
ALTER TABLE `merchants` ADD `terms_url` varchar(500);--> statement-breakpoint
ALTER TABLE `merchants` ADD `privacy_url` varchar(500);--> statement-breakpoint
ALTER TABLE `merchants` ADD `logo_id` varchar(40);--> statement-breakpoint
CREATE INDEX `merchant_logos_merchant_idx` ON `merchant_logos` (`merchant_id`);