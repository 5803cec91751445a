DROP TABLE repair_events;
DROP TABLE repair_parts;
DROP TABLE repair_jobs;
DROP TABLE repair_orders;
DROP TABLE repair_order_numbers;
DROP TABLE service_settings;
