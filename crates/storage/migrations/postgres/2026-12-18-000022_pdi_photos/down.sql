DROP TABLE pdi_photos;
