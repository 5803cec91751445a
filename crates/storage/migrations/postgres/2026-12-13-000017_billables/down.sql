
DELETE FROM payments WHERE document_kind <> 'sales_order';
ALTER TABLE payments ADD COLUMN order_id BIGINT REFERENCES orders(id);
UPDATE payments SET order_id = document_id;
ALTER TABLE payments ALTER COLUMN order_id SET NOT NULL, DROP COLUMN document_kind, DROP COLUMN document_id;

DELETE FROM refunds WHERE document_kind <> 'sales_order';
ALTER TABLE refunds ADD COLUMN order_id BIGINT REFERENCES orders(id);
UPDATE refunds SET order_id = document_id;
ALTER TABLE refunds ALTER COLUMN order_id SET NOT NULL, DROP COLUMN document_kind, DROP COLUMN document_id;

DELETE FROM invoices WHERE document_kind <> 'sales_order';
ALTER TABLE invoices ADD COLUMN order_id BIGINT REFERENCES orders(id);
UPDATE invoices SET order_id = document_id;
ALTER TABLE invoices ALTER COLUMN order_id SET NOT NULL, DROP COLUMN document_kind, DROP COLUMN document_id;

CREATE INDEX payments_order ON payments (order_id);
CREATE INDEX refunds_order ON refunds (order_id);
CREATE UNIQUE INDEX invoices_valid_order ON invoices (order_id) WHERE status = 'valid';
DROP TABLE billables;
