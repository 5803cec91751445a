-- A car's repair orders at a store (its history, its 三包 clocks) are read by store and VIN:
-- both in one index, so that the planner takes it whatever statistics a long-lived connection
-- loaded when the tables were small (with the VIN alone it tied with the store's status index
-- and, on a connection opened before the workshop grew, scanned the store's orders).
DROP INDEX repair_orders_vin;
CREATE INDEX repair_orders_store_vin ON repair_orders (store_id, vin, id);
