-- Lenders' loan products are kept in the console (group data: one group per database), with
-- optimistic locking like every editable table.
ALTER TABLE loan_products ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
