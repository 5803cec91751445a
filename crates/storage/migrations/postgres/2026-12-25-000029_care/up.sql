-- Customer care (issue 31): callbacks (回访) and complaints (投诉), and the days China's State
-- Council announces as holidays or as working weekend days, from which complaint deadlines are
-- counted in working days.
CREATE TABLE public_days (
    day DATE PRIMARY KEY,
    -- holiday | workday
    kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name TEXT NOT NULL
);

-- A call customer service is to make: the day after a settled repair order, 72 hours after a
-- delivery, or to the owner of a car not seen for six months.
CREATE TABLE callbacks (
    id BIGSERIAL PRIMARY KEY,
    store_id BIGINT NOT NULL REFERENCES stores(id),
    -- service | delivery | dormant
    kind TEXT NOT NULL,
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    customer_vehicle_id BIGINT REFERENCES customer_vehicles(id),
    repair_order_id BIGINT REFERENCES repair_orders(id),
    order_id BIGINT REFERENCES orders(id),
    -- What the call is about, as the list shows it (a repair order's or an order's number, a plate).
    subject TEXT NOT NULL,
    -- The advisor whose work the call asks about (the owner for the data scope).
    owner_id BIGINT NOT NULL REFERENCES users(id),
    due_on DATE NOT NULL,
    -- open | done | unreachable
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    score INTEGER CHECK (score BETWEEN 1 AND 5),
    comment TEXT NOT NULL DEFAULT '',
    complaint_id BIGINT,
    called_by BIGINT REFERENCES users(id),
    called_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX callbacks_repair_order ON callbacks (repair_order_id) WHERE repair_order_id IS NOT NULL;
CREATE UNIQUE INDEX callbacks_order ON callbacks (order_id) WHERE order_id IS NOT NULL;
CREATE INDEX callbacks_store ON callbacks (store_id, status, due_on);
CREATE INDEX callbacks_customer ON callbacks (customer_id);
CREATE INDEX callbacks_vehicle ON callbacks (customer_vehicle_id, kind);

CREATE TABLE complaint_numbers (
    store_id BIGINT NOT NULL REFERENCES stores(id),
    day TEXT NOT NULL,
    last_seq BIGINT NOT NULL,
    PRIMARY KEY (store_id, day)
);

-- A complaint: with its owner until resolved, closed when the customer accepts the resolution.
CREATE TABLE complaints (
    id BIGSERIAL PRIMARY KEY,
    store_id BIGINT NOT NULL REFERENCES stores(id),
    number TEXT NOT NULL UNIQUE,
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    source TEXT NOT NULL,
    category TEXT NOT NULL,
    severity TEXT NOT NULL,
    description TEXT NOT NULL,
    owner_id BIGINT NOT NULL REFERENCES users(id),
    opened_on DATE NOT NULL,
    -- The last working day to answer by, from the severity.
    due_on DATE NOT NULL,
    -- open | resolved | closed
    status TEXT NOT NULL,
    escalated_at TIMESTAMP,
    resolution TEXT NOT NULL DEFAULT '',
    resolved_at TIMESTAMP,
    closed_at TIMESTAMP,
    repair_order_id BIGINT REFERENCES repair_orders(id),
    order_id BIGINT REFERENCES orders(id),
    callback_id BIGINT REFERENCES callbacks(id),
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX complaints_store ON complaints (store_id, status, due_on);
CREATE INDEX complaints_customer ON complaints (customer_id);

-- What happened to a complaint, in order: opened, resolved, accepted, reopened, reassigned,
-- escalated, with what was said.
CREATE TABLE complaint_events (
    id BIGSERIAL PRIMARY KEY,
    complaint_id BIGINT NOT NULL REFERENCES complaints(id),
    step TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    by_id BIGINT REFERENCES users(id),
    at TIMESTAMP NOT NULL
);
CREATE INDEX complaint_events_complaint ON complaint_events (complaint_id, id);

-- A reminder sent to a car's owner: its first service, periodic maintenance, the annual
-- inspection or the insurance renewal, once per car, kind and day due.
CREATE TABLE reminders (
    id BIGSERIAL PRIMARY KEY,
    store_id BIGINT NOT NULL REFERENCES stores(id),
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    customer_vehicle_id BIGINT NOT NULL REFERENCES customer_vehicles(id),
    -- first_service | periodic | inspection | insurance
    kind TEXT NOT NULL,
    due_on DATE NOT NULL,
    -- sent | not_sent | done
    status TEXT NOT NULL,
    -- sms | email, when sent; why not, when not sent
    note TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX reminders_once ON reminders (customer_vehicle_id, kind, due_on);
CREATE INDEX reminders_store ON reminders (store_id, due_on);

-- 2025 and 2026 as announced (国务院办公厅关于节假日安排的通知).
INSERT INTO public_days (day, kind, name) VALUES
    ('2025-01-01', 'holiday', '元旦'),
    ('2025-01-26', 'workday', '春节调休'),
    ('2025-01-28', 'holiday', '春节'), ('2025-01-29', 'holiday', '春节'), ('2025-01-30', 'holiday', '春节'),
    ('2025-01-31', 'holiday', '春节'), ('2025-02-01', 'holiday', '春节'), ('2025-02-02', 'holiday', '春节'),
    ('2025-02-03', 'holiday', '春节'), ('2025-02-04', 'holiday', '春节'),
    ('2025-02-08', 'workday', '春节调休'),
    ('2025-04-04', 'holiday', '清明节'), ('2025-04-05', 'holiday', '清明节'), ('2025-04-06', 'holiday', '清明节'),
    ('2025-04-27', 'workday', '劳动节调休'),
    ('2025-05-01', 'holiday', '劳动节'), ('2025-05-02', 'holiday', '劳动节'), ('2025-05-03', 'holiday', '劳动节'),
    ('2025-05-04', 'holiday', '劳动节'), ('2025-05-05', 'holiday', '劳动节'),
    ('2025-05-31', 'holiday', '端午节'), ('2025-06-01', 'holiday', '端午节'), ('2025-06-02', 'holiday', '端午节'),
    ('2025-09-28', 'workday', '国庆节调休'),
    ('2025-10-01', 'holiday', '国庆节、中秋节'), ('2025-10-02', 'holiday', '国庆节、中秋节'),
    ('2025-10-03', 'holiday', '国庆节、中秋节'), ('2025-10-04', 'holiday', '国庆节、中秋节'),
    ('2025-10-05', 'holiday', '国庆节、中秋节'), ('2025-10-06', 'holiday', '国庆节、中秋节'),
    ('2025-10-07', 'holiday', '国庆节、中秋节'), ('2025-10-08', 'holiday', '国庆节、中秋节'),
    ('2025-10-11', 'workday', '国庆节调休'),
    ('2026-01-01', 'holiday', '元旦'), ('2026-01-02', 'holiday', '元旦'), ('2026-01-03', 'holiday', '元旦'),
    ('2026-01-04', 'workday', '元旦调休'),
    ('2026-02-14', 'workday', '春节调休'),
    ('2026-02-15', 'holiday', '春节'), ('2026-02-16', 'holiday', '春节'), ('2026-02-17', 'holiday', '春节'),
    ('2026-02-18', 'holiday', '春节'), ('2026-02-19', 'holiday', '春节'), ('2026-02-20', 'holiday', '春节'),
    ('2026-02-21', 'holiday', '春节'), ('2026-02-22', 'holiday', '春节'), ('2026-02-23', 'holiday', '春节'),
    ('2026-02-28', 'workday', '春节调休'),
    ('2026-04-04', 'holiday', '清明节'), ('2026-04-05', 'holiday', '清明节'), ('2026-04-06', 'holiday', '清明节'),
    ('2026-05-01', 'holiday', '劳动节'), ('2026-05-02', 'holiday', '劳动节'), ('2026-05-03', 'holiday', '劳动节'),
    ('2026-05-04', 'holiday', '劳动节'), ('2026-05-05', 'holiday', '劳动节'),
    ('2026-05-09', 'workday', '劳动节调休'),
    ('2026-06-19', 'holiday', '端午节'), ('2026-06-20', 'holiday', '端午节'), ('2026-06-21', 'holiday', '端午节'),
    ('2026-09-20', 'workday', '国庆节调休'),
    ('2026-09-25', 'holiday', '中秋节'), ('2026-09-26', 'holiday', '中秋节'), ('2026-09-27', 'holiday', '中秋节'),
    ('2026-10-01', 'holiday', '国庆节'), ('2026-10-02', 'holiday', '国庆节'), ('2026-10-03', 'holiday', '国庆节'),
    ('2026-10-04', 'holiday', '国庆节'), ('2026-10-05', 'holiday', '国庆节'), ('2026-10-06', 'holiday', '国庆节'),
    ('2026-10-07', 'holiday', '国庆节'),
    ('2026-10-10', 'workday', '国庆节调休');
