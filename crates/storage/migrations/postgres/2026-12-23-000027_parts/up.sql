-- Parts (issue 31): the group's parts catalogue, each store's stock per warehouse and bin, the
-- ledger of every movement, the parts a repair order waits for (领料), and purchase orders to the
-- maker with their receiving.
CREATE TABLE parts (
    id BIGSERIAL PRIMARY KEY,
    group_id BIGINT NOT NULL REFERENCES dealer_groups(id),
    -- The maker's part number, upper case.
    part_no TEXT NOT NULL,
    name TEXT NOT NULL,
    -- What the 三包 clocks count repeats by, as on the repair order's line.
    system TEXT NOT NULL,
    -- The retail price per piece, in fen.
    list_price_fen BIGINT NOT NULL CHECK (list_price_fen BETWEEN 0 AND 100000000),
    -- The store's purchase price per piece, in fen.
    cost_fen BIGINT NOT NULL CHECK (cost_fen BETWEEN 0 AND 100000000),
    -- The models it fits, as the maker's parts book names them (empty: every model).
    fits TEXT NOT NULL DEFAULT '',
    -- The number that replaces this one (a supersession); this one is no longer ordered.
    superseded_by BIGINT REFERENCES parts(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    UNIQUE (group_id, part_no)
);
CREATE INDEX parts_name ON parts (group_id, name);

-- A store's stock of a part in one warehouse: never below zero, so that the last piece is issued
-- once (the decrement is conditional).
CREATE TABLE part_stock (
    id BIGSERIAL PRIMARY KEY,
    store_id BIGINT NOT NULL REFERENCES stores(id),
    part_id BIGINT NOT NULL REFERENCES parts(id),
    warehouse TEXT NOT NULL,
    bin TEXT NOT NULL DEFAULT '',
    on_hand INTEGER NOT NULL CHECK (on_hand >= 0),
    -- At or below this (counting what is on order), the part is to be reordered.
    reorder_point INTEGER NOT NULL DEFAULT 0 CHECK (reorder_point >= 0),
    reorder_qty INTEGER NOT NULL DEFAULT 0 CHECK (reorder_qty >= 0),
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    UNIQUE (store_id, part_id, warehouse)
);
CREATE INDEX part_stock_part ON part_stock (part_id);

CREATE TABLE part_purchase_numbers (
    store_id BIGINT NOT NULL REFERENCES stores(id),
    day TEXT NOT NULL,
    last_seq BIGINT NOT NULL,
    PRIMARY KEY (store_id, day)
);

-- A purchase order to the maker: drafted, ordered, received in one or several deliveries.
CREATE TABLE purchase_orders (
    id BIGSERIAL PRIMARY KEY,
    store_id BIGINT NOT NULL REFERENCES stores(id),
    number TEXT NOT NULL UNIQUE,
    supplier TEXT NOT NULL,
    status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    total_fen BIGINT NOT NULL DEFAULT 0,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    ordered_at TIMESTAMP,
    received_at TIMESTAMP,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX purchase_orders_store ON purchase_orders (store_id, status, id);

CREATE TABLE purchase_order_lines (
    id BIGSERIAL PRIMARY KEY,
    purchase_order_id BIGINT NOT NULL REFERENCES purchase_orders(id),
    part_id BIGINT NOT NULL REFERENCES parts(id),
    warehouse TEXT NOT NULL,
    quantity INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 99999),
    received INTEGER NOT NULL DEFAULT 0 CHECK (received >= 0 AND received <= quantity),
    unit_cost_fen BIGINT NOT NULL CHECK (unit_cost_fen >= 0),
    UNIQUE (purchase_order_id, part_id, warehouse)
);
CREATE INDEX purchase_order_lines_part ON purchase_order_lines (part_id);

-- A part a repair order's approved line needs from the store (领料): issued from a warehouse by
-- the parts clerk, returned to it when not used.
CREATE TABLE part_requests (
    id BIGSERIAL PRIMARY KEY,
    store_id BIGINT NOT NULL REFERENCES stores(id),
    repair_order_id BIGINT NOT NULL REFERENCES repair_orders(id),
    repair_part_id BIGINT NOT NULL UNIQUE REFERENCES repair_parts(id),
    part_id BIGINT NOT NULL REFERENCES parts(id),
    quantity INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 999),
    status TEXT NOT NULL,
    warehouse TEXT,
    issued_by BIGINT REFERENCES users(id),
    issued_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX part_requests_store ON part_requests (store_id, status, id);
CREATE INDEX part_requests_order ON part_requests (repair_order_id);

-- Every change of stock, signed: receipts and returns add, issues take.
CREATE TABLE part_movements (
    id BIGSERIAL PRIMARY KEY,
    store_id BIGINT NOT NULL REFERENCES stores(id),
    part_id BIGINT NOT NULL REFERENCES parts(id),
    warehouse TEXT NOT NULL,
    kind TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    -- The stock after the movement.
    balance INTEGER NOT NULL,
    repair_order_id BIGINT REFERENCES repair_orders(id),
    purchase_order_id BIGINT REFERENCES purchase_orders(id),
    note TEXT NOT NULL DEFAULT '',
    user_id BIGINT NOT NULL REFERENCES users(id),
    at TIMESTAMP NOT NULL
);
CREATE INDEX part_movements_part ON part_movements (store_id, part_id, id);

-- How many pieces of a repair order's part line are out of the store (service keeps its line).
ALTER TABLE repair_parts ADD COLUMN issued INTEGER NOT NULL DEFAULT 0;
