-- A change order (变更单): the terms proposed for an order whose contract is signed, and the money
-- difference. Approved by the rules (four eyes), then signed by both as a supplement (a new
-- contract version) while the signed version stays in force; only then the order takes the terms.
CREATE TABLE change_orders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id BIGINT NOT NULL REFERENCES orders(id),
    store_id BIGINT NOT NULL REFERENCES stores(id),
    change_no TEXT NOT NULL UNIQUE,
    -- awaiting_approval | awaiting_signature | in_force | rejected | withdrawn
    status TEXT NOT NULL,
    -- The proposed order form (JSON), priced again on the order's day when it takes effect.
    input TEXT NOT NULL,
    total_before_fen BIGINT NOT NULL,
    total_after_fen BIGINT NOT NULL,
    -- What changes (JSON list of field, before, after) as the approver and the buyer read it.
    summary TEXT NOT NULL,
    reason TEXT NOT NULL,
    -- The approval levels the rules require (JSON [{role, reasons}]), the one waiting (1-based),
    -- and the decisions taken (JSON [{level, role, by, at, decision, note}]).
    levels TEXT NOT NULL,
    level INTEGER NOT NULL DEFAULT 1,
    decisions TEXT NOT NULL DEFAULT '[]',
    -- The supplement (contract version) the buyer signs, once approved.
    contract_id BIGINT REFERENCES contracts(id),
    requested_by BIGINT NOT NULL REFERENCES users(id),
    requested_at TIMESTAMP NOT NULL,
    closed_at TIMESTAMP,
    closed_by BIGINT REFERENCES users(id),
    closed_note TEXT,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX change_orders_order ON change_orders (order_id);
CREATE INDEX change_orders_store_status ON change_orders (store_id, status);
-- One change under way per order.
CREATE UNIQUE INDEX change_orders_open ON change_orders (order_id) WHERE status IN ('awaiting_approval', 'awaiting_signature');

-- A contract may now have a signed version in force and an unsigned supplement beside it: one of
-- each per order.
DROP INDEX contracts_current;
CREATE UNIQUE INDEX contracts_pending ON contracts (order_id) WHERE status IN ('awaiting_customer', 'awaiting_countersign');
CREATE UNIQUE INDEX contracts_in_force ON contracts (order_id) WHERE status = 'signed';
