-- Contracts with e-signature, payments, refunds and vehicle sales invoices (issue 15).

-- A store's contract template: the letterhead (also the seller on receipts and invoices), the
-- clauses with their placeholders, and whether the buyer's ID number is masked. A store without
-- one uses the built-in default (app::finance::template).
CREATE TABLE contract_templates (
    store_id BIGINT PRIMARY KEY REFERENCES stores(id),
    title TEXT NOT NULL,
    seller_name TEXT NOT NULL,
    uscc TEXT NOT NULL,
    address TEXT NOT NULL,
    phone TEXT NOT NULL,
    bank TEXT NOT NULL,
    account TEXT NOT NULL,
    delivery_place TEXT NOT NULL,
    warranty_notice TEXT NOT NULL,
    -- JSON: [{"title": ..., "body": ...}]
    clauses TEXT NOT NULL,
    mask_id BOOLEAN NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    updated_by BIGINT NOT NULL REFERENCES users(id),
    updated_at TIMESTAMP NOT NULL
);

-- Every version of an order's contract. The PDF read by the customer and its SHA-256, then the
-- signed PDF (signatures placed, evidence page) and its SHA-256. One current version per order.
CREATE TABLE contracts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id BIGINT NOT NULL REFERENCES orders(id),
    store_id BIGINT NOT NULL REFERENCES stores(id),
    version INTEGER NOT NULL,
    contract_no TEXT NOT NULL,
    status TEXT NOT NULL,
    -- The document's data as rendered (JSON), so that the signed copy shows exactly the same.
    data TEXT NOT NULL,
    pdf BLOB NOT NULL,
    pdf_sha256 TEXT NOT NULL,
    generated_by BIGINT NOT NULL REFERENCES users(id),
    generated_at TIMESTAMP NOT NULL,
    customer_signature BLOB,
    -- JSON: time, IP, user agent, the code's channel, recipient and hash, the PDF's SHA-256.
    customer_evidence TEXT,
    customer_signed_at TIMESTAMP,
    seller_signature BLOB,
    countersigned_by BIGINT REFERENCES users(id),
    countersigned_at TIMESTAMP,
    signed_pdf BLOB,
    signed_sha256 TEXT,
    superseded_at TIMESTAMP,
    version_lock BIGINT NOT NULL DEFAULT 1,
    UNIQUE (order_id, version)
);
CREATE UNIQUE INDEX contracts_current ON contracts (order_id) WHERE status <> 'superseded';
CREATE INDEX contracts_store_status ON contracts (store_id, status, generated_at);

-- The one-time code of a signature: only its hash, with expiry and wrong tries. One per contract.
CREATE TABLE signing_codes (
    contract_id BIGINT PRIMARY KEY REFERENCES contracts(id),
    code_hash TEXT NOT NULL,
    channel TEXT NOT NULL,
    sent_to TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL
);

-- Lenders' products: the most a loan may be of the price, and its longest term.
CREATE TABLE loan_products (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    lender TEXT NOT NULL,
    name TEXT NOT NULL,
    max_ltv_bp INTEGER NOT NULL,
    max_months INTEGER NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    UNIQUE (lender, name)
);

-- Receipt numbers: one counter per store per day, like order numbers.
CREATE TABLE receipt_sequences (
    store_id BIGINT NOT NULL REFERENCES stores(id),
    day TEXT NOT NULL,
    last_seq BIGINT NOT NULL,
    PRIMARY KEY (store_id, day)
);

-- Money received against an order. Only confirmed payments count; a 定金 over the cap keeps its
-- legal part in earnest_fen and the rest is an ordinary prepayment.
CREATE TABLE payments (
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
CREATE INDEX payments_order ON payments (order_id);
CREATE INDEX payments_store_status ON payments (store_id, status, registered_at);
CREATE INDEX payments_store_decided ON payments (store_id, decided_at);
-- A bank serial, POS voucher or merchant order number is recorded once.
CREATE UNIQUE INDEX payments_reference ON payments (store_id, method, reference)
    WHERE reference IS NOT NULL AND status <> 'rejected';

-- Money paid back: refunds of money received and the penalty of a 定金 returned double.
CREATE TABLE refunds (
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
CREATE INDEX refunds_order ON refunds (order_id);
CREATE INDEX refunds_store_status ON refunds (store_id, status, requested_at);

-- 机动车销售统一发票 data (DOMAIN.md §4). One vehicle, one valid invoice.
CREATE TABLE invoices (
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
CREATE UNIQUE INDEX invoices_valid_vin ON invoices (vin) WHERE status = 'valid';
CREATE UNIQUE INDEX invoices_valid_order ON invoices (order_id) WHERE status = 'valid';
CREATE UNIQUE INDEX invoices_number ON invoices (invoice_code, invoice_no);
CREATE INDEX invoices_store ON invoices (store_id, prepared_at);

-- Reference data like the tax rates: the usual products until lenders are managed in the console.
INSERT INTO loan_products (lender, name, max_ltv_bp, max_months, active) VALUES
    ('汽车金融公司', '新车贷款（燃油车）', 8000, 60, TRUE),
    ('汽车金融公司', '新车贷款（新能源）', 8500, 60, TRUE),
    ('商业银行', '信用卡分期购车', 8000, 36, TRUE),
    ('商业银行', '新车贷款（新能源）', 8500, 60, TRUE);

-- Idempotency keys of the finance creates (payments, refunds, invoices, contracts): a retried
-- request answers with the record the first one made.
CREATE TABLE finance_idempotency (
    user_id BIGINT NOT NULL REFERENCES users(id),
    idem_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    record_id BIGINT NOT NULL,
    request_hash TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, idem_key)
);
