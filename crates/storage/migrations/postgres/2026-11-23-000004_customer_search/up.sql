-- Search of customers by any part of their name or mobile number (the order and customer lists'
-- search box): trigram indexes (pg_trgm, a trusted extension that a database owner may create)
-- answer `lower(name) LIKE '%...%'` and `mobile LIKE '%...%'` for texts of three characters or more.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX customers_name_trgm ON customers USING gin (lower(name) gin_trgm_ops);
CREATE INDEX customers_mobile_trgm ON customers USING gin (mobile gin_trgm_ops);
