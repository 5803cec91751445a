DROP TABLE reminders;
DROP TABLE complaint_events;
DROP TABLE complaints;
DROP TABLE complaint_numbers;
DROP TABLE callbacks;
DROP TABLE public_days;
