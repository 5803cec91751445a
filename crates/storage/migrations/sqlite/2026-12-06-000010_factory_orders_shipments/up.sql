-- Factory orders, shipments and receiving (issue 16): what a store ordered from the maker, the
-- trucks that bring vehicles (from the factory or from another store), and which VIN came in,
-- where, and in what condition.

-- A purchase order to the manufacturer: one specification, a quantity, the day expected.
CREATE TABLE factory_orders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id BIGINT NOT NULL REFERENCES dealer_groups(id),
    store_id BIGINT NOT NULL REFERENCES stores(id),
    trim_id BIGINT NOT NULL REFERENCES trims(id),
    exterior_colour_id BIGINT NOT NULL REFERENCES colours(id),
    interior_colour_id BIGINT REFERENCES colours(id),
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    expected_on DATE,
    -- draft (a suggestion made into an order, not sent), placed, closed, cancelled
    status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES users(id),
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX factory_orders_store ON factory_orders (store_id, status, created_at);

-- The customer orders a factory order is for: an order waits on at most one factory order.
CREATE TABLE factory_order_links (
    factory_order_id BIGINT NOT NULL REFERENCES factory_orders(id),
    order_id BIGINT NOT NULL REFERENCES orders(id),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (factory_order_id, order_id)
);
CREATE UNIQUE INDEX factory_order_links_order ON factory_order_links (order_id);

-- The factory order a vehicle was announced on (its VIN is what receiving expects).
ALTER TABLE vehicles ADD COLUMN factory_order_id BIGINT REFERENCES factory_orders(id);
CREATE INDEX vehicles_factory_order ON vehicles (factory_order_id);

-- A truck: from the factory (`from_store_id` empty) or from another store of the group, to
-- `store_id`. Status: in_transit, arrived (at the gate), received (every VIN checked in). Its
-- number (SH-YYYYMMDD-id), like a factory order's (FO-...), is made from its day and id.
CREATE TABLE shipments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id BIGINT NOT NULL REFERENCES dealer_groups(id),
    store_id BIGINT NOT NULL REFERENCES stores(id),
    from_store_id BIGINT REFERENCES stores(id),
    carrier TEXT NOT NULL,
    tracking_no TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    eta DATE,
    shipped_at TIMESTAMP NOT NULL,
    arrived_at TIMESTAMP,
    received_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX shipments_store ON shipments (store_id, status, eta);

-- The vehicles a shipment carries and, once checked in, where and in what condition.
CREATE TABLE shipment_vehicles (
    shipment_id BIGINT NOT NULL REFERENCES shipments(id),
    vehicle_id BIGINT NOT NULL REFERENCES vehicles(id),
    received_at TIMESTAMP,
    received_by BIGINT REFERENCES users(id),
    location_id BIGINT REFERENCES locations(id),
    -- the arrival inspection: ok or damaged, with what was seen
    inspection TEXT,
    inspection_note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (shipment_id, vehicle_id)
);
CREATE INDEX shipment_vehicles_vehicle ON shipment_vehicles (vehicle_id);

-- The carrier's updates: status, new ETA, a note.
CREATE TABLE shipment_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    shipment_id BIGINT NOT NULL REFERENCES shipments(id),
    at TIMESTAMP NOT NULL,
    actor_id BIGINT REFERENCES users(id),
    status TEXT NOT NULL,
    eta DATE,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX shipment_events_shipment ON shipment_events (shipment_id, at);

-- A transfer of vehicles from one store of the group to another: requested by the sending
-- store's logistics, approved by its general manager (not the requester), shipped on a truck
-- (a shipment from the store), checked in at the receiving store's gate. The store's aging
-- restarts there; the group's does not. Status: requested, approved, rejected, shipped,
-- received, cancelled.
CREATE TABLE transfers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id BIGINT NOT NULL REFERENCES dealer_groups(id),
    from_store_id BIGINT NOT NULL REFERENCES stores(id),
    to_store_id BIGINT NOT NULL REFERENCES stores(id),
    status TEXT NOT NULL,
    reason TEXT NOT NULL,
    requested_by BIGINT NOT NULL REFERENCES users(id),
    decided_by BIGINT REFERENCES users(id),
    decision_note TEXT NOT NULL DEFAULT '',
    shipment_id BIGINT REFERENCES shipments(id),
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (from_store_id <> to_store_id)
);
CREATE INDEX transfers_from ON transfers (from_store_id, status);
CREATE INDEX transfers_to ON transfers (to_store_id, status);

CREATE TABLE transfer_vehicles (
    transfer_id BIGINT NOT NULL REFERENCES transfers(id),
    vehicle_id BIGINT NOT NULL REFERENCES vehicles(id),
    PRIMARY KEY (transfer_id, vehicle_id)
);
CREATE INDEX transfer_vehicles_vehicle ON transfer_vehicles (vehicle_id);

-- Low and high stock thresholds of a store for a model or a trim, with the level last seen by
-- the background check: an alert is raised when the level enters low or high, once per
-- crossing, not at every check.
CREATE TABLE stock_thresholds (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    store_id BIGINT NOT NULL REFERENCES stores(id),
    model_id BIGINT REFERENCES vehicle_models(id),
    trim_id BIGINT REFERENCES trims(id),
    low_count BIGINT,
    high_count BIGINT,
    level TEXT NOT NULL DEFAULT 'normal',
    level_since TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK ((model_id IS NULL) <> (trim_id IS NULL)),
    CHECK (low_count IS NULL OR low_count >= 0),
    CHECK (high_count IS NULL OR high_count >= 0)
);
CREATE UNIQUE INDEX stock_thresholds_model ON stock_thresholds (store_id, model_id) WHERE model_id IS NOT NULL;
CREATE UNIQUE INDEX stock_thresholds_trim ON stock_thresholds (store_id, trim_id) WHERE trim_id IS NOT NULL;

-- The alerts raised: which threshold, which way, the count then.
CREATE TABLE stock_alerts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    store_id BIGINT NOT NULL REFERENCES stores(id),
    threshold_id BIGINT NOT NULL REFERENCES stock_thresholds(id),
    level TEXT NOT NULL,
    stock_count BIGINT NOT NULL,
    raised_at TIMESTAMP NOT NULL
);
CREATE INDEX stock_alerts_store ON stock_alerts (store_id, raised_at);

-- The stock queries at a group's scale (100,000 vehicles, bench `stock`): a VIN's last
-- characters within a store; the overview's counts and the aging report read from covering
-- indexes instead of the rows; the slowest vehicles in index order.
CREATE INDEX vehicles_store_vin_reversed ON vehicles (store_id, vin_reversed);
CREATE INDEX vehicles_stock_counts ON vehicles (store_id, usage, whereabouts, trim_id, exterior_colour_id, commitment);
CREATE INDEX vehicles_store_aging ON vehicles (store_id, usage, whereabouts, store_received_on, cost_fen);
CREATE INDEX vehicles_group_aging ON vehicles (store_id, usage, whereabouts, first_received_on, cost_fen);
-- An order's candidates: its exact specification in the store, where they are, oldest first.
CREATE INDEX vehicles_candidates ON vehicles (store_id, trim_id, exterior_colour_id, whereabouts, store_received_on);
