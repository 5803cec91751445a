-- A store may accept VINs whose check digit does not match (imports), each marked unchecked.
ALTER TABLE stores ADD COLUMN accept_unchecked_vins BOOLEAN NOT NULL DEFAULT FALSE;
