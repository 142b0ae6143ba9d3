CREATE TABLE `risk_decisions` (
	`id` varchar(40) NOT NULL,
	`order_id` varchar(40) NOT NULL,
	`merchant_id` varchar(40) NOT NULL,
	`shopper_id` varchar(40),
	`method` enum('wallet','provider') NOT NULL,
	`amount` bigint NOT NULL,
	`currency` char(3) NOT NULL,
	`ip` varchar(64) NOT NULL,
	`decision` enum('allow','review','reject') NOT NULL,
	`reasons` json NOT NULL,
	`rule_version` int unsigned NOT NULL,
	`fallback` boolean NOT NULL,
	`inputs` json NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `risk_decisions_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `risk_features` (
	`entity` varchar(120) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	`state` json NOT NULL,
	`version` int unsigned NOT NULL,
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `risk_features_entity` PRIMARY KEY(`entity`)
);
--> statement-breakpoint
CREATE TABLE `risk_holds` (
	`order_id` varchar(40) NOT NULL,
	`decision_id` varchar(40) NOT NULL,
	`transfer_id` varchar(40) NOT NULL,
	`merchant_id` varchar(40) NOT NULL,
	`shopper_id` varchar(40) NOT NULL,
	`mode` enum('test','live') NOT NULL,
	`amount` bigint NOT NULL,
	`currency` char(3) NOT NULL,
	`status` enum('held','released','voided','expired') NOT NULL DEFAULT 'held',
	`resolved_by` varchar(40),
	`resolved_at` datetime(3),
	`note` varchar(500),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `risk_holds_order_id` PRIMARY KEY(`order_id`)
);
--> statement-breakpoint
CREATE TABLE `risk_merchant_assessments` (
	`merchant_id` varchar(40) NOT NULL,
	`flagged` boolean NOT NULL,
	`reasons` json NOT NULL,
	`metrics` json NOT NULL,
	`assessed_at` datetime(3) NOT NULL,
	CONSTRAINT `risk_merchant_assessments_merchant_id` PRIMARY KEY(`merchant_id`)
);
--> statement-breakpoint
CREATE TABLE `risk_rule_sets` (
	`version` int unsigned NOT NULL,
	`rules` json NOT NULL,
	`created_by` varchar(40) NOT NULL,
	`note` varchar(500),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `risk_rule_sets_version` PRIMARY KEY(`version`)
);
--> statement-breakpoint
CREATE INDEX `risk_decisions_order_idx` ON `risk_decisions` (`order_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `risk_decisions_shopper_idx` ON `risk_decisions` (`shopper_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `risk_holds_status_idx` ON `risk_holds` (`status`,`created_at`);