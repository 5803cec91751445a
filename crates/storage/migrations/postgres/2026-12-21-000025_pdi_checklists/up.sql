-- Checklist templates per store (issue 30): a store switches standard PDI items off and adds
-- items of its own (with their label, section and the cars they are for), kept by its
-- administrator or general manager. A store without rows checks the standard list.
CREATE TABLE pdi_checklist_items (
    id BIGSERIAL PRIMARY KEY,
    store_id BIGINT NOT NULL REFERENCES stores(id),
    -- A standard item's key (a row only when switched off or on again), or own_<n>.
    key TEXT NOT NULL,
    section TEXT NOT NULL,
    -- An own item's words; a standard item's are the locale files'.
    label TEXT,
    applies TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by BIGINT NOT NULL REFERENCES users(id),
    UNIQUE (store_id, key)
);
