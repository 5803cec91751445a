-- Stage time limits (issue 30): each stage an order goes through, entered and left as it
-- happens (the analytics' cycle times read these), and per store the limits of the stages that
-- wait on someone: past the first the owner is reminded, past the second the general manager hears.
CREATE TABLE order_stages (
    id BIGSERIAL PRIMARY KEY,
    order_id BIGINT NOT NULL REFERENCES orders(id),
    store_id BIGINT NOT NULL REFERENCES stores(id),
    status TEXT NOT NULL,
    entered_at TIMESTAMP NOT NULL,
    left_at TIMESTAMP,
    -- When the owner was reminded, the general manager told: each once per stage.
    reminded_at TIMESTAMP,
    escalated_at TIMESTAMP,
    CHECK (left_at IS NULL OR left_at >= entered_at)
);
CREATE INDEX order_stages_order ON order_stages (order_id, entered_at);
CREATE UNIQUE INDEX order_stages_open ON order_stages (order_id) WHERE left_at IS NULL;
CREATE INDEX order_stages_waiting ON order_stages (store_id, status, entered_at) WHERE left_at IS NULL;

CREATE TABLE stage_limits (
    store_id BIGINT NOT NULL REFERENCES stores(id),
    status TEXT NOT NULL,
    remind_hours INTEGER NOT NULL CHECK (remind_hours > 0),
    escalate_hours INTEGER NOT NULL CHECK (escalate_hours > remind_hours),
    updated_at TIMESTAMP NOT NULL,
    updated_by BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (store_id, status)
);

-- The stages so far, from the orders' timelines: each move of status opens a stage that the next
-- move closes; an order whose timeline shows no move is in its status since it was created.
INSERT INTO order_stages (order_id, store_id, status, entered_at, left_at)
SELECT s.order_id, o.store_id, s.status, s.entered_at, s.left_at
FROM (
    SELECT m.order_id, m.to_status AS status, m.at AS entered_at,
           LEAD(m.at) OVER (PARTITION BY m.order_id ORDER BY m.at, m.id) AS left_at
    FROM order_events m
    WHERE m.action IN ('created', 'copied') OR (m.from_status IS NOT NULL AND m.from_status <> m.to_status)
) s
JOIN orders o ON o.id = s.order_id;

INSERT INTO order_stages (order_id, store_id, status, entered_at)
SELECT o.id, o.store_id, o.status, o.updated_at
FROM orders o
WHERE NOT EXISTS (SELECT 1 FROM order_stages s WHERE s.order_id = o.id AND s.left_at IS NULL);
