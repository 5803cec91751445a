DROP INDEX customers_store_name;
CREATE INDEX customers_store_name ON customers (store_id, name);
DROP TRIGGER customers_search_update;
DROP TRIGGER customers_search_delete;
DROP TRIGGER customers_search_insert;
DROP TABLE customers_search;
