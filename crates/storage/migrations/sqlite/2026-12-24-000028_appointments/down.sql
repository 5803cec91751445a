DROP TABLE appointments;
ALTER TABLE service_settings DROP COLUMN bays;
