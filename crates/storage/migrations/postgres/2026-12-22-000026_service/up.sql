-- After-sales (issue 31): repair orders (工单) from reception to handover, their jobs and parts,
-- their steps, and the store's labour rate.
CREATE TABLE service_settings (
    store_id BIGINT PRIMARY KEY REFERENCES stores(id),
    -- The store's labour rate per standard hour, in fen.
    labour_rate_fen BIGINT NOT NULL CHECK (labour_rate_fen BETWEEN 0 AND 10000000),
    updated_by BIGINT NOT NULL REFERENCES users(id),
    updated_at TIMESTAMP NOT NULL
);

-- The last repair order number of a store per day (`{store}-WX{yyyymmdd}-{seq}`).
CREATE TABLE repair_order_numbers (
    store_id BIGINT NOT NULL REFERENCES stores(id),
    day TEXT NOT NULL,
    last_seq BIGINT NOT NULL,
    PRIMARY KEY (store_id, day)
);

CREATE TABLE repair_orders (
    id BIGSERIAL PRIMARY KEY,
    store_id BIGINT NOT NULL REFERENCES stores(id),
    number TEXT NOT NULL UNIQUE,
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    customer_vehicle_id BIGINT NOT NULL REFERENCES customer_vehicles(id),
    -- The car as received (kept when the customer's record of it changes).
    vin TEXT NOT NULL,
    plate TEXT,
    -- The service advisor who received the car: the owner for the data scope.
    owner_id BIGINT NOT NULL REFERENCES users(id),
    status TEXT NOT NULL,
    mileage_km BIGINT NOT NULL CHECK (mileage_km BETWEEN 0 AND 3000000),
    fuel_percent INTEGER NOT NULL CHECK (fuel_percent BETWEEN 0 AND 100),
    -- What the customer says is wrong, in their words.
    complaints TEXT NOT NULL,
    -- The walk-around at reception: scratches, dents, belongings left in the car.
    walkaround TEXT NOT NULL,
    -- The 三包 clocks run from this invoice date (sold here: the handover's; elsewhere: as on the
    -- customer's papers), from `km_at_start` on the odometer.
    warranty_from DATE,
    km_at_start BIGINT NOT NULL DEFAULT 0,
    -- When the customer was told the car would be ready.
    promised_at TIMESTAMP,
    received_on DATE NOT NULL,
    received_at TIMESTAMP NOT NULL,
    -- The last approval of the estimate: paper | link, and its total.
    approved_via TEXT,
    approved_total_fen BIGINT NOT NULL DEFAULT 0,
    qc_by BIGINT REFERENCES users(id),
    qc_at TIMESTAMP,
    qc_note TEXT NOT NULL DEFAULT '',
    settled_on DATE,
    -- The store's day the car left (handed over) or the order ended (cancelled).
    closed_on DATE,
    -- The customer's part is paid (confirmed by finance), or there is none.
    paid BOOLEAN NOT NULL DEFAULT FALSE,
    total_fen BIGINT NOT NULL DEFAULT 0,
    customer_fen BIGINT NOT NULL DEFAULT 0,
    cancel_reason TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX repair_orders_store_status ON repair_orders (store_id, status, id);
CREATE INDEX repair_orders_vehicle ON repair_orders (customer_vehicle_id, id);
CREATE INDEX repair_orders_vin ON repair_orders (vin, id);
CREATE INDEX repair_orders_customer ON repair_orders (customer_id, id);
CREATE INDEX repair_orders_store_day ON repair_orders (store_id, received_on);

CREATE TABLE repair_jobs (
    id BIGSERIAL PRIMARY KEY,
    repair_order_id BIGINT NOT NULL REFERENCES repair_orders(id),
    store_id BIGINT NOT NULL REFERENCES stores(id),
    name TEXT NOT NULL,
    -- What the 三包 clocks count repeats by.
    system TEXT NOT NULL,
    fault TEXT NOT NULL,
    -- Standard hours, in hundredths.
    hours_x100 INTEGER NOT NULL CHECK (hours_x100 BETWEEN 1 AND 9999),
    rate_fen BIGINT NOT NULL CHECK (rate_fen >= 0),
    amount_fen BIGINT NOT NULL CHECK (amount_fen >= 0),
    payer TEXT NOT NULL,
    approved BOOLEAN NOT NULL,
    status TEXT NOT NULL,
    technician_id BIGINT REFERENCES users(id),
    -- Hours the technician clocked, in hundredths.
    clocked_x100 INTEGER NOT NULL DEFAULT 0 CHECK (clocked_x100 BETWEEN 0 AND 9999),
    started_at TIMESTAMP,
    finished_at TIMESTAMP,
    -- Why quality control sent it back, the last time.
    rework_note TEXT NOT NULL DEFAULT '',
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX repair_jobs_order ON repair_jobs (repair_order_id, id);
CREATE INDEX repair_jobs_technician ON repair_jobs (technician_id, status);

CREATE TABLE repair_parts (
    id BIGSERIAL PRIMARY KEY,
    repair_order_id BIGINT NOT NULL REFERENCES repair_orders(id),
    part_no TEXT NOT NULL,
    name TEXT NOT NULL,
    system TEXT NOT NULL,
    quantity INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 999),
    unit_price_fen BIGINT NOT NULL CHECK (unit_price_fen >= 0),
    amount_fen BIGINT NOT NULL CHECK (amount_fen >= 0),
    payer TEXT NOT NULL,
    approved BOOLEAN NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX repair_parts_order ON repair_parts (repair_order_id, id);

-- What happened to a repair order, in order: the workshop's and the customer's page's timeline.
CREATE TABLE repair_events (
    id BIGSERIAL PRIMARY KEY,
    repair_order_id BIGINT NOT NULL REFERENCES repair_orders(id),
    step TEXT NOT NULL,
    note TEXT NOT NULL,
    -- Staff who did it; NULL: the customer on their link.
    user_id BIGINT REFERENCES users(id),
    at TIMESTAMP NOT NULL
);
CREATE INDEX repair_events_order ON repair_events (repair_order_id, id);
