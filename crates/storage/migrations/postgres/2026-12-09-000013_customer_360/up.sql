-- The customer 360 (issue 17): tags and preferences, consent to marketing messages with its
-- source and date (PIPL), anonymisation on the customer's request, and the rules that turn
-- purchases into a value tier.

-- Tags as typed, comma-separated ("老客户,二胎家庭"); searched with the profile.
ALTER TABLE customers ADD COLUMN tags TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN pref_colour TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN pref_configuration TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN pref_contact_time TEXT NOT NULL DEFAULT 'any';
-- Marketing messages go only to customers who agreed; the source and the time are evidence.
ALTER TABLE customers ADD COLUMN marketing_consent BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE customers ADD COLUMN consent_source TEXT;
ALTER TABLE customers ADD COLUMN consent_at TIMESTAMP;
-- Set when the personal data was erased on request; the orders, contracts and invoices stay.
ALTER TABLE customers ADD COLUMN anonymised_at TIMESTAMP;

-- A store's value-tier rules; a tier without a row keeps `ValueTier::default_rule`.
CREATE TABLE customer_value_rules (
    store_id BIGINT NOT NULL REFERENCES stores(id),
    tier TEXT NOT NULL,
    min_purchases INTEGER NOT NULL CHECK (min_purchases >= 1),
    min_spend_fen BIGINT NOT NULL CHECK (min_spend_fen >= 0),
    updated_by BIGINT REFERENCES users(id),
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (store_id, tier)
);

