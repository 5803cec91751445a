DROP INDEX contracts_in_force;
DROP INDEX contracts_pending;
CREATE UNIQUE INDEX contracts_current ON contracts (order_id) WHERE status <> 'superseded';
DROP TABLE change_orders;
