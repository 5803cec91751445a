DROP TABLE test_drives;
DROP TABLE follow_up_digests;
DROP TABLE follow_ups;
DROP TABLE lead_models;
DROP TABLE leads;
DROP TABLE lead_duty;
DROP TABLE lead_cadences;
