DROP TABLE vehicle_events;
DROP TABLE vehicles;
DROP TABLE locations;
