DROP TABLE loans;
