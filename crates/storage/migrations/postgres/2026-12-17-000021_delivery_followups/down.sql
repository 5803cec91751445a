DROP TABLE delivery_tasks;
DROP TABLE delivery_surveys;
