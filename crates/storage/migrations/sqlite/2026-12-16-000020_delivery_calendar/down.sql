DROP TABLE delivery_bookings;
DROP TABLE delivery_hours;
