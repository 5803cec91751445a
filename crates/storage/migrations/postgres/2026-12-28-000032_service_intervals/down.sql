DROP TABLE service_intervals;
