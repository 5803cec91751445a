-- Notifications, complete (issue 30): what staff are told appears in the app (the bell) as well
-- as by e-mail or SMS, as each person chose per kind of message; a store's administrator rewords
-- a message per language.
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    store_id BIGINT NOT NULL REFERENCES stores(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    -- The message's key in the locale files (mail-order-approved, ...).
    notice TEXT NOT NULL,
    text TEXT NOT NULL,
    -- A path inside the app (/orders/12), or nothing.
    link TEXT,
    created_at TIMESTAMP NOT NULL,
    read_at TIMESTAMP
);
CREATE INDEX notifications_user ON notifications (user_id, created_at);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;

CREATE TABLE notice_preferences (
    user_id BIGINT NOT NULL REFERENCES users(id),
    notice TEXT NOT NULL,
    in_app BOOLEAN NOT NULL,
    email BOOLEAN NOT NULL,
    sms BOOLEAN NOT NULL,
    PRIMARY KEY (user_id, notice)
);

CREATE TABLE notice_templates (
    store_id BIGINT NOT NULL REFERENCES stores(id),
    notice TEXT NOT NULL,
    locale TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    sms TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (store_id, notice, locale)
);
