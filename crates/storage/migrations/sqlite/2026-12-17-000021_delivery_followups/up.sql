-- Feedback at delivery and the follow-ups delivery schedules (issue 30): one survey per order,
-- answered by the buyer on their page; the 72-hour sales callback and a sales manager's call to a
-- detractor, each a task with its assignee and deadline, done with what was said.
CREATE TABLE delivery_surveys (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    store_id BIGINT NOT NULL REFERENCES stores(id),
    order_id BIGINT NOT NULL UNIQUE REFERENCES orders(id),
    advisor_score INTEGER NOT NULL CHECK (advisor_score BETWEEN 1 AND 5),
    handover_score INTEGER NOT NULL CHECK (handover_score BETWEEN 1 AND 5),
    overall_score INTEGER NOT NULL CHECK (overall_score BETWEEN 1 AND 5),
    nps INTEGER NOT NULL CHECK (nps BETWEEN 0 AND 10),
    -- The buyer's words; cleared by an erasure.
    comment TEXT NOT NULL,
    answered_at TIMESTAMP NOT NULL
);
CREATE INDEX delivery_surveys_store ON delivery_surveys (store_id, answered_at);

CREATE TABLE delivery_tasks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    store_id BIGINT NOT NULL REFERENCES stores(id),
    order_id BIGINT NOT NULL REFERENCES orders(id),
    -- callback | detractor
    kind TEXT NOT NULL,
    assignee_id BIGINT NOT NULL REFERENCES users(id),
    due_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    done_at TIMESTAMP,
    done_by BIGINT REFERENCES users(id),
    -- What the customer said; cleared by an erasure.
    outcome TEXT,
    CHECK ((done_at IS NULL) = (done_by IS NULL))
);
CREATE UNIQUE INDEX delivery_tasks_order_kind ON delivery_tasks (order_id, kind);
CREATE INDEX delivery_tasks_assignee ON delivery_tasks (assignee_id, done_at, due_at);
