CREATE INDEX `order_history_created_idx` ON `order_history` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `orders_created_idx` ON `orders` (`created_at`,`id`);