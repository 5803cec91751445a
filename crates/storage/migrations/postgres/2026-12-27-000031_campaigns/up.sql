-- Recalls (召回) and service campaigns (服务活动) from the maker (issue 31): group data, each
-- naming its cars by VIN (a list, or ranges of one production run's serial numbers).
CREATE TABLE campaigns (
    id BIGSERIAL PRIMARY KEY,
    group_id BIGINT NOT NULL REFERENCES dealer_groups(id),
    -- recall | service
    kind TEXT NOT NULL,
    -- The maker's number (a recall's SAMR filing number).
    code TEXT NOT NULL,
    title TEXT NOT NULL,
    -- What the workshop is to do.
    remedy TEXT NOT NULL,
    starts_on DATE NOT NULL,
    -- open | closed
    status TEXT NOT NULL,
    vin_count BIGINT NOT NULL DEFAULT 0,
    range_count BIGINT NOT NULL DEFAULT 0,
    -- The highest customer vehicle id already matched against the list.
    matched_through BIGINT NOT NULL DEFAULT 0,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    closed_at TIMESTAMP,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    UNIQUE (group_id, code)
);

CREATE TABLE campaign_vins (
    campaign_id BIGINT NOT NULL REFERENCES campaigns(id),
    vin TEXT NOT NULL,
    PRIMARY KEY (campaign_id, vin)
);
CREATE INDEX campaign_vins_vin ON campaign_vins (vin);

-- A range: positions 1-8 and 10-11 of its VINs (prefix) and the serials (12-17) it runs over.
CREATE TABLE campaign_ranges (
    id BIGSERIAL PRIMARY KEY,
    campaign_id BIGINT NOT NULL REFERENCES campaigns(id),
    prefix TEXT NOT NULL,
    serial_from TEXT NOT NULL,
    serial_to TEXT NOT NULL CHECK (serial_to >= serial_from)
);
CREATE INDEX campaign_ranges_prefix ON campaign_ranges (prefix);
CREATE INDEX campaign_ranges_campaign ON campaign_ranges (campaign_id);

-- A car a store serves that the campaign names: whether its owner was told, and the repair
-- order on which the work was done.
CREATE TABLE campaign_vehicles (
    id BIGSERIAL PRIMARY KEY,
    campaign_id BIGINT NOT NULL REFERENCES campaigns(id),
    store_id BIGINT NOT NULL REFERENCES stores(id),
    customer_vehicle_id BIGINT NOT NULL REFERENCES customer_vehicles(id),
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    vin TEXT NOT NULL,
    notified_at TIMESTAMP,
    done_at TIMESTAMP,
    repair_order_id BIGINT REFERENCES repair_orders(id),
    done_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    UNIQUE (campaign_id, customer_vehicle_id)
);
CREATE INDEX campaign_vehicles_store ON campaign_vehicles (store_id, campaign_id);
CREATE INDEX campaign_vehicles_vin ON campaign_vehicles (vin);
