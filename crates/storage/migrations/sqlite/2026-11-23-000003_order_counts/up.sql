-- Orders per store, owner and status, kept in step with every order write (the status tabs and
-- totals of the order list read this instead of counting a million rows).
CREATE TABLE order_status_counts (
    store_id BIGINT NOT NULL REFERENCES stores(id),
    owner_id BIGINT NOT NULL REFERENCES users(id),
    status TEXT NOT NULL,
    orders BIGINT NOT NULL,
    PRIMARY KEY (store_id, owner_id, status)
);
INSERT INTO order_status_counts (store_id, owner_id, status, orders)
    SELECT store_id, owner_id, status, COUNT(*) FROM orders GROUP BY store_id, owner_id, status;

CREATE INDEX orders_store_total ON orders (store_id, total_fen);
