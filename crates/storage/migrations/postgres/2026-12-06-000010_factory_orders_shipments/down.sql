DROP TABLE transfer_vehicles;
DROP TABLE transfers;
DROP TABLE shipment_events;
DROP TABLE shipment_vehicles;
DROP TABLE shipments;
DROP INDEX vehicles_factory_order;
ALTER TABLE vehicles DROP COLUMN factory_order_id;
DROP TABLE factory_order_links;
DROP TABLE factory_orders;
