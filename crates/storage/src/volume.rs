//! Data-volume generation for the benchmarks: copies one real order `n` times with varied status,
//! date and amount, for one generated customer per four orders (as a store's books look after a
//! few years), in a few statements per backend (a million rows in seconds, not hours).

use crate::DbConnection;
use crate::error::{ClassifyExt, StorageResult};
use diesel::connection::SimpleConnection;

const COLUMNS: &str = "store_id, order_no, customer_id, owner_id, created_by, model_id, trim_id, channel, payment_method, \
    terms, quote, total_fen, discount_fen, discount_bp, gifts_fen, stage, approval_level, approval_levels, contract_signed, \
    money_received, paid_in_full, vehicle_fact, ready_for_delivery, delivered, status, version, created_at, updated_at";

/// (stage, status) pairs the copies cycle through.
const STATES: [(&str, &str); 12] = [
    ("draft", "draft"),
    ("awaiting_confirmation", "awaiting_confirmation"),
    ("awaiting_approval", "awaiting_approval"),
    ("approved", "approved"),
    ("approved", "contract_signed"),
    ("approved", "paid"),
    ("approved", "in_transit"),
    ("approved", "arrived"),
    ("approved", "delivered"),
    ("closed", "closed"),
    ("cancelled", "cancelled"),
    ("lost", "lost"),
];

fn case(column: usize) -> String {
    let arms: String = STATES
        .iter()
        .enumerate()
        .map(|(i, s)| format!(" WHEN {i} THEN '{}'", if column == 0 { s.0 } else { s.1 }))
        .collect();
    format!("CASE n % {}{arms} END", STATES.len())
}

/// Inserts `n` copies of order `template` (numbers `SO-BENCH-{i}`), spread over two years and over
/// `n / 4` generated customers of its store (mobiles `139` + eight digits, names `批量客户{i}`).
pub fn copy_orders(conn: &mut DbConnection, template: i64, n: i64) -> StorageResult<()> {
    let k = (n / 4).max(1);
    let sqlite = matches!(conn, DbConnection::Sqlite(_));
    let series = |m: i64| {
        if sqlite {
            format!(
                "(WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < {m}) SELECT n FROM seq) s"
            )
        } else {
            format!("generate_series(1, {m}) AS s(n)")
        }
    };
    let mobile = |e: &str| {
        if sqlite { format!("'139' || printf('%08d', {e})") } else { format!("'139' || lpad(({e})::text, 8, '0')") }
    };
    let customers = format!(
        "INSERT INTO customers (store_id, kind, name, mobile, owner_id, created_by, version, created_at, updated_at) \
         SELECT c.store_id, c.kind, '批量客户' || n, {}, c.owner_id, c.created_by, 1, c.created_at, c.updated_at \
         FROM {}, (SELECT customers.* FROM customers JOIN orders o ON o.customer_id = customers.id WHERE o.id = {template}) c \
         WHERE TRUE ON CONFLICT DO NOTHING",
        mobile("n"),
        series(k)
    );
    conn.batch_execute(&customers).classify()?;
    let (stage, status) = (case(0), case(1));
    let days = if sqlite {
        "datetime(t.created_at, '-' || (n % 730) || ' days', '-' || (n % 1440) || ' minutes')"
    } else {
        "t.created_at - make_interval(days => (n % 730)::int, mins => (n % 1440)::int)"
    };
    let orders = format!(
        "INSERT INTO orders ({COLUMNS}) \
         SELECT t.store_id, 'SO-BENCH-' || n, \
         (SELECT id FROM customers WHERE store_id = t.store_id AND mobile = {}), \
         t.owner_id, t.created_by, t.model_id, t.trim_id, t.channel, \
         t.payment_method, t.terms, t.quote, t.total_fen + (n % 50000) * 100, t.discount_fen, t.discount_bp, t.gifts_fen, \
         {stage}, 0, 0, FALSE, FALSE, FALSE, 'none', FALSE, FALSE, {status}, 1, {days}, {days} \
         FROM {}, (SELECT * FROM orders WHERE id = {template}) t",
        mobile(&format!("n % {k} + 1")),
        series(n)
    );
    conn.batch_execute(&orders).classify()?;
    conn.batch_execute(
        "DELETE FROM order_status_counts; INSERT INTO order_status_counts (store_id, owner_id, status, orders) \
         SELECT store_id, owner_id, status, COUNT(*) FROM orders GROUP BY store_id, owner_id, status;",
    )
    .classify()?;
    // Statistics for the planner after a bulk load (PostgreSQL's autovacuum would get there later).
    conn.batch_execute(if matches!(conn, DbConnection::Sqlite(_)) { "ANALYZE" } else { "ANALYZE orders, customers" })
        .classify()
}

/// A specification the generated vehicles cycle through: trim, exterior colour, list price.
pub type VehicleSpec = (i64, i64, i64);

/// Inserts `n` generated vehicles (VINs `LBENCH` + eleven digits, not check-digit valid, so
/// marked unchecked) over the group's `stores` and `specs`, as a group's books look: most in
/// stock and received over the past year, some on order, in transit, reserved or delivered.
/// Batches of 1,000 rows, so that a hundred thousand take seconds.
pub fn add_vehicles(
    conn: &mut DbConnection,
    group_id: i64,
    stores: &[i64],
    specs: &[VehicleSpec],
    today: chrono::NaiveDate,
    n: i64,
) -> StorageResult<()> {
    use crate::native;
    use crate::schema::vehicles as v;
    use diesel::prelude::*;
    if stores.is_empty() || specs.is_empty() {
        return Ok(());
    }
    let now = today.and_hms_opt(8, 0, 0).unwrap_or_default();
    let mut i = 0;
    while i < n {
        let rows: Vec<_> = (i..(i + 1000).min(n))
            .map(|k| {
                let vin = format!("LBENCH{k:011}");
                let reversed: String = vin.chars().rev().collect();
                let (trim, colour, price) = specs[(k as usize / 7) % specs.len()];
                let store = stores[k as usize % stores.len()];
                let (whereabouts, commitment) = match k % 20 {
                    0 => ("ordered", "free"),
                    1 | 2 => ("in_transit", "free"),
                    3 => ("in_stock", "reserved"),
                    4 | 5 => ("delivered", "free"),
                    _ => ("in_stock", "free"),
                };
                let received = (whereabouts == "in_stock" || whereabouts == "delivered")
                    .then(|| today - chrono::Duration::days((k * 7919) % 400));
                (
                    (
                        v::group_id.eq(group_id),
                        v::store_id.eq(store),
                        v::vin.eq(vin),
                        v::vin_reversed.eq(reversed),
                        v::vin_checked.eq(false),
                        v::custody.eq("safe"),
                        v::trim_id.eq(trim),
                        v::exterior_colour_id.eq(colour),
                        v::cost_fen.eq(Some(price * 9 / 10)),
                        v::list_price_fen.eq(price),
                    ),
                    (
                        v::whereabouts.eq(whereabouts),
                        v::commitment.eq(commitment),
                        v::usage.eq("stock"),
                        v::first_received_on.eq(received),
                        v::store_received_on.eq(received),
                        v::created_at.eq(now),
                        v::updated_at.eq(now),
                    ),
                )
            })
            .collect();
        native!(conn, c => diesel::insert_into(v::table).values(&rows).execute(c)).classify()?;
        i += 1000;
    }
    conn.batch_execute(if matches!(conn, DbConnection::Sqlite(_)) { "ANALYZE" } else { "ANALYZE vehicles" }).classify()
}
