-- The store's calendar day a factory order, shipment or transfer was made (DOMAIN.md §8): its
-- number carries that day. Rows made before were stamped in UTC; every store then kept
-- Asia/Shanghai (UTC+8), so their day is the UTC instant plus eight hours.
ALTER TABLE factory_orders ADD COLUMN store_day DATE NOT NULL DEFAULT '1970-01-01';
UPDATE factory_orders SET store_day = (created_at + INTERVAL '8 hours')::date;
ALTER TABLE shipments ADD COLUMN store_day DATE NOT NULL DEFAULT '1970-01-01';
UPDATE shipments SET store_day = (shipped_at + INTERVAL '8 hours')::date;
ALTER TABLE transfers ADD COLUMN store_day DATE NOT NULL DEFAULT '1970-01-01';
UPDATE transfers SET store_day = (created_at + INTERVAL '8 hours')::date;
