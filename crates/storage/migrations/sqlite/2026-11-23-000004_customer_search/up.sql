-- Search of customers by any part of their name or mobile number (the order and customer lists'
-- search box): a trigram index, kept in step with the customers table by triggers. It answers
-- texts of three characters or more; shorter ones scan the store's names and numbers, which the
-- covering index below keeps to the index pages.
CREATE VIRTUAL TABLE customers_search USING fts5(
    name, mobile, content = 'customers', content_rowid = 'id', tokenize = 'trigram'
);
INSERT INTO customers_search (customers_search) VALUES ('rebuild');

CREATE TRIGGER customers_search_insert AFTER INSERT ON customers BEGIN
    INSERT INTO customers_search (rowid, name, mobile) VALUES (new.id, new.name, new.mobile);
END;
CREATE TRIGGER customers_search_delete AFTER DELETE ON customers BEGIN
    INSERT INTO customers_search (customers_search, rowid, name, mobile)
        VALUES ('delete', old.id, old.name, old.mobile);
END;
CREATE TRIGGER customers_search_update AFTER UPDATE OF name, mobile ON customers BEGIN
    INSERT INTO customers_search (customers_search, rowid, name, mobile)
        VALUES ('delete', old.id, old.name, old.mobile);
    INSERT INTO customers_search (rowid, name, mobile) VALUES (new.id, new.name, new.mobile);
END;

DROP INDEX customers_store_name;
CREATE INDEX customers_store_name ON customers (store_id, name, mobile);
