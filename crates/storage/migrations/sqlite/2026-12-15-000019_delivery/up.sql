-- Delivery (issue 30): the pre-delivery inspections of an order's car and its handover to the
-- buyer. "Ready for delivery" and "delivered" on the order follow from these rows only.
CREATE TABLE pdi_inspections (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    store_id BIGINT NOT NULL REFERENCES stores(id),
    order_id BIGINT NOT NULL REFERENCES orders(id),
    vehicle_id BIGINT NOT NULL REFERENCES vehicles(id),
    -- The checklist walked: the car's fuel type chose it.
    fuel_type TEXT NOT NULL,
    -- JSON: [{"key", "outcome": pass | fail, "note"}], one per item of the checklist.
    results TEXT NOT NULL,
    passed BOOLEAN NOT NULL,
    failed_items INTEGER NOT NULL CHECK (failed_items >= 0),
    note TEXT NOT NULL,
    inspected_by BIGINT NOT NULL REFERENCES users(id),
    inspected_at TIMESTAMP NOT NULL,
    -- The store's calendar day of the inspection.
    inspected_on DATE NOT NULL,
    CHECK (passed = (failed_items = 0))
);
CREATE INDEX pdi_inspections_order ON pdi_inspections (order_id, id);

CREATE TABLE handovers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    store_id BIGINT NOT NULL REFERENCES stores(id),
    -- One handover per order.
    order_id BIGINT NOT NULL UNIQUE REFERENCES orders(id),
    vehicle_id BIGINT NOT NULL REFERENCES vehicles(id),
    -- The PDI the handover relied on.
    inspection_id BIGINT NOT NULL REFERENCES pdi_inspections(id),
    invoice_id BIGINT NOT NULL REFERENCES invoices(id),
    -- JSON: the documents handed over (invoice, certificate, consistency, warranty_card, manuals).
    documents TEXT NOT NULL,
    key_count INTEGER NOT NULL CHECK (key_count BETWEEN 1 AND 6),
    odometer_km BIGINT NOT NULL CHECK (odometer_km >= 0),
    -- The buyer's signature as drawn on their phone or the staff tablet (PNG); cleared by an
    -- erasure, with the name they signed as.
    signature_png BLOB,
    signed_by TEXT NOT NULL,
    note TEXT NOT NULL,
    -- The store's calendar day of the handover: the car is the buyer's from then.
    delivered_on DATE NOT NULL,
    -- The 三包 clocks run from the invoice date (DOMAIN.md §6).
    warranty_from DATE NOT NULL,
    handed_over_by BIGINT NOT NULL REFERENCES users(id),
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX handovers_store_day ON handovers (store_id, delivered_on);
