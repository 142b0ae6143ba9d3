ALTER TABLE `order_history` ADD `exception_resolution` enum('refunded','honoured');--> statement-breakpoint
ALTER TABLE `orders` ADD `exception_resolution` enum('refunded','honoured');