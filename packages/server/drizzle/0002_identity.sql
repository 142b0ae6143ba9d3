CREATE TABLE `audit_log` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`actor_type` varchar(20) NOT NULL,
	`actor_id` varchar(40) NOT NULL,
	`action` varchar(120) NOT NULL,
	`target_type` varchar(40),
	`target_id` varchar(64),
	`merchant_id` varchar(40),
	`before_state` json,
	`after_state` json,
	`ip` varchar(64),
	`user_agent` varchar(300),
	`request_id` varchar(64),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `audit_log_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `email_tokens` (
	`id` varchar(40) NOT NULL,
	`user_id` varchar(40) NOT NULL,
	`purpose` enum('verify_email','reset_password') NOT NULL,
	`token_hash` char(64) NOT NULL,
	`expires_at` datetime(3) NOT NULL,
	`used_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `email_tokens_id` PRIMARY KEY(`id`),
	CONSTRAINT `email_tokens_hash_uq` UNIQUE(`token_hash`)
);
--> statement-breakpoint
CREATE TABLE `mailbox_messages` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`to_address` varchar(254) NOT NULL,
	`subject` varchar(300) NOT NULL,
	`text` text NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `mailbox_messages_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `merchant_credentials` (
	`id` varchar(40) NOT NULL,
	`merchant_id` varchar(40) NOT NULL,
	`mode` enum('test','live') NOT NULL,
	`kind` enum('api_key','webhook_secret') NOT NULL,
	`hint` varchar(40) NOT NULL,
	`secret_ciphertext` varchar(400) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`expires_at` datetime(3),
	`revoked_at` datetime(3),
	`created_by` varchar(40),
	CONSTRAINT `merchant_credentials_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `merchants` (
	`id` varchar(40) NOT NULL,
	`business_name` varchar(200) NOT NULL,
	`website` varchar(500) NOT NULL,
	`contact_email` varchar(254) NOT NULL,
	`callback_url` varchar(500) NOT NULL,
	`ipn_url` varchar(500) NOT NULL,
	`allowed_origins` json NOT NULL,
	`status` enum('pending','active','suspended','closed') NOT NULL DEFAULT 'pending',
	`version` int unsigned NOT NULL DEFAULT 1,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `merchants_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `saved_cards` (
	`id` varchar(40) NOT NULL,
	`user_id` varchar(40) NOT NULL,
	`provider` varchar(40) NOT NULL,
	`provider_token` varchar(200) NOT NULL,
	`brand` varchar(20) NOT NULL,
	`last4` char(4) NOT NULL,
	`exp_month` smallint unsigned NOT NULL,
	`exp_year` smallint unsigned NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `saved_cards_id` PRIMARY KEY(`id`),
	CONSTRAINT `saved_cards_token_uq` UNIQUE(`provider`,`provider_token`)
);
--> statement-breakpoint
CREATE TABLE `staff_users` (
	`id` varchar(40) NOT NULL,
	`email` varchar(254) NOT NULL,
	`name` varchar(200),
	`password_hash` varchar(255) NOT NULL,
	`role` enum('admin','support','finance','owner','developer') NOT NULL,
	`merchant_id` varchar(40),
	`disabled_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `staff_users_id` PRIMARY KEY(`id`),
	CONSTRAINT `staff_users_email_uq` UNIQUE(`email`)
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` varchar(40) NOT NULL,
	`email` varchar(254) NOT NULL,
	`name` varchar(200),
	`password_hash` varchar(255) NOT NULL,
	`email_verified_at` datetime(3),
	`password_changed_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `users_id` PRIMARY KEY(`id`),
	CONSTRAINT `users_email_uq` UNIQUE(`email`)
);
--> statement-breakpoint
CREATE INDEX `audit_log_target_idx` ON `audit_log` (`target_type`,`target_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_log_merchant_idx` ON `audit_log` (`merchant_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_log_actor_idx` ON `audit_log` (`actor_id`,`id`);--> statement-breakpoint
CREATE INDEX `email_tokens_user_idx` ON `email_tokens` (`user_id`,`purpose`);--> statement-breakpoint
CREATE INDEX `mailbox_messages_to_idx` ON `mailbox_messages` (`to_address`,`id`);--> statement-breakpoint
CREATE INDEX `merchant_credentials_merchant_idx` ON `merchant_credentials` (`merchant_id`,`kind`,`mode`);--> statement-breakpoint
CREATE INDEX `merchants_status_idx` ON `merchants` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `saved_cards_user_idx` ON `saved_cards` (`user_id`);--> statement-breakpoint
CREATE INDEX `staff_users_merchant_idx` ON `staff_users` (`merchant_id`);