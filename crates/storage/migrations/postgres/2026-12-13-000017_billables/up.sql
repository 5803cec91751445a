-- Money for any billable document (issue 29). Payments, receipts, refunds and invoices refer to a
-- billable document, its kind and id, instead of a sales order: a sales order today, a repair
-- order, a parts counter sale or an insurance claim next. The capability that owns a document
-- registers it here when it creates it and keeps its store, owner, customer, number and amount in
-- step; finance reads only this table.
CREATE TABLE billables (
    kind TEXT NOT NULL,
    document_id BIGINT NOT NULL,
    store_id BIGINT NOT NULL REFERENCES stores(id),
    -- The staff member the document belongs to (the data scope "own").
    owner_id BIGINT NOT NULL REFERENCES users(id),
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    number TEXT NOT NULL,
    -- What the document costs the customer in all, in fen.
    amount_fen BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (kind, document_id)
);
CREATE INDEX billables_store ON billables (store_id, owner_id);

INSERT INTO billables (kind, document_id, store_id, owner_id, customer_id, number, amount_fen, created_at)
    SELECT 'sales_order', id, store_id, owner_id, customer_id, order_no, total_fen, created_at FROM orders;

ALTER TABLE payments ADD COLUMN document_kind TEXT NOT NULL DEFAULT 'sales_order', ADD COLUMN document_id BIGINT;
UPDATE payments SET document_id = order_id;
ALTER TABLE payments ALTER COLUMN document_kind DROP DEFAULT, ALTER COLUMN document_id SET NOT NULL,
    DROP COLUMN order_id,
    ADD FOREIGN KEY (document_kind, document_id) REFERENCES billables(kind, document_id);

ALTER TABLE refunds ADD COLUMN document_kind TEXT NOT NULL DEFAULT 'sales_order', ADD COLUMN document_id BIGINT;
UPDATE refunds SET document_id = order_id;
ALTER TABLE refunds ALTER COLUMN document_kind DROP DEFAULT, ALTER COLUMN document_id SET NOT NULL,
    DROP COLUMN order_id,
    ADD FOREIGN KEY (document_kind, document_id) REFERENCES billables(kind, document_id);

ALTER TABLE invoices ADD COLUMN document_kind TEXT NOT NULL DEFAULT 'sales_order', ADD COLUMN document_id BIGINT;
UPDATE invoices SET document_id = order_id;
ALTER TABLE invoices ALTER COLUMN document_kind DROP DEFAULT, ALTER COLUMN document_id SET NOT NULL,
    DROP COLUMN order_id,
    ADD FOREIGN KEY (document_kind, document_id) REFERENCES billables(kind, document_id);

CREATE INDEX payments_document ON payments (document_kind, document_id);
CREATE INDEX refunds_document ON refunds (document_kind, document_id);
CREATE UNIQUE INDEX invoices_valid_document ON invoices (document_kind, document_id) WHERE status = 'valid';
