-- PDI photos (issue 30), taken on a phone for an item of the checklist. Kept in the database so
-- that a backup of the database holds them; their bytes are read only when one is opened.
CREATE TABLE pdi_photos (
    id BIGSERIAL PRIMARY KEY,
    store_id BIGINT NOT NULL REFERENCES stores(id),
    order_id BIGINT NOT NULL REFERENCES orders(id),
    vehicle_id BIGINT NOT NULL REFERENCES vehicles(id),
    item_key TEXT NOT NULL,
    -- image/jpeg | image/png | image/heic, as the bytes say
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL CHECK (size_bytes > 0),
    sha256 TEXT NOT NULL,
    bytes BYTEA NOT NULL,
    uploaded_by BIGINT NOT NULL REFERENCES users(id),
    uploaded_at TIMESTAMP NOT NULL
);
CREATE INDEX pdi_photos_order ON pdi_photos (order_id, id);
