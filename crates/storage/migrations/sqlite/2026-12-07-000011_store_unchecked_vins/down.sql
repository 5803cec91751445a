ALTER TABLE stores DROP COLUMN accept_unchecked_vins;
