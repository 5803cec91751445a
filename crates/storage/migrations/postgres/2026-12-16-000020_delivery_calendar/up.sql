-- The delivery calendar (issue 30): each store's delivery hours and bays, and the bookings of its
-- handovers. A bay holds one booking per slot and an order one booking at a time (the partial
-- unique indexes), so two clients booking the last bay cannot both get it.
CREATE TABLE delivery_hours (
    store_id BIGINT PRIMARY KEY REFERENCES stores(id),
    -- Minutes after midnight, the store's wall clock.
    opens_min INTEGER NOT NULL CHECK (opens_min BETWEEN 0 AND 1439),
    closes_min INTEGER NOT NULL CHECK (closes_min BETWEEN 1 AND 1440),
    slot_min INTEGER NOT NULL CHECK (slot_min BETWEEN 30 AND 240),
    bays INTEGER NOT NULL CHECK (bays BETWEEN 1 AND 20),
    updated_by BIGINT NOT NULL REFERENCES users(id),
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE delivery_bookings (
    id BIGSERIAL PRIMARY KEY,
    store_id BIGINT NOT NULL REFERENCES stores(id),
    order_id BIGINT NOT NULL REFERENCES orders(id),
    day DATE NOT NULL,
    start_min INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1439),
    bay INTEGER NOT NULL CHECK (bay >= 1),
    -- booked | moved | cancelled | done
    status TEXT NOT NULL,
    -- Who booked it: a staff member (booked_by) or the buyer on their page (booked_by NULL).
    booked_by BIGINT REFERENCES users(id),
    note TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    ended_at TIMESTAMP
);
CREATE UNIQUE INDEX delivery_bookings_bay ON delivery_bookings (store_id, day, start_min, bay) WHERE status = 'booked';
CREATE UNIQUE INDEX delivery_bookings_order ON delivery_bookings (order_id) WHERE status = 'booked';
CREATE INDEX delivery_bookings_day ON delivery_bookings (store_id, day);
