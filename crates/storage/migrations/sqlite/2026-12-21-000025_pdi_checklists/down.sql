DROP TABLE pdi_checklist_items;
