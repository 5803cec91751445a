-- DOMAIN.md §3: in 2026-2027 the relief is half of the tax before relief (not 5 % of the price),
-- rounded from the tax itself.
UPDATE purchase_tax_rules SET relief_bp = 5000 WHERE nev_relief = 'reduced';

-- Who asked for an order (its creator and everyone who changed its terms or owner since): none
-- of them approves it (DOMAIN.md §2). The owner is on the order row itself.
CREATE TABLE order_requesters (
    order_id BIGINT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (order_id, user_id)
);
INSERT INTO order_requesters (order_id, user_id) SELECT id, created_by FROM orders;

-- Failed logins are throttled per user name and client address, so that a stranger's wrong
-- passwords do not keep the real user out.
ALTER TABLE login_failures ADD COLUMN client TEXT NOT NULL DEFAULT '';
CREATE INDEX login_failures_client ON login_failures (client, at);

-- One resident ID number is one customer in a store, like a mobile number.
CREATE UNIQUE INDEX customers_store_id_number ON customers (store_id, id_number_hash);

-- An idempotency key names one request: a retry with another body is refused, not answered with
-- the first order. Keys written before this migration have no fingerprint and match any body.
ALTER TABLE idempotency_keys ADD COLUMN request_hash TEXT NOT NULL DEFAULT '';
