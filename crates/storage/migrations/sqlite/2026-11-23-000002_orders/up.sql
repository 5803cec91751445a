-- Dated tax data (DOMAIN.md §3): an order uses the rows in force on its date.
CREATE TABLE vat_rates (
    effective_from DATE PRIMARY KEY,
    rate_bp INTEGER NOT NULL
);
INSERT INTO vat_rates (effective_from, rate_bp) VALUES ('1994-01-01', 1700), ('2018-05-01', 1600), ('2019-04-01', 1300);

CREATE TABLE purchase_tax_rules (
    effective_from DATE PRIMARY KEY,
    rate_bp INTEGER NOT NULL,
    -- none | exempt | exempt_up_to (relief_fen) | reduced (relief_bp of the price, capped at relief_fen)
    nev_relief TEXT NOT NULL,
    relief_fen BIGINT,
    relief_bp INTEGER
);
INSERT INTO purchase_tax_rules (effective_from, rate_bp, nev_relief, relief_fen, relief_bp) VALUES
    ('2001-01-01', 1000, 'none', NULL, NULL),
    ('2014-09-01', 1000, 'exempt', NULL, NULL),
    ('2024-01-01', 1000, 'exempt_up_to', 3000000, NULL),
    ('2026-01-01', 1000, 'reduced', 1500000, 500),
    ('2028-01-01', 1000, 'none', NULL, NULL);

-- Order numbers: one counter per store per day, incremented in the order's transaction.
CREATE TABLE order_sequences (
    store_id BIGINT NOT NULL REFERENCES stores(id),
    day TEXT NOT NULL,
    last_seq BIGINT NOT NULL,
    PRIMARY KEY (store_id, day)
);

CREATE TABLE orders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    store_id BIGINT NOT NULL REFERENCES stores(id),
    order_no TEXT NOT NULL UNIQUE,
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    owner_id BIGINT NOT NULL REFERENCES users(id),
    created_by BIGINT NOT NULL REFERENCES users(id),
    model_id BIGINT NOT NULL REFERENCES vehicle_models(id),
    trim_id BIGINT NOT NULL REFERENCES trims(id),
    channel TEXT NOT NULL,
    payment_method TEXT NOT NULL,
    expected_delivery DATE,
    notes TEXT,
    -- What was agreed, as JSON: colours, discount, trade-in, loan terms (domain::order::Terms).
    terms TEXT NOT NULL,
    -- The price computed from the terms on the order date, as JSON (domain::order::Quote).
    quote TEXT NOT NULL,
    total_fen BIGINT NOT NULL,
    discount_fen BIGINT NOT NULL,
    discount_bp INTEGER NOT NULL,
    gifts_fen BIGINT NOT NULL,
    stage TEXT NOT NULL,
    approval_level INTEGER NOT NULL DEFAULT 0,
    approval_levels INTEGER NOT NULL DEFAULT 0,
    contract_signed BOOLEAN NOT NULL DEFAULT FALSE,
    money_received BOOLEAN NOT NULL DEFAULT FALSE,
    paid_in_full BOOLEAN NOT NULL DEFAULT FALSE,
    vehicle_fact TEXT NOT NULL DEFAULT 'none',
    ready_for_delivery BOOLEAN NOT NULL DEFAULT FALSE,
    delivered BOOLEAN NOT NULL DEFAULT FALSE,
    -- Derived from stage and facts on every write (domain::order::Status::of), kept for lists.
    status TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX orders_store_status ON orders (store_id, status, created_at);
CREATE INDEX orders_store_created ON orders (store_id, created_at);
CREATE INDEX orders_store_owner ON orders (store_id, owner_id, created_at);
CREATE INDEX orders_customer ON orders (customer_id);

CREATE TABLE order_items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id BIGINT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    option_id BIGINT REFERENCES catalogue_options(id),
    name TEXT NOT NULL,
    amount_fen BIGINT NOT NULL
);
CREATE INDEX order_items_order ON order_items (order_id);

-- The timeline: every transition with who, when and why.
CREATE TABLE order_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id BIGINT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    at TIMESTAMP NOT NULL,
    actor_id BIGINT REFERENCES users(id),
    actor_name TEXT NOT NULL,
    action TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    note TEXT
);
CREATE INDEX order_events_order ON order_events (order_id, at);

-- Approval rules an administrator edits: a condition and the roles that must approve, in order.
CREATE TABLE approval_rules (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id BIGINT NOT NULL REFERENCES dealer_groups(id),
    name TEXT NOT NULL,
    condition TEXT NOT NULL,
    threshold BIGINT NOT NULL,
    levels TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- The approval round of an order: one row per level, with the reasons it is needed.
CREATE TABLE order_approvals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id BIGINT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    level INTEGER NOT NULL,
    role TEXT NOT NULL,
    reasons TEXT NOT NULL,
    decided_by BIGINT REFERENCES users(id),
    decision TEXT,
    comment TEXT,
    decided_at TIMESTAMP
);
CREATE INDEX order_approvals_order ON order_approvals (order_id, level);
CREATE INDEX order_approvals_open ON order_approvals (role, decision);

-- Outgoing messages, written in the business transaction and delivered by a worker.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    store_id BIGINT REFERENCES stores(id),
    channel TEXT NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

-- Create requests seen with an Idempotency-Key: a retry returns the first result.
CREATE TABLE idempotency_keys (
    user_id BIGINT NOT NULL REFERENCES users(id),
    idem_key TEXT NOT NULL,
    order_id BIGINT NOT NULL REFERENCES orders(id),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, idem_key)
);
