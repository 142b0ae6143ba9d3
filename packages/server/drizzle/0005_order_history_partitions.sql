-- Order history is kept for years and read by merchant and date range: one partition per month
-- of creation keeps those reads to the months asked for and lets old months be dropped or moved
-- whole. The archiver adds next months' partitions ahead of need (REORGANIZE of p_future);
-- p_future catches anything beyond them, so an insert never fails for want of a partition.
ALTER TABLE `order_history` PARTITION BY RANGE COLUMNS(`created_at`) (PARTITION `p_past` VALUES LESS THAN ('2026-01-01'), PARTITION `p_future` VALUES LESS THAN (MAXVALUE));
