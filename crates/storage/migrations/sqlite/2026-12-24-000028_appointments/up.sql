-- Service appointments (issue 31): a car booked into a slot of the store's workshop day, each slot
-- holding as many cars as the store has bays (one bay per car: a unique index over the bays of a
-- slot's live appointments), a day holding the work its technicians' hours can do.
ALTER TABLE service_settings ADD COLUMN bays INTEGER NOT NULL DEFAULT 4 CHECK (bays BETWEEN 1 AND 50);

CREATE TABLE appointments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    store_id BIGINT NOT NULL REFERENCES stores(id),
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    customer_vehicle_id BIGINT NOT NULL REFERENCES customer_vehicles(id),
    -- The service advisor who will receive the car (the owner for the data scope).
    advisor_id BIGINT NOT NULL REFERENCES users(id),
    -- The store's day and the slot's start, in the store's time.
    day DATE NOT NULL,
    starts_at TEXT NOT NULL,
    -- The bay the car holds in its slot: 1 to the store's bays.
    bay INTEGER NOT NULL CHECK (bay >= 1),
    -- What the customer asks for, in their words, and the standard hours it is expected to take.
    requested_work TEXT NOT NULL,
    hours_x100 INTEGER NOT NULL CHECK (hours_x100 BETWEEN 10 AND 2400),
    mileage_km BIGINT CHECK (mileage_km BETWEEN 0 AND 3000000),
    -- booked | arrived | no_show | cancelled
    status TEXT NOT NULL,
    -- Booked by staff, by the customer on their link, or through the API.
    source TEXT NOT NULL,
    repair_order_id BIGINT REFERENCES repair_orders(id),
    cancel_reason TEXT NOT NULL DEFAULT '',
    reminded_at TIMESTAMP,
    created_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX appointments_bay ON appointments (store_id, day, starts_at, bay) WHERE status IN ('booked', 'arrived');
CREATE INDEX appointments_store_day ON appointments (store_id, day, starts_at);
CREATE INDEX appointments_vehicle ON appointments (customer_vehicle_id);
