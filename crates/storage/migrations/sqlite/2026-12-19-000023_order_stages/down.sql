DROP TABLE stage_limits;
DROP TABLE order_stages;
