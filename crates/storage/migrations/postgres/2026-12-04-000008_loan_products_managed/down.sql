ALTER TABLE loan_products DROP COLUMN version;
