ALTER TABLE `card_setups` ADD `mode` enum('test','live') DEFAULT 'test' NOT NULL;--> statement-breakpoint
ALTER TABLE `saved_cards` ADD `mode` enum('test','live') DEFAULT 'test' NOT NULL;