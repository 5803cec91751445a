//! Black-box HTTP tests through the real router, on a fresh database per test. The same suite
//! runs against PostgreSQL when AUTODMS_TEST_DATABASE is set (see tests/run-all).

mod admin;
mod api;
mod appointments;
mod auth;
mod billing;
mod calendar;
mod catalogue;
mod changes;
mod console;
mod crm;
mod customer360;
mod customers;
mod delivery;
mod delivery_calendar;
mod delivery_followups;
mod delivery_photos;
mod demo;
mod erasure;
mod finance;
mod fixtures;
mod integrity;
mod inventory;
mod logistics;
mod messages;
mod notifications;
mod ops;
mod orders;
mod parts;
mod routes;
mod scope;
mod service;
mod signing;
mod smtp;
mod stages;
mod support;
