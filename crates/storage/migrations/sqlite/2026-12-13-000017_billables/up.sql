PRAGMA defer_foreign_keys = ON;
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

-- payments: order_id becomes the billable document (rebuilt: SQLite cannot drop a referenced column).
CREATE TABLE payments_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    store_id BIGINT NOT NULL REFERENCES stores(id),
    document_kind TEXT NOT NULL,
    document_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    method TEXT NOT NULL,
    amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
    earnest_fen BIGINT NOT NULL DEFAULT 0,
    reference TEXT,
    loan_product_id BIGINT REFERENCES loan_products(id),
    paid_on DATE NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    registered_by BIGINT NOT NULL REFERENCES users(id),
    registered_at TIMESTAMP NOT NULL,
    decided_by BIGINT REFERENCES users(id),
    decided_at TIMESTAMP,
    rejected_reason TEXT,
    receipt_no TEXT UNIQUE,
    version BIGINT NOT NULL DEFAULT 1,
    FOREIGN KEY (document_kind, document_id) REFERENCES billables(kind, document_id)
);
INSERT INTO payments_new (id, store_id, document_kind, document_id, kind, method, amount_fen, earnest_fen, reference, loan_product_id, paid_on, note, status, registered_by, registered_at, decided_by, decided_at, rejected_reason, receipt_no, version)
    SELECT id, store_id, 'sales_order', order_id, kind, method, amount_fen, earnest_fen, reference, loan_product_id, paid_on, note, status, registered_by, registered_at, decided_by, decided_at, rejected_reason, receipt_no, version FROM payments;
DROP TABLE payments;
ALTER TABLE payments_new RENAME TO payments;
CREATE INDEX payments_document ON payments (document_kind, document_id);
CREATE INDEX payments_store_status ON payments (store_id, status, registered_at);
CREATE INDEX payments_store_decided ON payments (store_id, decided_at);
CREATE UNIQUE INDEX payments_reference ON payments (store_id, method, reference)
    WHERE reference IS NOT NULL AND status <> 'rejected';

-- refunds: order_id becomes the billable document (rebuilt: SQLite cannot drop a referenced column).
CREATE TABLE refunds_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    store_id BIGINT NOT NULL REFERENCES stores(id),
    document_kind TEXT NOT NULL,
    document_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
    breach TEXT,
    reason TEXT NOT NULL,
    status TEXT NOT NULL,
    requested_by BIGINT NOT NULL REFERENCES users(id),
    requested_at TIMESTAMP NOT NULL,
    approved_by BIGINT REFERENCES users(id),
    approved_at TIMESTAMP,
    paid_by BIGINT REFERENCES users(id),
    paid_at TIMESTAMP,
    method TEXT,
    reference TEXT,
    rejected_reason TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    FOREIGN KEY (document_kind, document_id) REFERENCES billables(kind, document_id)
);
INSERT INTO refunds_new (id, store_id, document_kind, document_id, kind, amount_fen, breach, reason, status, requested_by, requested_at, approved_by, approved_at, paid_by, paid_at, method, reference, rejected_reason, version)
    SELECT id, store_id, 'sales_order', order_id, kind, amount_fen, breach, reason, status, requested_by, requested_at, approved_by, approved_at, paid_by, paid_at, method, reference, rejected_reason, version FROM refunds;
DROP TABLE refunds;
ALTER TABLE refunds_new RENAME TO refunds;
CREATE INDEX refunds_document ON refunds (document_kind, document_id);
CREATE INDEX refunds_store_status ON refunds (store_id, status, requested_at);

-- invoices: order_id becomes the billable document (rebuilt: SQLite cannot drop a referenced column).
CREATE TABLE invoices_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    store_id BIGINT NOT NULL REFERENCES stores(id),
    document_kind TEXT NOT NULL,
    document_id BIGINT NOT NULL,
    vin TEXT NOT NULL,
    engine_no TEXT NOT NULL,
    certificate_no TEXT NOT NULL,
    invoice_code TEXT NOT NULL,
    invoice_no TEXT NOT NULL,
    invoice_date DATE NOT NULL,
    gross_fen BIGINT NOT NULL,
    net_fen BIGINT NOT NULL,
    vat_fen BIGINT NOT NULL,
    rate_bp INTEGER NOT NULL,
    -- JSON: the remaining fields as prepared (buyer, vehicle type, make and model, seats...).
    fields TEXT NOT NULL,
    status TEXT NOT NULL,
    prepared_by BIGINT NOT NULL REFERENCES users(id),
    prepared_at TIMESTAMP NOT NULL,
    reversed_by BIGINT REFERENCES users(id),
    reversed_at TIMESTAMP,
    reversal_reason TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    FOREIGN KEY (document_kind, document_id) REFERENCES billables(kind, document_id)
);
INSERT INTO invoices_new (id, store_id, document_kind, document_id, vin, engine_no, certificate_no, invoice_code, invoice_no, invoice_date, gross_fen, net_fen, vat_fen, rate_bp, fields, status, prepared_by, prepared_at, reversed_by, reversed_at, reversal_reason, version)
    SELECT id, store_id, 'sales_order', order_id, vin, engine_no, certificate_no, invoice_code, invoice_no, invoice_date, gross_fen, net_fen, vat_fen, rate_bp, fields, status, prepared_by, prepared_at, reversed_by, reversed_at, reversal_reason, version FROM invoices;
DROP TABLE invoices;
ALTER TABLE invoices_new RENAME TO invoices;
CREATE UNIQUE INDEX invoices_valid_vin ON invoices (vin) WHERE status = 'valid';
CREATE UNIQUE INDEX invoices_valid_document ON invoices (document_kind, document_id) WHERE status = 'valid';
CREATE UNIQUE INDEX invoices_number ON invoices (invoice_code, invoice_no);
CREATE INDEX invoices_store ON invoices (store_id, prepared_at);
