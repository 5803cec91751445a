DROP INDEX repair_orders_store_vin;
CREATE INDEX repair_orders_vin ON repair_orders (vin, id);
