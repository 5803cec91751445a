-- Vehicles by VIN (issue 16): where a store keeps them, each vehicle's whereabouts and what it is
-- promised to, and its history.

-- A store's places for vehicles: showroom, yard, off-site lot.
CREATE TABLE locations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    store_id BIGINT NOT NULL REFERENCES stores(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (store_id, name)
);

-- One row per VIN. `order_id` is set exactly when the vehicle is allocated (a check), and one
-- order has at most one vehicle (a partial unique index): two concurrent allocations of one VIN,
-- or of two VINs to one order, cannot both commit.
CREATE TABLE vehicles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id BIGINT NOT NULL REFERENCES dealer_groups(id),
    store_id BIGINT NOT NULL REFERENCES stores(id),
    vin TEXT NOT NULL,
    -- The VIN backwards, so that "the last 6 or 8 characters" is a prefix search on an index.
    vin_reversed TEXT NOT NULL,
    -- False when a store setting accepted it without a valid check digit (imports).
    vin_checked BOOLEAN NOT NULL,
    engine_no TEXT,
    certificate_no TEXT,
    custody TEXT NOT NULL,
    trim_id BIGINT NOT NULL REFERENCES trims(id),
    exterior_colour_id BIGINT NOT NULL REFERENCES colours(id),
    interior_colour_id BIGINT REFERENCES colours(id),
    production_date DATE,
    cost_fen BIGINT,
    list_price_fen BIGINT NOT NULL,
    whereabouts TEXT NOT NULL,
    commitment TEXT NOT NULL,
    order_id BIGINT REFERENCES orders(id),
    usage TEXT NOT NULL,
    location_id BIGINT REFERENCES locations(id),
    first_received_on DATE,
    store_received_on DATE,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK ((commitment = 'allocated') = (order_id IS NOT NULL))
);
CREATE UNIQUE INDEX vehicles_vin ON vehicles (vin);
CREATE UNIQUE INDEX vehicles_order ON vehicles (order_id) WHERE order_id IS NOT NULL;
CREATE INDEX vehicles_stock ON vehicles (store_id, whereabouts, trim_id, exterior_colour_id);
CREATE INDEX vehicles_vin_reversed ON vehicles (vin_reversed);

-- What happened to a vehicle, newest last: registered, shipped, received, allocated, released...
CREATE TABLE vehicle_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    vehicle_id BIGINT NOT NULL REFERENCES vehicles(id),
    at TIMESTAMP NOT NULL,
    actor_id BIGINT REFERENCES users(id),
    action TEXT NOT NULL,
    status TEXT NOT NULL,
    order_id BIGINT,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX vehicle_events_vehicle ON vehicle_events (vehicle_id, at);
