CREATE TABLE `ipn_attempts` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`delivery_id` varchar(40) NOT NULL,
	`attempted_at` datetime(3) NOT NULL,
	`trigger` enum('schedule','manual') NOT NULL,
	`status_code` smallint,
	`latency_ms` int unsigned NOT NULL,
	`response_excerpt` varchar(1000),
	`error` varchar(500),
	CONSTRAINT `ipn_attempts_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `ipn_deliveries` (
	`id` varchar(40) NOT NULL,
	`event_id` varchar(40) NOT NULL,
	`merchant_id` varchar(40) NOT NULL,
	`mode` enum('test','live') NOT NULL,
	`order_id` varchar(40) NOT NULL,
	`type` varchar(64) NOT NULL,
	`seq` int unsigned NOT NULL,
	`body` mediumtext NOT NULL,
	`url` varchar(500) NOT NULL,
	`status` enum('pending','delivered','failed') NOT NULL DEFAULT 'pending',
	`attempts` int unsigned NOT NULL DEFAULT 0,
	`next_attempt_at` datetime(3) NOT NULL,
	`give_up_at` datetime(3) NOT NULL,
	`last_status_code` smallint,
	`last_error` varchar(500),
	`locked_until` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`delivered_at` datetime(3),
	CONSTRAINT `ipn_deliveries_id` PRIMARY KEY(`id`),
	CONSTRAINT `ipn_deliveries_event_uq` UNIQUE(`event_id`)
);
--> statement-breakpoint
CREATE TABLE `order_exceptions` (
	`id` varchar(40) NOT NULL,
	`order_id` varchar(40) NOT NULL,
	`merchant_id` varchar(40) NOT NULL,
	`mode` enum('test','live') NOT NULL,
	`kind` enum('late_success') NOT NULL,
	`provider_payment_id` varchar(40) NOT NULL,
	`amount` bigint NOT NULL,
	`currency` char(3) NOT NULL,
	`hold_transfer_id` varchar(40) NOT NULL,
	`status` enum('open','refunded','honoured') NOT NULL DEFAULT 'open',
	`resolution_transfer_id` varchar(40),
	`resolved_by` varchar(40),
	`resolved_at` datetime(3),
	`note` varchar(500),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `order_exceptions_id` PRIMARY KEY(`id`),
	CONSTRAINT `order_exceptions_payment_uq` UNIQUE(`provider_payment_id`)
);
--> statement-breakpoint
CREATE TABLE `order_history` (
	`id` varchar(40) NOT NULL,
	`merchant_id` varchar(40) NOT NULL,
	`mode` enum('test','live') NOT NULL,
	`reference` varchar(191) NOT NULL,
	`amount` bigint NOT NULL,
	`currency` char(3) NOT NULL,
	`description` varchar(500),
	`items` json,
	`return_url` varchar(500) NOT NULL,
	`cancel_url` varchar(500) NOT NULL,
	`metadata` json,
	`status` enum('created','checkout_success','error_checkout','reject_risk_service','timeout','exception_checkout','refunded','partially_refunded') NOT NULL DEFAULT 'created',
	`version` int unsigned NOT NULL DEFAULT 1,
	`expires_at` datetime(3) NOT NULL,
	`payment_method` enum('wallet','provider'),
	`shopper_id` varchar(40),
	`transfer_id` varchar(40),
	`provider_payment_id` varchar(40),
	`captured_amount` bigint NOT NULL DEFAULT 0,
	`fee_amount` bigint NOT NULL DEFAULT 0,
	`refunded_amount` bigint NOT NULL DEFAULT 0,
	`failure_code` varchar(64),
	`ipn_seq` int unsigned NOT NULL DEFAULT 0,
	`flagged_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`final_at` datetime(3),
	`archived_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `order_history_pk` PRIMARY KEY(`id`,`created_at`)
);
--> statement-breakpoint
CREATE TABLE `orders` (
	`id` varchar(40) NOT NULL,
	`merchant_id` varchar(40) NOT NULL,
	`mode` enum('test','live') NOT NULL,
	`reference` varchar(191) NOT NULL,
	`amount` bigint NOT NULL,
	`currency` char(3) NOT NULL,
	`description` varchar(500),
	`items` json,
	`return_url` varchar(500) NOT NULL,
	`cancel_url` varchar(500) NOT NULL,
	`metadata` json,
	`status` enum('created','checkout_success','error_checkout','reject_risk_service','timeout','exception_checkout','refunded','partially_refunded') NOT NULL DEFAULT 'created',
	`version` int unsigned NOT NULL DEFAULT 1,
	`expires_at` datetime(3) NOT NULL,
	`payment_method` enum('wallet','provider'),
	`shopper_id` varchar(40),
	`transfer_id` varchar(40),
	`provider_payment_id` varchar(40),
	`captured_amount` bigint NOT NULL DEFAULT 0,
	`fee_amount` bigint NOT NULL DEFAULT 0,
	`refunded_amount` bigint NOT NULL DEFAULT 0,
	`failure_code` varchar(64),
	`ipn_seq` int unsigned NOT NULL DEFAULT 0,
	`flagged_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`final_at` datetime(3),
	CONSTRAINT `orders_id` PRIMARY KEY(`id`),
	CONSTRAINT `orders_reference_uq` UNIQUE(`merchant_id`,`mode`,`reference`)
);
--> statement-breakpoint
CREATE TABLE `payouts` (
	`id` varchar(40) NOT NULL,
	`merchant_id` varchar(40) NOT NULL,
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
	CONSTRAINT `payouts_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `provider_payments` (
	`id` varchar(40) NOT NULL,
	`provider` varchar(40) NOT NULL,
	`provider_ref` varchar(100),
	`purpose` enum('order','deposit') NOT NULL,
	`order_id` varchar(40),
	`user_id` varchar(40),
	`merchant_id` varchar(40),
	`mode` enum('test','live') NOT NULL,
	`amount` bigint NOT NULL,
	`currency` char(3) NOT NULL,
	`status` enum('created','succeeded','failed') NOT NULL DEFAULT 'created',
	`failure_code` varchar(64),
	`provider_data` json,
	`last_queried_at` datetime(3),
	`flagged_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`settled_at` datetime(3),
	CONSTRAINT `provider_payments_id` PRIMARY KEY(`id`),
	CONSTRAINT `provider_payments_ref_uq` UNIQUE(`provider`,`provider_ref`)
);
--> statement-breakpoint
CREATE TABLE `refunds` (
	`id` varchar(40) NOT NULL,
	`order_id` varchar(40) NOT NULL,
	`merchant_id` varchar(40) NOT NULL,
	`mode` enum('test','live') NOT NULL,
	`amount` bigint NOT NULL,
	`currency` char(3) NOT NULL,
	`reason` varchar(500),
	`status` enum('pending','succeeded','failed') NOT NULL,
	`transfer_id` varchar(40),
	`provider_refund_id` varchar(100),
	`failure_code` varchar(64),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `refunds_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `signing_keys` (
	`kid` varchar(40) NOT NULL,
	`alg` enum('EdDSA') NOT NULL,
	`public_jwk` json NOT NULL,
	`private_key_ciphertext` text NOT NULL,
	`status` enum('active','retiring') NOT NULL,
	`retires_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `signing_keys_kid` PRIMARY KEY(`kid`)
);
--> statement-breakpoint
ALTER TABLE `merchants` ADD `fee_bps` int unsigned DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `merchants` ADD `signature_threshold` bigint;--> statement-breakpoint
CREATE INDEX `ipn_attempts_delivery_idx` ON `ipn_attempts` (`delivery_id`,`attempted_at`);--> statement-breakpoint
CREATE INDEX `ipn_deliveries_due_idx` ON `ipn_deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `ipn_deliveries_merchant_idx` ON `ipn_deliveries` (`merchant_id`,`mode`,`created_at`);--> statement-breakpoint
CREATE INDEX `ipn_deliveries_order_idx` ON `ipn_deliveries` (`order_id`,`seq`);--> statement-breakpoint
CREATE INDEX `order_exceptions_status_idx` ON `order_exceptions` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `order_history_id_idx` ON `order_history` (`id`);--> statement-breakpoint
CREATE INDEX `order_history_merchant_created_idx` ON `order_history` (`merchant_id`,`mode`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `order_history_reference_idx` ON `order_history` (`merchant_id`,`mode`,`reference`);--> statement-breakpoint
CREATE INDEX `orders_merchant_created_idx` ON `orders` (`merchant_id`,`mode`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `orders_status_expiry_idx` ON `orders` (`status`,`expires_at`);--> statement-breakpoint
CREATE INDEX `orders_final_idx` ON `orders` (`final_at`);--> statement-breakpoint
CREATE INDEX `payouts_merchant_idx` ON `payouts` (`merchant_id`,`mode`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `payouts_status_idx` ON `payouts` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `provider_payments_order_idx` ON `provider_payments` (`order_id`);--> statement-breakpoint
CREATE INDEX `provider_payments_status_idx` ON `provider_payments` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `refunds_order_idx` ON `refunds` (`order_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `refunds_merchant_idx` ON `refunds` (`merchant_id`,`mode`,`created_at`);