DROP TABLE customer_value_rules;
ALTER TABLE customers DROP COLUMN anonymised_at;
ALTER TABLE customers DROP COLUMN consent_at;
ALTER TABLE customers DROP COLUMN consent_source;
ALTER TABLE customers DROP COLUMN marketing_consent;
ALTER TABLE customers DROP COLUMN pref_contact_time;
ALTER TABLE customers DROP COLUMN pref_configuration;
ALTER TABLE customers DROP COLUMN pref_colour;
ALTER TABLE customers DROP COLUMN tags;
