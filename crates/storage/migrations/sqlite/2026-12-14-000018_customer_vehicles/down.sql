DROP TABLE customer_vehicles;
