//! Bulk data for the workshop benchmark: cars of the store's customers, years of repair orders
//! on them (each with a job and a part line, nearly all handed over), and a parts catalogue with
//! the store's shelves. Written straight to the tables, as the other volume generators are.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use storage::{DbConnection, native};
use storage::{StorageError, StorageResult};

/// What the generated rows belong to.
pub struct Workshop<'a> {
    pub group_id: i64,
    pub store_id: i64,
    pub store_code: &'a str,
    /// The service advisor who owns the repair orders.
    pub owner_id: i64,
    pub customers: &'a [i64],
}

/// `cars` customer vehicles (at most 100,000: VIN `LBENCH…`, plate `沪B` and five digits) and `n` repair orders over them, the
/// last 60 still in the workshop; `parts` parts in the catalogue with a shelf each.
pub fn add_workshop(
    conn: &mut DbConnection,
    w: &Workshop<'_>,
    (cars, n, parts): (i64, i64, i64),
    now: chrono::NaiveDateTime,
) -> StorageResult<()> {
    use storage::schema::{customer_vehicles as cv, parts as p, repair_orders as ro};
    if w.customers.is_empty() {
        return Ok(());
    }
    let mut i = 0;
    while i < cars {
        let rows: Vec<_> = (i..(i + 1000).min(cars))
            .map(|k| {
                let ku = usize::try_from(k).unwrap_or(0);
                (
                    cv::store_id.eq(w.store_id),
                    cv::customer_id.eq(w.customers[ku % w.customers.len()]),
                    cv::vin.eq(format!("LBENCH{k:011}")),
                    cv::vin_checked.eq(false),
                    cv::plate.eq(Some(format!("沪B{k:05}"))),
                    cv::description.eq("大众 帕萨特 2022款"),
                    cv::origin.eq("elsewhere"),
                    cv::owned_since.eq(now.date()),
                    cv::created_by.eq(w.owner_id),
                    cv::created_at.eq(now),
                    cv::updated_at.eq(now),
                )
            })
            .collect();
        native!(conn, c => diesel::insert_into(cv::table).values(&rows).execute(c))
            .map_err(StorageError::from_diesel)?;
        i += 1000;
    }
    let ids: Vec<(i64, i64, String, Option<String>)> = cv::table
        .filter(cv::store_id.eq(w.store_id))
        .filter(cv::vin.like("LBENCH%"))
        .order(cv::id)
        .select((cv::id, cv::customer_id, cv::vin, cv::plate))
        .load(conn)
        .map_err(StorageError::from_diesel)?;
    if ids.is_empty() {
        return Ok(());
    }
    const OPEN: [&str; 6] = ["received", "approved", "in_progress", "quality_check", "passed", "settled"];
    let mut i = 0;
    while i < n {
        let rows: Vec<_> = (i..(i + 1000).min(n))
            .map(|k| {
                let (id, customer, vin, plate) = &ids[usize::try_from(k).unwrap_or(0) % ids.len()];
                let open = k >= n - 60;
                let status = if open { OPEN[usize::try_from(k % 6).unwrap_or(0)] } else { "handed_over" };
                let at = now - chrono::Duration::minutes(if open { k % 300 } else { (n - k) * 2 + 600 });
                let day = at.date();
                (
                    (
                        ro::store_id.eq(w.store_id),
                        ro::number.eq(format!("{}-WXB-{k:07}", w.store_code)),
                        ro::customer_id.eq(*customer),
                        ro::customer_vehicle_id.eq(*id),
                        ro::vin.eq(vin.clone()),
                        ro::plate.eq(plate.clone()),
                        ro::owner_id.eq(w.owner_id),
                        ro::status.eq(status),
                        ro::mileage_km.eq(1_000 + k % 200_000),
                        ro::fuel_percent.eq(50),
                    ),
                    (
                        ro::complaints.eq("常规保养"),
                        ro::walkaround.eq(""),
                        ro::warranty_from.eq(Some(day - chrono::Duration::days(400))),
                        ro::received_on.eq(day),
                        ro::received_at.eq(at),
                        ro::closed_on.eq((!open).then_some(day)),
                        ro::paid.eq(!open),
                        ro::total_fen.eq(48_000),
                        ro::customer_fen.eq(48_000),
                        ro::created_at.eq(at),
                        ro::updated_at.eq(at),
                    ),
                )
            })
            .collect();
        native!(conn, c => diesel::insert_into(ro::table).values(&rows).execute(c))
            .map_err(StorageError::from_diesel)?;
        i += 1000;
    }
    conn.batch_execute(&format!(
        "INSERT INTO repair_jobs (repair_order_id, store_id, name, system, fault, hours_x100, rate_fen, amount_fen, payer, approved, status, created_by, created_at) \
         SELECT id, store_id, '更换机油机滤', 'maintenance', '', 100, 18000, 18000, 'customer', TRUE, \
         CASE WHEN status IN ('received', 'approved') THEN 'waiting' WHEN status = 'in_progress' THEN 'started' ELSE 'done' END, owner_id, created_at \
         FROM repair_orders WHERE store_id = {store} AND number LIKE '{code}-WXB-%'; \
         INSERT INTO repair_parts (repair_order_id, part_no, name, system, quantity, unit_price_fen, amount_fen, payer, approved, created_by, created_at, issued) \
         SELECT id, 'OF-2031', '机油滤清器', 'maintenance', 1, 30000, 30000, 'customer', TRUE, owner_id, created_at, 1 \
         FROM repair_orders WHERE store_id = {store} AND number LIKE '{code}-WXB-%';",
        store = w.store_id,
        code = w.store_code
    ))
    .map_err(StorageError::from_diesel)?;
    const SYSTEMS: [&str; 6] = ["brakes", "maintenance", "engine", "electrical", "suspension", "body"];
    const NAMES: [&str; 6] = ["刹车片", "滤清器", "火花塞", "蓄电池", "减震器", "雨刮片"];
    let mut i = 0;
    while i < parts {
        let rows: Vec<_> = (i..(i + 1000).min(parts))
            .map(|k| {
                let ku = usize::try_from(k).unwrap_or(0);
                (
                    p::group_id.eq(w.group_id),
                    p::part_no.eq(format!("BX-{k:06}")),
                    p::name.eq(format!("{} {}", NAMES[ku % NAMES.len()], k)),
                    p::system.eq(SYSTEMS[ku % SYSTEMS.len()]),
                    p::list_price_fen.eq(1_000 + (k % 500) * 100),
                    p::cost_fen.eq(600 + (k % 500) * 60),
                    p::fits.eq(""),
                    p::created_at.eq(now),
                    p::updated_at.eq(now),
                )
            })
            .collect();
        native!(conn, c => diesel::insert_into(p::table).values(&rows).execute(c))
            .map_err(StorageError::from_diesel)?;
        i += 1000;
    }
    conn.batch_execute(&format!(
        "INSERT INTO part_stock (store_id, part_id, warehouse, bin, on_hand, reorder_point, reorder_qty, updated_at) \
         SELECT {store}, id, '主库', '', 5, 2, 10, created_at FROM parts WHERE group_id = {group} AND part_no LIKE 'BX-%';",
        store = w.store_id,
        group = w.group_id
    ))
    .map_err(StorageError::from_diesel)?;
    let sqlite = matches!(conn, DbConnection::Sqlite(_));
    conn.batch_execute(if sqlite {
        "ANALYZE"
    } else {
        "ANALYZE customer_vehicles, repair_orders, repair_jobs, repair_parts, parts, part_stock"
    })
    .map_err(StorageError::from_diesel)
}
