CREATE TABLE dealer_groups (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE stores (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id BIGINT NOT NULL REFERENCES dealer_groups(id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    brand_line TEXT,
    address TEXT,
    phone TEXT,
    timezone TEXT NOT NULL DEFAULT 'Asia/Shanghai',
    active BOOLEAN NOT NULL DEFAULT TRUE,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (group_id, code)
);

CREATE TABLE teams (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    store_id BIGINT NOT NULL REFERENCES stores(id),
    name TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (store_id, name)
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id BIGINT NOT NULL REFERENCES dealer_groups(id),
    store_id BIGINT NOT NULL REFERENCES stores(id),
    team_id BIGINT REFERENCES teams(id),
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    mobile TEXT,
    email TEXT,
    role TEXT NOT NULL,
    data_scope TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    locale TEXT NOT NULL DEFAULT 'zh-CN',
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX users_store ON users (store_id, team_id);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    store_id BIGINT NOT NULL REFERENCES stores(id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL,
    at TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_username ON login_failures (username, at);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id BIGINT NOT NULL REFERENCES dealer_groups(id),
    store_id BIGINT REFERENCES stores(id),
    actor_id BIGINT REFERENCES users(id),
    actor_name TEXT NOT NULL,
    at TIMESTAMP NOT NULL,
    action TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    changes TEXT NOT NULL
);
CREATE INDEX audit_events_group_at ON audit_events (group_id, at);
CREATE INDEX audit_events_entity ON audit_events (entity_type, entity_id);
CREATE INDEX audit_events_actor ON audit_events (actor_id, at);

CREATE TABLE brands (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id BIGINT NOT NULL REFERENCES dealer_groups(id),
    name TEXT NOT NULL,
    name_en TEXT,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (group_id, name)
);

CREATE TABLE vehicle_models (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id BIGINT NOT NULL REFERENCES dealer_groups(id),
    brand_id BIGINT NOT NULL REFERENCES brands(id),
    name TEXT NOT NULL,
    body_type TEXT,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (brand_id, name)
);

CREATE TABLE trims (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id BIGINT NOT NULL REFERENCES dealer_groups(id),
    model_id BIGINT NOT NULL REFERENCES vehicle_models(id),
    name TEXT NOT NULL,
    model_year INTEGER NOT NULL,
    msrp_fen BIGINT NOT NULL,
    floor_price_fen BIGINT,
    fuel_type TEXT NOT NULL,
    nev_catalogue BOOLEAN NOT NULL DEFAULT FALSE,
    seats INTEGER NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (model_id, name, model_year)
);

CREATE TABLE colours (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id BIGINT NOT NULL REFERENCES dealer_groups(id),
    model_id BIGINT NOT NULL REFERENCES vehicle_models(id),
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    code TEXT,
    extra_price_fen BIGINT NOT NULL DEFAULT 0,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (model_id, kind, name)
);

CREATE TABLE catalogue_options (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id BIGINT NOT NULL REFERENCES dealer_groups(id),
    model_id BIGINT NOT NULL REFERENCES vehicle_models(id),
    kind TEXT NOT NULL,
    code TEXT,
    name TEXT NOT NULL,
    price_fen BIGINT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (model_id, kind, name)
);

CREATE TABLE option_trims (
    option_id BIGINT NOT NULL REFERENCES catalogue_options(id) ON DELETE CASCADE,
    trim_id BIGINT NOT NULL REFERENCES trims(id),
    PRIMARY KEY (option_id, trim_id)
);

CREATE TABLE customers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    store_id BIGINT NOT NULL REFERENCES stores(id),
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    mobile TEXT NOT NULL,
    email TEXT,
    address TEXT,
    id_number_enc TEXT,
    id_number_tail TEXT,
    id_number_hash TEXT,
    credit_code TEXT,
    contact_person TEXT,
    notes TEXT,
    owner_id BIGINT NOT NULL REFERENCES users(id),
    created_by BIGINT NOT NULL REFERENCES users(id),
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (store_id, mobile)
);
CREATE INDEX customers_store_owner ON customers (store_id, owner_id);
CREATE INDEX customers_store_created ON customers (store_id, created_at);
CREATE INDEX customers_store_tail ON customers (store_id, id_number_tail);
CREATE INDEX customers_store_name ON customers (store_id, name);
