ALTER TABLE idempotency_keys DROP COLUMN request_hash;
DROP INDEX customers_store_id_number;
DROP INDEX login_failures_client;
ALTER TABLE login_failures DROP COLUMN client;
DROP TABLE order_requesters;
UPDATE purchase_tax_rules SET relief_bp = 500 WHERE nev_relief = 'reduced';
