ALTER TABLE repair_parts DROP COLUMN issued;
DROP TABLE part_movements;
DROP TABLE part_requests;
DROP TABLE purchase_order_lines;
DROP TABLE purchase_orders;
DROP TABLE part_purchase_numbers;
DROP TABLE part_stock;
DROP TABLE parts;
