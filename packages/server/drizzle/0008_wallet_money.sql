CREATE TABLE `card_setups` (
	`id` varchar(40) NOT NULL,
	`user_id` varchar(40) NOT NULL,
	`provider` varchar(40) NOT NULL,
	`provider_ref` varchar(100),
	`status` enum('created','succeeded') NOT NULL DEFAULT 'created',
	`saved_card_id` varchar(40),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`completed_at` datetime(3),
	CONSTRAINT `card_setups_id` PRIMARY KEY(`id`),
	CONSTRAINT `card_setups_ref_uq` UNIQUE(`provider`,`provider_ref`)
);
--> statement-breakpoint
CREATE TABLE `withdrawals` (
	`id` varchar(40) NOT NULL,
	`user_id` varchar(40) NOT NULL,
	`mode` enum('test','live') NOT NULL,
	`amount` bigint NOT NULL,
	`currency` char(3) NOT NULL,
	`provider` varchar(40) NOT NULL,
	`destination` json NOT NULL,
	`status` enum('pending','paid','failed') NOT NULL,
	`transfer_id` varchar(40),
	`provider_payout_id` varchar(100),
	`failure_code` varchar(64),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `withdrawals_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `provider_payments` ADD `saved_card_id` varchar(40);--> statement-breakpoint
CREATE INDEX `card_setups_user_idx` ON `card_setups` (`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `withdrawals_user_idx` ON `withdrawals` (`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `withdrawals_status_idx` ON `withdrawals` (`status`,`created_at`);