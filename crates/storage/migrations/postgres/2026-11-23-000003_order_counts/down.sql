DROP INDEX orders_store_total;
DROP TABLE order_status_counts;
