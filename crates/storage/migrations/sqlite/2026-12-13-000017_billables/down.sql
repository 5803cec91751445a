PRAGMA defer_foreign_keys = ON;

CREATE TABLE payments_old (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    store_id BIGINT NOT NULL REFERENCES stores(id),
    order_id BIGINT NOT NULL REFERENCES orders(id),
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
    version BIGINT NOT NULL DEFAULT 1
);
INSERT INTO payments_old (id, store_id, order_id, kind, method, amount_fen, earnest_fen, reference, loan_product_id, paid_on, note, status, registered_by, registered_at, decided_by, decided_at, rejected_reason, receipt_no, version)
    SELECT id, store_id, document_id, kind, method, amount_fen, earnest_fen, reference, loan_product_id, paid_on, note, status, registered_by, registered_at, decided_by, decided_at, rejected_reason, receipt_no, version FROM payments WHERE document_kind = 'sales_order';
DROP TABLE payments;
ALTER TABLE payments_old RENAME TO payments;
CREATE INDEX payments_order ON payments (order_id);
CREATE INDEX payments_store_status ON payments (store_id, status, registered_at);
CREATE INDEX payments_store_decided ON payments (store_id, decided_at);
CREATE UNIQUE INDEX payments_reference ON payments (store_id, method, reference)
    WHERE reference IS NOT NULL AND status <> 'rejected';

CREATE TABLE refunds_old (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    store_id BIGINT NOT NULL REFERENCES stores(id),
    order_id BIGINT NOT NULL REFERENCES orders(id),
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
    version BIGINT NOT NULL DEFAULT 1
);
INSERT INTO refunds_old (id, store_id, order_id, kind, amount_fen, breach, reason, status, requested_by, requested_at, approved_by, approved_at, paid_by, paid_at, method, reference, rejected_reason, version)
    SELECT id, store_id, document_id, kind, amount_fen, breach, reason, status, requested_by, requested_at, approved_by, approved_at, paid_by, paid_at, method, reference, rejected_reason, version FROM refunds WHERE document_kind = 'sales_order';
DROP TABLE refunds;
ALTER TABLE refunds_old RENAME TO refunds;
CREATE INDEX refunds_order ON refunds (order_id);
CREATE INDEX refunds_store_status ON refunds (store_id, status, requested_at);

CREATE TABLE invoices_old (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    store_id BIGINT NOT NULL REFERENCES stores(id),
    order_id BIGINT NOT NULL REFERENCES orders(id),
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
    version BIGINT NOT NULL DEFAULT 1
);
INSERT INTO invoices_old (id, store_id, order_id, vin, engine_no, certificate_no, invoice_code, invoice_no, invoice_date, gross_fen, net_fen, vat_fen, rate_bp, fields, status, prepared_by, prepared_at, reversed_by, reversed_at, reversal_reason, version)
    SELECT id, store_id, document_id, vin, engine_no, certificate_no, invoice_code, invoice_no, invoice_date, gross_fen, net_fen, vat_fen, rate_bp, fields, status, prepared_by, prepared_at, reversed_by, reversed_at, reversal_reason, version FROM invoices WHERE document_kind = 'sales_order';
DROP TABLE invoices;
ALTER TABLE invoices_old RENAME TO invoices;
CREATE UNIQUE INDEX invoices_valid_vin ON invoices (vin) WHERE status = 'valid';
CREATE UNIQUE INDEX invoices_valid_order ON invoices (order_id) WHERE status = 'valid';
CREATE UNIQUE INDEX invoices_number ON invoices (invoice_code, invoice_no);
CREATE INDEX invoices_store ON invoices (store_id, prepared_at);

DROP TABLE billables;
