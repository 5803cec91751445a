//! Data-volume generation for the benchmarks: copies one real order `n` times with varied status,
//! date and amount, for one generated customer per four orders (as a store's books look after a
//! few years), in a few statements per backend (a million rows in seconds, not hours).

use diesel::connection::SimpleConnection;
use storage::DbConnection;
use storage::{StorageError, StorageResult};

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
    conn.batch_execute(&customers).map_err(StorageError::from_diesel)?;
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
    conn.batch_execute(&orders).map_err(StorageError::from_diesel)?;
    // Each order is a billable document, as `sales::insert` registers it.
    conn.batch_execute(
        "INSERT INTO billables (kind, document_id, store_id, owner_id, customer_id, number, amount_fen, created_at) \
         SELECT 'sales_order', id, store_id, owner_id, customer_id, order_no, total_fen, created_at FROM orders \
         WHERE order_no LIKE 'SO-BENCH-%' ON CONFLICT DO NOTHING",
    )
    .map_err(StorageError::from_diesel)?;
    conn.batch_execute(
        "DELETE FROM order_status_counts; INSERT INTO order_status_counts (store_id, owner_id, status, orders) \
         SELECT store_id, owner_id, status, COUNT(*) FROM orders GROUP BY store_id, owner_id, status;",
    )
    .map_err(StorageError::from_diesel)?;
    // Statistics for the planner after a bulk load (PostgreSQL's autovacuum would get there later).
    conn.batch_execute(if matches!(conn, DbConnection::Sqlite(_)) { "ANALYZE" } else { "ANALYZE orders, customers" })
        .map_err(StorageError::from_diesel)
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
    use diesel::prelude::*;
    use storage::native;
    use storage::schema::vehicles as v;
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
        native!(conn, c => diesel::insert_into(v::table).values(&rows).execute(c))
            .map_err(StorageError::from_diesel)?;
        i += 1000;
    }
    conn.batch_execute(if matches!(conn, DbConnection::Sqlite(_)) { "ANALYZE" } else { "ANALYZE vehicles" })
        .map_err(StorageError::from_diesel)
}

/// Inserts `n` generated leads into `store_id` (external references `BENCH-{i}`), owned in turn
/// by `owners` and for `customers` in turn, over the last two years: a tenth ordered, four
/// tenths lost, the rest dormant or being worked with a follow-up planned from ten days ago to a
/// month ahead; then five logged follow-ups per lead and the planned one of each open lead (as a
/// store's CRM looks after a few busy years). Leads in batches of 1,000 rows, follow-ups in one
/// statement each.
pub fn add_leads(
    conn: &mut DbConnection,
    store_id: i64,
    owners: &[i64],
    customers: &[i64],
    now: chrono::NaiveDateTime,
    n: i64,
) -> StorageResult<()> {
    use diesel::prelude::*;
    use storage::native;
    use storage::schema::leads as l;
    if owners.is_empty() || customers.is_empty() {
        return Ok(());
    }
    let today = now.date();
    const CHANNELS: [&str; 6] = ["walk_in", "phone", "website", "car_platform", "referral", "event"];
    const TIERS: [&str; 5] = ["h", "a", "b", "c", "n"];
    let mut i = 0;
    while i < n {
        let rows: Vec<_> = (i..(i + 1000).min(n))
            .map(|k| {
                let ku = usize::try_from(k).unwrap_or(0);
                let stage = match k % 10 {
                    0 => "ordered",
                    1..=4 => "lost",
                    5 | 6 => "dormant",
                    7 => "new",
                    8 => "contacted",
                    _ => "negotiating",
                };
                let next = (k % 10 >= 5).then(|| today + chrono::Duration::days((k * 7) % 41 - 10));
                let created = now - chrono::Duration::minutes((k * 7919) % (730 * 1440));
                let owner = owners[ku % owners.len()];
                (
                    (
                        l::store_id.eq(store_id),
                        l::customer_id.eq(customers[(ku / 3) % customers.len()]),
                        l::owner_id.eq(owner),
                        l::channel.eq(CHANNELS[ku % CHANNELS.len()]),
                        l::stage.eq(stage),
                        l::tier.eq(TIERS[(ku / 10) % TIERS.len()]),
                        l::timeframe.eq("undecided"),
                        l::payment_intention.eq("undecided"),
                    ),
                    (
                        l::external_ref.eq(format!("BENCH-{k}")),
                        l::next_follow_up_on.eq(next),
                        l::lost_reason.eq((stage == "lost").then_some("price")),
                        l::created_by.eq(owner),
                        l::created_at.eq(created),
                        l::updated_at.eq(created),
                    ),
                )
            })
            .collect();
        native!(conn, c => diesel::insert_into(l::table).values(&rows).execute(c))
            .map_err(StorageError::from_diesel)?;
        i += 1000;
    }
    let sqlite = matches!(conn, DbConnection::Sqlite(_));
    let (day, at) = if sqlite {
        ("date(l.created_at, '+' || (k * 3) || ' days')", "datetime(l.created_at, '+' || (k * 3) || ' days')")
    } else {
        ("(l.created_at + make_interval(days => k * 3))::date", "l.created_at + make_interval(days => k * 3)")
    };
    conn.batch_execute(&format!(
        "INSERT INTO follow_ups (lead_id, store_id, owner_id, due_on, done_at, kind, outcome, note, next_step, created_by, created_at) \
         SELECT l.id, l.store_id, l.owner_id, {day}, {at}, 'call', 'reached', '', '', l.owner_id, l.created_at \
         FROM leads l CROSS JOIN (SELECT 1 AS k UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5) ks \
         WHERE l.store_id = {store_id} AND l.external_ref LIKE 'BENCH-%'; \
         INSERT INTO follow_ups (lead_id, store_id, owner_id, due_on, note, next_step, created_by, created_at) \
         SELECT l.id, l.store_id, l.owner_id, l.next_follow_up_on, '', '', l.owner_id, l.created_at \
         FROM leads l WHERE l.store_id = {store_id} AND l.external_ref LIKE 'BENCH-%' AND l.next_follow_up_on IS NOT NULL;"
    ))
    .map_err(StorageError::from_diesel)?;
    conn.batch_execute(if sqlite { "ANALYZE" } else { "ANALYZE leads, follow_ups" }).map_err(StorageError::from_diesel)
}

/// After a bulk load outside a transaction: on PostgreSQL, what autovacuum does some minutes
/// later (the visibility map that lets counts read the index alone, and fresh statistics); on
/// SQLite nothing more than the loader's ANALYZE.
pub fn settle(conn: &mut DbConnection, tables: &[&str]) -> StorageResult<()> {
    if matches!(conn, DbConnection::Postgres(_)) {
        conn.batch_execute(&format!("VACUUM ANALYZE {}", tables.join(", "))).map_err(StorageError::from_diesel)?;
    }
    Ok(())
}
