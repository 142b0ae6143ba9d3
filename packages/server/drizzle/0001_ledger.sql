CREATE TABLE `ledger_accounts` (
	`id` varchar(40) NOT NULL,
	`owner_type` enum('shopper','merchant','provider','platform') NOT NULL,
	`owner_id` varchar(64) NOT NULL,
	`kind` enum('shopper_wallet','merchant_balance','provider_clearing','payout_clearing','platform_fees','suspense') NOT NULL,
	`currency` char(3) NOT NULL,
	`mode` enum('test','live') NOT NULL DEFAULT 'test',
	`balance` bigint NOT NULL DEFAULT 0,
	`pending_debits` bigint NOT NULL DEFAULT 0,
	`pending_credits` bigint NOT NULL DEFAULT 0,
	`allow_negative` boolean NOT NULL DEFAULT false,
	`status` enum('open','closed') NOT NULL DEFAULT 'open',
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `ledger_accounts_id` PRIMARY KEY(`id`),
	CONSTRAINT `ledger_accounts_owner_uq` UNIQUE(`owner_type`,`owner_id`,`kind`,`currency`,`mode`)
);
--> statement-breakpoint
CREATE TABLE `ledger_postings` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`account_id` varchar(40) NOT NULL,
	`transfer_id` varchar(40) NOT NULL,
	`amount` bigint NOT NULL,
	`balance_after` bigint NOT NULL,
	`created_at` datetime(3) NOT NULL,
	CONSTRAINT `ledger_postings_id` PRIMARY KEY(`id`),
	CONSTRAINT `ledger_postings_transfer_account_uq` UNIQUE(`transfer_id`,`account_id`)
);
--> statement-breakpoint
CREATE TABLE `ledger_transfers` (
	`id` varchar(40) NOT NULL,
	`idempotency_key` varchar(191) NOT NULL,
	`debit_account_id` varchar(40) NOT NULL,
	`credit_account_id` varchar(40) NOT NULL,
	`amount` bigint NOT NULL,
	`posted_amount` bigint,
	`currency` char(3) NOT NULL,
	`kind` enum('deposit','withdrawal','payment','fee','refund','payout','adjustment') NOT NULL,
	`status` enum('pending','posted','voided') NOT NULL,
	`two_phase` boolean NOT NULL DEFAULT false,
	`reference` varchar(191),
	`linked_id` varchar(40),
	`metadata` json,
	`timeout_at` datetime(3),
	`created_at` datetime(3) NOT NULL,
	`posted_at` datetime(3),
	`voided_at` datetime(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `ledger_transfers_id` PRIMARY KEY(`id`),
	CONSTRAINT `ledger_transfers_idempotency_uq` UNIQUE(`idempotency_key`)
);
--> statement-breakpoint
DROP INDEX `outbox_events_aggregate_idx` ON `outbox_events`;--> statement-breakpoint
ALTER TABLE `outbox_events` MODIFY COLUMN `payload` mediumtext NOT NULL;--> statement-breakpoint
CREATE INDEX `ledger_accounts_kind_idx` ON `ledger_accounts` (`kind`,`currency`);--> statement-breakpoint
CREATE INDEX `ledger_postings_account_idx` ON `ledger_postings` (`account_id`,`id`);--> statement-breakpoint
CREATE INDEX `ledger_transfers_reference_idx` ON `ledger_transfers` (`reference`);--> statement-breakpoint
CREATE INDEX `ledger_transfers_pending_timeout_idx` ON `ledger_transfers` (`status`,`timeout_at`);