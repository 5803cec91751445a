DROP TABLE handovers;
DROP TABLE pdi_inspections;
