-- Leads and follow-ups (issue 17): the inquiry recorded on the standard form, its stage and
-- intent tier, the advisor who owns it, the follow-ups planned and logged, the lost request.

-- Days between follow-ups per intent tier, per store. A tier without a row keeps the cadence a
-- store starts with (`Tier::default_cadence_days`).
CREATE TABLE lead_cadences (
    store_id BIGINT NOT NULL REFERENCES stores(id),
    tier TEXT NOT NULL,
    days INTEGER NOT NULL CHECK (days BETWEEN 1 AND 90),
    updated_by BIGINT REFERENCES users(id),
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (store_id, tier)
);

-- Sales advisors taking new leads in turn (round-robin): an advisor without a row is on duty;
-- the one assigned longest ago (or never) is next.
CREATE TABLE lead_duty (
    user_id BIGINT PRIMARY KEY REFERENCES users(id),
    store_id BIGINT NOT NULL REFERENCES stores(id),
    on_duty BOOLEAN NOT NULL DEFAULT TRUE,
    last_assigned_at TIMESTAMP
);

CREATE TABLE leads (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    store_id BIGINT NOT NULL REFERENCES stores(id),
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    -- The advisor working it (the data scope's owner).
    owner_id BIGINT NOT NULL REFERENCES users(id),
    channel TEXT NOT NULL,
    stage TEXT NOT NULL,
    tier TEXT NOT NULL,
    budget_fen BIGINT CHECK (budget_fen >= 0),
    timeframe TEXT NOT NULL,
    payment_intention TEXT NOT NULL,
    trade_in_brand TEXT NOT NULL DEFAULT '',
    trade_in_model TEXT NOT NULL DEFAULT '',
    trade_in_year INTEGER,
    trade_in_mileage_km INTEGER CHECK (trade_in_mileage_km >= 0),
    notes TEXT NOT NULL DEFAULT '',
    -- The website's or lead platform's own reference of a pushed lead (one lead per reference).
    external_ref TEXT,
    -- The open follow-up's day, kept with `follow_ups` in the same write (lists sort by it).
    next_follow_up_on DATE,
    last_contact_at TIMESTAMP,
    -- The advisor's request to give it up (战败) and the manager's decision.
    lost_reason TEXT,
    lost_competitor TEXT NOT NULL DEFAULT '',
    lost_note TEXT NOT NULL DEFAULT '',
    lost_requested_by BIGINT REFERENCES users(id),
    lost_requested_at TIMESTAMP,
    lost_decided_by BIGINT REFERENCES users(id),
    -- The order it became.
    order_id BIGINT REFERENCES orders(id),
    created_by BIGINT NOT NULL REFERENCES users(id),
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX leads_store_owner ON leads (store_id, owner_id, stage);
CREATE INDEX leads_store_created ON leads (store_id, created_at);
CREATE INDEX leads_customer ON leads (customer_id);
CREATE UNIQUE INDEX leads_external_ref ON leads (store_id, external_ref);
CREATE UNIQUE INDEX leads_order ON leads (order_id);
-- Lost requests waiting for a manager.
CREATE INDEX leads_lost_pending ON leads (store_id, lost_requested_at) WHERE lost_requested_by IS NOT NULL;

-- The catalogue models a lead is interested in.
CREATE TABLE lead_models (
    lead_id BIGINT NOT NULL REFERENCES leads(id),
    model_id BIGINT NOT NULL REFERENCES vehicle_models(id),
    PRIMARY KEY (lead_id, model_id)
);

-- Follow-ups: planned (`done_at` empty, at most one per lead) and logged contacts.
CREATE TABLE follow_ups (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    lead_id BIGINT NOT NULL REFERENCES leads(id),
    store_id BIGINT NOT NULL REFERENCES stores(id),
    -- Who is to make (or made) the contact: the lead's owner when planned.
    owner_id BIGINT NOT NULL REFERENCES users(id),
    due_on DATE NOT NULL,
    done_at TIMESTAMP,
    kind TEXT,
    outcome TEXT,
    note TEXT NOT NULL DEFAULT '',
    next_step TEXT NOT NULL DEFAULT '',
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX follow_ups_open ON follow_ups (lead_id) WHERE done_at IS NULL;
-- An advisor's day list, and the overdue counts per advisor (range counts per owner).
CREATE INDEX follow_ups_due ON follow_ups (store_id, owner_id, due_on) WHERE done_at IS NULL;
CREATE INDEX follow_ups_lead ON follow_ups (lead_id, id);

-- The morning digest of follow-ups, once per store and day: the row is claimed in the same
-- transaction as the e-mails it queues, so two instances never send it twice.
CREATE TABLE follow_up_digests (
    store_id BIGINT NOT NULL REFERENCES stores(id),
    day DATE NOT NULL,
    sent_at TIMESTAMP NOT NULL,
    mails INTEGER NOT NULL,
    PRIMARY KEY (store_id, day)
);

-- Test drives: a demo car (vehicles.usage = demo) for a slot, by a licensed driver whose licence
-- number (the holder's ID number) is kept encrypted like an ID number, with its last characters
-- for the screen.
CREATE TABLE test_drives (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    store_id BIGINT NOT NULL REFERENCES stores(id),
    lead_id BIGINT NOT NULL REFERENCES leads(id),
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    vehicle_id BIGINT NOT NULL REFERENCES vehicles(id),
    owner_id BIGINT NOT NULL REFERENCES users(id),
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL CHECK (ends_at > starts_at),
    licence_enc TEXT NOT NULL,
    licence_tail TEXT NOT NULL,
    licence_expires_on DATE NOT NULL,
    -- booked, out, returned, cancelled
    status TEXT NOT NULL,
    out_at TIMESTAMP,
    out_km INTEGER CHECK (out_km >= 0),
    returned_at TIMESTAMP,
    return_km INTEGER CHECK (return_km >= 0),
    -- liked, neutral, disliked
    verdict TEXT,
    impression TEXT NOT NULL DEFAULT '',
    cancel_reason TEXT NOT NULL DEFAULT '',
    created_by BIGINT NOT NULL REFERENCES users(id),
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX test_drives_vehicle ON test_drives (vehicle_id, starts_at);
CREATE INDEX test_drives_customer ON test_drives (customer_id, starts_at);
CREATE INDEX test_drives_store ON test_drives (store_id, starts_at);
CREATE INDEX test_drives_lead ON test_drives (lead_id);
