-- Customers' vehicles (issue 29): a car has an owner after delivery, and a car bought elsewhere
-- is added when it first comes in for service; after-sales finds it by VIN or plate. A store
-- keeps its own record of each car it knows (customers are a store's); a change of owner ends the
-- old record and starts a new one, so the history stays.
CREATE TABLE customer_vehicles (
    id BIGSERIAL PRIMARY KEY,
    store_id BIGINT NOT NULL REFERENCES stores(id),
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    vin TEXT NOT NULL,
    vin_checked BOOLEAN NOT NULL,
    plate TEXT,
    -- The make and model as the customer's papers name them ("比亚迪 汉 EV 2024款").
    description TEXT NOT NULL,
    -- The catalogue's trim when the car is one the group sells.
    trim_id BIGINT REFERENCES trims(id),
    -- sold_here | elsewhere
    origin TEXT NOT NULL,
    -- The store's stock record of a car sold here.
    vehicle_id BIGINT REFERENCES vehicles(id),
    registered_on DATE,
    owned_since DATE NOT NULL,
    owned_until DATE,
    mileage_km BIGINT CHECK (mileage_km >= 0),
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
-- One current owner per VIN and per plate in a store.
CREATE UNIQUE INDEX customer_vehicles_vin ON customer_vehicles (store_id, vin) WHERE owned_until IS NULL;
CREATE UNIQUE INDEX customer_vehicles_plate ON customer_vehicles (store_id, plate)
    WHERE owned_until IS NULL AND plate IS NOT NULL;
CREATE INDEX customer_vehicles_customer ON customer_vehicles (customer_id);

-- The cars delivered so far belong to their buyers from the day their order last changed (its delivery).
INSERT INTO customer_vehicles (store_id, customer_id, vin, vin_checked, description, trim_id, origin,
        vehicle_id, owned_since, created_by, created_at, updated_at)
    SELECT o.store_id, o.customer_id, v.vin, v.vin_checked,
        b.name || ' ' || m.name || ' ' || t.name, v.trim_id, 'sold_here', v.id,
        CAST(o.updated_at AS DATE), o.created_by, o.updated_at, o.updated_at
    FROM orders o
    JOIN vehicles v ON v.order_id = o.id
    JOIN trims t ON t.id = v.trim_id
    JOIN vehicle_models m ON m.id = t.model_id
    JOIN brands b ON b.id = m.brand_id
    WHERE o.delivered;
