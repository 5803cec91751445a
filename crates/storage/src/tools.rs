//! Whole-database operations for the command line and the tests: empty every table, create a
//! PostgreSQL database.

use crate::DbConnection;
use crate::error::{StorageError, StorageResult};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;

/// Every table, children before parents: the order in which rows can be deleted.
/// (The dated reference data the migrations seed, VAT rates and purchase-tax rules, stays.)
const TABLES: [&str; 95] = [
    "loans",
    "service_intervals",
    "campaign_vehicles",
    "campaign_ranges",
    "campaign_vins",
    "campaigns",
    "reminders",
    "complaint_events",
    "complaints",
    "complaint_numbers",
    "callbacks",
    "part_movements",
    "part_requests",
    "purchase_order_lines",
    "purchase_orders",
    "part_purchase_numbers",
    "part_stock",
    "parts",
    "appointments",
    "repair_events",
    "repair_parts",
    "repair_jobs",
    "repair_orders",
    "repair_order_numbers",
    "service_settings",
    "pdi_checklist_items",
    "notifications",
    "notice_preferences",
    "notice_templates",
    "order_stages",
    "stage_limits",
    "pdi_photos",
    "delivery_tasks",
    "delivery_surveys",
    "delivery_bookings",
    "delivery_hours",
    "handovers",
    "pdi_inspections",
    "customer_vehicles",
    "customer_value_rules",
    "test_drives",
    "follow_up_digests",
    "follow_ups",
    "lead_models",
    "leads",
    "lead_duty",
    "lead_cadences",
    "stock_alerts",
    "stock_thresholds",
    "transfer_vehicles",
    "transfers",
    "shipment_events",
    "shipment_vehicles",
    "shipments",
    "vehicle_events",
    "vehicles",
    "factory_order_links",
    "factory_orders",
    "locations",
    "finance_idempotency",
    "change_orders",
    "invoices",
    "refunds",
    "payments",
    "billables",
    "receipt_sequences",
    "signing_codes",
    "signing_contacts",
    "contracts",
    "contract_templates",
    "order_status_counts",
    "order_requesters",
    "idempotency_keys",
    "outbox",
    "order_approvals",
    "approval_rules",
    "order_events",
    "order_items",
    "orders",
    "order_sequences",
    "option_trims",
    "catalogue_options",
    "colours",
    "trims",
    "vehicle_models",
    "brands",
    "customers",
    "audit_events",
    "api_tokens",
    "login_failures",
    "sessions",
    "users",
    "teams",
    "stores",
    "dealer_groups",
];

/// Deletes every business row (the `demo --reset` command). Migrations stay applied.
pub fn reset_all_data(conn: &mut DbConnection) -> StorageResult<()> {
    let tables = TABLES;
    let sql = match conn {
        DbConnection::Sqlite(_) => {
            let mut s: String = tables.iter().map(|t| format!("DELETE FROM {t};")).collect();
            s.push_str("DELETE FROM sqlite_sequence;");
            s
        }
        DbConnection::Postgres(_) => {
            format!("TRUNCATE {} RESTART IDENTITY CASCADE;", tables.join(", "))
        }
    };
    conn.batch_execute(&sql).map_err(StorageError::from_diesel)
}

/// Creates a PostgreSQL database (tests and first-time setup); `admin_url` names an existing one.
pub fn create_postgres_database(admin_url: &str, name: &str) -> StorageResult<String> {
    if !name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') {
        return Err(StorageError::Migration(format!("invalid database name {name}")));
    }
    let mut conn = PgConnection::establish(admin_url).map_err(|e| StorageError::Migration(e.to_string()))?;
    conn.batch_execute(&format!("CREATE DATABASE {name}")).map_err(StorageError::from_diesel)?;
    let base = admin_url.rsplit_once('/').map_or(admin_url, |(b, _)| b);
    Ok(format!("{base}/{name}"))
}

#[cfg(test)]
mod tests {
    /// A table added by a migration must be emptied by a reset (or kept on purpose): the list
    /// is compared with the schema.
    #[test]
    fn the_reset_names_every_table_of_the_schema() {
        let schema = include_str!("schema.rs");
        let mut tables: Vec<&str> =
            schema.split("table! {").skip(1).filter_map(|t| t.trim_start().split([' ', '(']).next()).collect();
        tables.sort_unstable();
        // Dated reference data that the migrations seed and a reset keeps.
        let kept = ["vat_rates", "purchase_tax_rules", "loan_products", "public_days"];
        let mut listed: Vec<&str> = super::TABLES.iter().chain(kept.iter()).copied().collect();
        listed.sort_unstable();
        assert_eq!(listed, tables);
    }
}
