CREATE TABLE `events` (
	`id` varchar(40) NOT NULL,
	`merchant_id` varchar(40) NOT NULL,
	`mode` enum('test','live') NOT NULL,
	`type` varchar(64) NOT NULL,
	`order_id` varchar(40),
	`seq` int unsigned NOT NULL,
	`body` mediumtext NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `events_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `webhook_endpoints` (
	`id` varchar(40) NOT NULL,
	`merchant_id` varchar(40) NOT NULL,
	`mode` enum('test','live') NOT NULL,
	`url` varchar(500) NOT NULL,
	`description` varchar(200) NOT NULL DEFAULT '',
	`enabled_events` json NOT NULL,
	`status` enum('enabled','disabled') NOT NULL DEFAULT 'enabled',
	`kind` enum('http','cli') NOT NULL DEFAULT 'http',
	`is_primary` boolean NOT NULL DEFAULT false,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `webhook_endpoints_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `ipn_deliveries` DROP INDEX `ipn_deliveries_event_uq`;--> statement-breakpoint
ALTER TABLE `ipn_deliveries` MODIFY COLUMN `order_id` varchar(40);--> statement-breakpoint
ALTER TABLE `ipn_deliveries` ADD `endpoint_id` varchar(40);--> statement-breakpoint
ALTER TABLE `merchant_credentials` ADD `endpoint_id` varchar(40);--> statement-breakpoint
ALTER TABLE `ipn_deliveries` ADD CONSTRAINT `ipn_deliveries_event_uq` UNIQUE(`event_id`,`endpoint_id`);--> statement-breakpoint
CREATE INDEX `events_merchant_idx` ON `events` (`merchant_id`,`mode`,`created_at`);--> statement-breakpoint
CREATE INDEX `events_order_idx` ON `events` (`order_id`,`seq`);--> statement-breakpoint
CREATE INDEX `events_created_idx` ON `events` (`created_at`);--> statement-breakpoint
CREATE INDEX `webhook_endpoints_merchant_idx` ON `webhook_endpoints` (`merchant_id`,`mode`);
--> statement-breakpoint
-- Data: each merchant's IPN URL becomes its primary endpoint of each mode (all event types, signed
-- with the merchant-wide webhook secret as before), so no merchant misses an IPN. Ids are `we_`
-- and 22 characters of base58 (hex with its one non-base58 digit, 0, mapped to z).
INSERT INTO `webhook_endpoints` (`id`, `merchant_id`, `mode`, `url`, `description`, `enabled_events`, `status`, `is_primary`, `created_at`, `updated_at`)
SELECT CONCAT('we_', REPLACE(SUBSTR(SHA2(CONCAT(m.`id`, '/', md.`mode`, '/', RAND()), 256), 1, 22), '0', 'z')),
  m.`id`, md.`mode`, m.`ipn_url`, 'IPN URL', '["*"]', 'enabled', true, m.`created_at`, CURRENT_TIMESTAMP(3)
FROM `merchants` m CROSS JOIN (SELECT 'test' AS `mode` UNION ALL SELECT 'live') md
WHERE m.`ipn_url` <> '';
--> statement-breakpoint
UPDATE `ipn_deliveries` d JOIN `webhook_endpoints` e
  ON e.`merchant_id` = d.`merchant_id` AND e.`mode` = d.`mode` AND e.`is_primary` = true
SET d.`endpoint_id` = e.`id`;
--> statement-breakpoint
-- Every IPN sent so far is an event of the events API.
INSERT INTO `events` (`id`, `merchant_id`, `mode`, `type`, `order_id`, `seq`, `body`, `created_at`)
SELECT d.`event_id`, d.`merchant_id`, d.`mode`, d.`type`, d.`order_id`, d.`seq`, d.`body`, d.`created_at`
FROM `ipn_deliveries` d;
