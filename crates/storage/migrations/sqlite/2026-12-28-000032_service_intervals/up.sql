-- The maker's maintenance schedule per model (group data): the first service after delivery
-- and periodic maintenance, each whichever of months or kilometres comes first. A model without
-- a row uses 6 months / 5,000 km, then 12 months / 10,000 km.
CREATE TABLE service_intervals (
    model_id BIGINT PRIMARY KEY REFERENCES vehicle_models(id),
    first_months INTEGER NOT NULL CHECK (first_months BETWEEN 1 AND 60),
    first_km BIGINT NOT NULL CHECK (first_km BETWEEN 500 AND 100000),
    periodic_months INTEGER NOT NULL CHECK (periodic_months BETWEEN 1 AND 60),
    periodic_km BIGINT NOT NULL CHECK (periodic_km BETWEEN 500 AND 100000),
    updated_by BIGINT NOT NULL REFERENCES users(id),
    updated_at TIMESTAMP NOT NULL
);
