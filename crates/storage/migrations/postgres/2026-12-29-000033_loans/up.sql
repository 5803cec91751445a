-- Loaner cars (代步车, issue 31): a car of the store's loaner fleet (vehicles.usage = 'loaner')
-- lent to the customer of an open repair order, with the licence checked and the odometer and
-- fuel or charge level read out and back. One loan out per car and per repair order.
CREATE TABLE loans (
    id BIGSERIAL PRIMARY KEY,
    store_id BIGINT NOT NULL REFERENCES stores(id),
    repair_order_id BIGINT NOT NULL REFERENCES repair_orders(id),
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    vehicle_id BIGINT NOT NULL REFERENCES vehicles(id),
    driver_name TEXT NOT NULL,
    -- The licence number (the holder's ID number), sealed; its last four for the screen.
    licence_enc TEXT NOT NULL,
    licence_tail TEXT NOT NULL,
    licence_expires_on DATE NOT NULL,
    -- out | returned
    status TEXT NOT NULL,
    out_at TIMESTAMP NOT NULL,
    out_km BIGINT NOT NULL CHECK (out_km >= 0),
    out_fuel INTEGER NOT NULL CHECK (out_fuel BETWEEN 0 AND 100),
    due_on DATE NOT NULL,
    returned_at TIMESTAMP,
    return_km BIGINT,
    return_fuel INTEGER CHECK (return_fuel BETWEEN 0 AND 100),
    -- Scratches, a warning light, what the customer said.
    return_note TEXT NOT NULL DEFAULT '',
    lent_by BIGINT NOT NULL REFERENCES users(id),
    returned_by BIGINT REFERENCES users(id),
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);

CREATE UNIQUE INDEX loans_car_out ON loans (vehicle_id) WHERE status = 'out';
CREATE UNIQUE INDEX loans_order_out ON loans (repair_order_id) WHERE status = 'out';
CREATE INDEX loans_store ON loans (store_id, status, due_on);
CREATE INDEX loans_repair_order ON loans (repair_order_id);
