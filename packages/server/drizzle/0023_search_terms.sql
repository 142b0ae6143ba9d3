CREATE TABLE `search_terms` (
	`kind` varchar(16) NOT NULL,
	`record_id` varchar(64) NOT NULL,
	`field` varchar(8) NOT NULL,
	`term` varchar(254),
	`merchant_id` varchar(40) NOT NULL,
	`mode` varchar(4) NOT NULL DEFAULT '',
	`source_version` bigint unsigned NOT NULL,
	CONSTRAINT `search_terms_pk` PRIMARY KEY(`kind`,`record_id`,`field`)
);
--> statement-breakpoint
DROP INDEX `search_documents_record_idx` ON `search_documents`;--> statement-breakpoint
DROP INDEX `search_documents_ref_idx` ON `search_documents`;--> statement-breakpoint
DROP INDEX `search_documents_email_idx` ON `search_documents`;--> statement-breakpoint
ALTER TABLE `search_documents` MODIFY COLUMN `source_version` bigint unsigned NOT NULL;--> statement-breakpoint
CREATE INDEX `search_terms_merchant_idx` ON `search_terms` (`merchant_id`,`term`,`mode`);--> statement-breakpoint
CREATE INDEX `search_terms_term_idx` ON `search_terms` (`term`,`mode`);--> statement-breakpoint
-- Hand-written: the exact terms of the documents indexed before this table existed.
INSERT INTO `search_terms` (`kind`, `record_id`, `field`, `term`, `merchant_id`, `mode`, `source_version`)
SELECT `kind`, `record_id`, 'id', LOWER(`record_id`), `merchant_id`, `mode`, `source_version` FROM `search_documents`
UNION ALL
SELECT `kind`, `record_id`, 'ref', LOWER(`ref_key`), `merchant_id`, `mode`, `source_version` FROM `search_documents`
UNION ALL
SELECT `kind`, `record_id`, 'email', LOWER(`email_key`), `merchant_id`, `mode`, `source_version` FROM `search_documents`;
--> statement-breakpoint
-- Hand-written: every document's FULLTEXT text begins with its tenant's word (tenantWord in
-- sql-search-index.ts), which a merchant's word search requires.
UPDATE `search_documents` SET `searchable` = CONCAT('_t_', `merchant_id`, ' ', `searchable`)
 WHERE `searchable` NOT LIKE '\_t\_%';
