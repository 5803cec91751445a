ALTER TABLE transfers DROP COLUMN store_day;
ALTER TABLE shipments DROP COLUMN store_day;
ALTER TABLE factory_orders DROP COLUMN store_day;
