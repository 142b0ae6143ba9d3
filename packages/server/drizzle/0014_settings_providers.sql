CREATE TABLE `payment_providers` (
	`id` varchar(40) NOT NULL,
	`name` varchar(40) NOT NULL,
	`display_name` varchar(200) NOT NULL,
	`kind` enum('bank','gateway','ewallet') NOT NULL,
	`adapter` varchar(40) NOT NULL,
	`config` json NOT NULL,
	`secrets_ciphertext` text,
	`secret_keys` json NOT NULL,
	`enabled` boolean NOT NULL DEFAULT true,
	`version` int unsigned NOT NULL DEFAULT 1,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `payment_providers_id` PRIMARY KEY(`id`),
	CONSTRAINT `payment_providers_name_uq` UNIQUE(`name`)
);
--> statement-breakpoint
CREATE TABLE `platform_settings` (
	`id` varchar(20) NOT NULL,
	`document` json NOT NULL,
	`version` int unsigned NOT NULL DEFAULT 0,
	`updated_by` varchar(40),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `platform_settings_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
INSERT INTO `platform_settings` (`id`, `document`, `version`) VALUES ('platform', '{}', 0);--> statement-breakpoint
INSERT INTO `payment_providers` (`id`, `name`, `display_name`, `kind`, `adapter`, `config`, `secret_keys`, `enabled`) VALUES ('prv_sandbox', 'sandbox', 'Sandbox (simulated provider)', 'gateway', 'sandbox', '{}', '[]', true);
