-- The home page's work queues list a store's orders by how long they have been unchanged.
CREATE INDEX orders_store_updated ON orders (store_id, updated_at);
