ALTER TABLE signing_codes DROP COLUMN issued_since;
ALTER TABLE signing_codes DROP COLUMN issued;
DROP TABLE signing_contacts;
