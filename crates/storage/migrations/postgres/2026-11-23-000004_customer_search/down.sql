DROP INDEX customers_mobile_trgm;
DROP INDEX customers_name_trgm;
