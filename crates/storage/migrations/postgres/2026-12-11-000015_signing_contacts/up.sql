-- The contact a contract's one-time code goes to (DOMAIN.md §2, Electronic Signature Law art. 13):
-- fixed when the buyer confirms the order on their own link, changed afterwards only by a
-- manager who did not ask for the order, with a reason. Orders made before: the profile's
-- contact as it stands now.
CREATE TABLE signing_contacts (
    order_id BIGINT PRIMARY KEY REFERENCES orders(id),
    store_id BIGINT NOT NULL REFERENCES stores(id),
    mobile TEXT NOT NULL,
    email TEXT,
    fixed_at TIMESTAMP NOT NULL,
    fixed_by BIGINT REFERENCES users(id),
    reason TEXT NOT NULL DEFAULT ''
);
INSERT INTO signing_contacts (order_id, store_id, mobile, email, fixed_at)
SELECT o.id, o.store_id, c.mobile, c.email, o.created_at FROM orders o JOIN customers c ON c.id = o.customer_id;

-- Codes sent for a contract within the hour, and since when: re-issues are limited and keep the
-- wrong tries.
ALTER TABLE signing_codes ADD COLUMN issued INTEGER NOT NULL DEFAULT 1;
ALTER TABLE signing_codes ADD COLUMN issued_since TIMESTAMP NOT NULL DEFAULT '1970-01-01 00:00:00';
UPDATE signing_codes SET issued_since = created_at;
