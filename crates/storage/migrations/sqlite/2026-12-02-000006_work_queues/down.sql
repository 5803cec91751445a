DROP INDEX orders_store_updated;
