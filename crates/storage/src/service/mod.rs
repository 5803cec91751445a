//! After-sales records: repair orders (工单) with their jobs, parts and steps, and the store's
//! labour rate. Read within the reader's `Visibility` (the service advisor owns a repair order),
//! a technician's jobs by their own id.

pub mod appointments;
pub mod history;
pub mod lines;

use crate::codes::{Coded, CodedOption};
use crate::error::{ClassifyExt, StorageError, StorageResult};
use crate::paging::{Page, PageRequest};
use crate::schema::{
    customers, repair_events as ev, repair_order_numbers as rn, repair_orders as ro, service_settings as ss,
};
use crate::scope::Visibility;
use crate::users::{escape_like, lower};
use crate::{DbConnection, native};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::Code;
use domain::service::{ApprovedBy, RepairStatus};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = ro)]
pub struct RepairOrderRow {
    pub id: i64,
    pub store_id: i64,
    pub number: String,
    pub customer_id: i64,
    pub customer_vehicle_id: i64,
    pub vin: String,
    pub plate: Option<String>,
    pub owner_id: i64,
    #[diesel(deserialize_as = Coded<ro::status, RepairStatus>)]
    pub status: RepairStatus,
    pub mileage_km: i64,
    pub fuel_percent: i32,
    pub complaints: String,
    pub walkaround: String,
    pub warranty_from: Option<NaiveDate>,
    pub km_at_start: i64,
    pub promised_at: Option<NaiveDateTime>,
    pub received_on: NaiveDate,
    pub received_at: NaiveDateTime,
    #[diesel(deserialize_as = CodedOption<ro::approved_via, ApprovedBy>)]
    pub approved_via: Option<ApprovedBy>,
    pub approved_total_fen: i64,
    pub qc_by: Option<i64>,
    pub qc_at: Option<NaiveDateTime>,
    pub qc_note: String,
    pub settled_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub paid: bool,
    pub total_fen: i64,
    pub customer_fen: i64,
    pub cancel_reason: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

pub struct NewRepairOrder<'a> {
    pub store_id: i64,
    pub number: &'a str,
    pub customer_id: i64,
    pub customer_vehicle_id: i64,
    pub vin: &'a str,
    pub plate: Option<&'a str>,
    pub owner_id: i64,
    pub mileage_km: i64,
    pub fuel_percent: i32,
    pub complaints: &'a str,
    pub walkaround: &'a str,
    pub warranty_from: Option<NaiveDate>,
    pub km_at_start: i64,
    pub promised_at: Option<NaiveDateTime>,
    pub received_on: NaiveDate,
    pub now: NaiveDateTime,
}

/// The next number of the store's day (`last_seq + 1`), taken in the caller's transaction.
pub fn next_seq(conn: &mut DbConnection, store_id: i64, day: NaiveDate) -> StorageResult<i64> {
    let day = day.format("%Y%m%d").to_string();
    native!(conn, c => diesel::insert_into(rn::table)
        .values((rn::store_id.eq(store_id), rn::day.eq(&day), rn::last_seq.eq(1i64)))
        .on_conflict((rn::store_id, rn::day))
        .do_update()
        .set(rn::last_seq.eq(rn::last_seq + 1))
        .returning(rn::last_seq)
        .get_result(c))
    .classify()
}

pub fn insert(conn: &mut DbConnection, n: &NewRepairOrder<'_>) -> StorageResult<RepairOrderRow> {
    native!(conn, c => diesel::insert_into(ro::table)
        .values((
            ro::store_id.eq(n.store_id),
            ro::number.eq(n.number),
            ro::customer_id.eq(n.customer_id),
            ro::customer_vehicle_id.eq(n.customer_vehicle_id),
            ro::vin.eq(n.vin),
            ro::plate.eq(n.plate),
            ro::owner_id.eq(n.owner_id),
            ro::status.eq(RepairStatus::Received.code()),
            ro::mileage_km.eq(n.mileage_km),
            ro::fuel_percent.eq(n.fuel_percent),
            ro::complaints.eq(n.complaints),
            ro::walkaround.eq(n.walkaround),
            ro::warranty_from.eq(n.warranty_from),
            ro::km_at_start.eq(n.km_at_start),
            ro::promised_at.eq(n.promised_at),
            ro::received_on.eq(n.received_on),
            ro::received_at.eq(n.now),
            ro::created_at.eq(n.now),
            ro::updated_at.eq(n.now),
        ))
        .returning(RepairOrderRow::as_returning())
        .get_result(c))
    .classify()
}

pub fn get(conn: &mut DbConnection, id: i64) -> StorageResult<RepairOrderRow> {
    native!(conn, c => ro::table.find(id).select(RepairOrderRow::as_select()).first(c)).classify()
}

/// The store's repair order numbered `number`, if there is one.
pub fn by_number(conn: &mut DbConnection, store_id: i64, number: &str) -> StorageResult<Option<RepairOrderRow>> {
    native!(conn, c => ro::table
        .filter(ro::store_id.eq(store_id))
        .filter(ro::number.eq(number))
        .select(RepairOrderRow::as_select())
        .first(c))
    .optional()
    .classify()
}

/// Takes the repair order's row lock for the rest of the transaction (PostgreSQL; SQLite's
/// writer is one), so that concurrent steps on its jobs are decided one after the other.
pub fn lock(conn: &mut DbConnection, id: i64) -> StorageResult<()> {
    if let DbConnection::Postgres(c) = conn {
        ro::table.find(id).select(ro::id).for_update().first::<i64>(c).classify()?;
    }
    Ok(())
}

/// What a step changes on the repair order itself.
#[derive(Debug, Clone, Default)]
pub struct Change {
    pub status: Option<RepairStatus>,
    pub approved: Option<(ApprovedBy, i64)>,
    pub qc: Option<(i64, String)>,
    pub settled_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub paid: Option<bool>,
    /// (total, customer's part)
    pub amounts: Option<(i64, i64)>,
    pub cancel_reason: Option<String>,
}

/// Applies `change` if the row is still at `version` (`Stale` otherwise); the version goes up.
pub fn update(
    conn: &mut DbConnection,
    row: &RepairOrderRow,
    change: &Change,
    now: NaiveDateTime,
) -> StorageResult<RepairOrderRow> {
    let status = change.status.unwrap_or(row.status);
    let (via, approved_total) = match change.approved {
        Some((via, total)) => (Some(via), total),
        None => (row.approved_via, row.approved_total_fen),
    };
    let (qc_by, qc_at, qc_note) = match &change.qc {
        Some((by, note)) => (Some(*by), Some(now), note.clone()),
        None => (row.qc_by, row.qc_at, row.qc_note.clone()),
    };
    let (total, customer) = change.amounts.unwrap_or((row.total_fen, row.customer_fen));
    native!(conn, c => diesel::update(ro::table.find(row.id).filter(ro::version.eq(row.version)))
        .set((
            ro::status.eq(status.code()),
            ro::approved_via.eq(via.map(|v| v.code())),
            ro::approved_total_fen.eq(approved_total),
            ro::qc_by.eq(qc_by),
            ro::qc_at.eq(qc_at),
            ro::qc_note.eq(qc_note),
            ro::settled_on.eq(change.settled_on.or(row.settled_on)),
            ro::closed_on.eq(change.closed_on.or(row.closed_on)),
            ro::paid.eq(change.paid.unwrap_or(row.paid)),
            ro::total_fen.eq(total),
            ro::customer_fen.eq(customer),
            ro::cancel_reason.eq(change.cancel_reason.as_deref().unwrap_or(&row.cancel_reason)),
            ro::updated_at.eq(now),
            ro::version.eq(row.version + 1),
        ))
        .returning(RepairOrderRow::as_returning())
        .get_result(c))
    .optional()
    .classify()?
    .ok_or(StorageError::Stale)
}

/// A repair order in a list, with its customer's name.
#[derive(Debug, Clone, Queryable)]
pub struct ListRow {
    pub order: RepairOrderRow,
    pub customer_name: String,
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Number, plate, VIN tail or customer name.
    pub q: Option<String>,
    pub status: Option<RepairStatus>,
    /// Only orders still at the store.
    pub open: bool,
    pub owner_id: Option<i64>,
    pub received_from: Option<NaiveDate>,
    pub received_to: Option<NaiveDate>,
}

/// `restrict!` for repair orders: the store's, and with an own or team scope the owners' and
/// those with a job of theirs (a technician's).
macro_rules! workshop_scope {
    ($q:expr, $vis:expr) => {{
        let vis: &Visibility = $vis;
        let mut q = $q.filter(ro::store_id.eq(vis.store_id()));
        if let Some(owners) = vis.owners() {
            let theirs = crate::schema::repair_jobs::table
                .filter(crate::schema::repair_jobs::technician_id.eq_any(owners.to_vec()))
                .select(crate::schema::repair_jobs::repair_order_id);
            q = q.filter(ro::owner_id.eq_any(owners.to_vec()).or(ro::id.eq_any(theirs)));
        }
        q
    }};
}

/// The repair orders `vis` covers, newest first.
pub fn list(conn: &mut DbConnection, vis: &Visibility, f: &Filter, page: PageRequest) -> StorageResult<Page<ListRow>> {
    let build = || {
        let mut q = workshop_scope!(ro::table.inner_join(customers::table).into_boxed(), vis);
        if let Some(text) = f.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            let pattern = format!("%{}%", escape_like(&text.to_lowercase()));
            let upper = format!("%{}", escape_like(&text.to_uppercase()));
            q = q.filter(
                lower(customers::name)
                    .like(pattern.clone())
                    .escape('\\')
                    .or(lower(ro::number).like(pattern).escape('\\'))
                    .or(ro::plate.like(format!("%{}%", escape_like(&text.to_uppercase()))).escape('\\'))
                    .or(ro::vin.like(upper).escape('\\')),
            );
        }
        if let Some(s) = f.status {
            q = q.filter(ro::status.eq(s.code()));
        } else if f.open {
            let open: Vec<&str> = RepairStatus::ALL.iter().filter(|s| s.is_open()).map(|s| s.code()).collect();
            q = q.filter(ro::status.eq_any(open));
        }
        if let Some(o) = f.owner_id {
            q = q.filter(ro::owner_id.eq(o));
        }
        if let Some(d) = f.received_from {
            q = q.filter(ro::received_on.ge(d));
        }
        if let Some(d) = f.received_to {
            q = q.filter(ro::received_on.le(d));
        }
        q
    };
    let total = build().count().get_result(conn).classify()?;
    let items = build()
        .order(ro::id.desc())
        .limit(page.per_page)
        .offset(page.offset())
        .select((RepairOrderRow::as_select(), customers::name))
        .load(conn)
        .classify()?;
    Ok(Page { items, total, page: page.page, per_page: page.per_page })
}

/// Repair orders per status within `vis`, for the board's tabs.
pub fn counts(conn: &mut DbConnection, vis: &Visibility) -> StorageResult<Vec<(RepairStatus, i64)>> {
    let grouped = ro::table.group_by(ro::status).select((ro::status, diesel::dsl::count_star())).into_boxed();
    let rows: Vec<(String, i64)> = workshop_scope!(grouped, vis).load(conn).classify()?;
    Ok(rows.into_iter().filter_map(|(s, n)| RepairStatus::from_code(&s).map(|s| (s, n))).collect())
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = ev)]
pub struct EventRow {
    pub id: i64,
    pub repair_order_id: i64,
    pub step: String,
    pub note: String,
    pub user_id: Option<i64>,
    pub at: NaiveDateTime,
}

/// A step on the repair order's timeline; `user_id` `None`: the customer on their link.
pub fn record(
    conn: &mut DbConnection,
    repair_order_id: i64,
    step: &str,
    note: &str,
    user_id: Option<i64>,
    now: NaiveDateTime,
) -> StorageResult<()> {
    native!(conn, c => diesel::insert_into(ev::table)
        .values((
            ev::repair_order_id.eq(repair_order_id),
            ev::step.eq(step),
            ev::note.eq(note),
            ev::user_id.eq(user_id),
            ev::at.eq(now),
        ))
        .execute(c))
    .classify()
    .map(|_| ())
}

pub fn events_of(conn: &mut DbConnection, repair_order_id: i64) -> StorageResult<Vec<EventRow>> {
    native!(conn, c => ev::table
        .filter(ev::repair_order_id.eq(repair_order_id))
        .order(ev::id)
        .select(EventRow::as_select())
        .load(c))
    .classify()
}

/// The store's labour rate per standard hour, if it set one.
pub fn labour_rate(conn: &mut DbConnection, store_id: i64) -> StorageResult<Option<i64>> {
    native!(conn, c => ss::table.find(store_id).select(ss::labour_rate_fen).first(c).optional()).classify()
}

pub fn set_labour_rate(
    conn: &mut DbConnection,
    store: domain::ids::StoreId,
    rate_fen: i64,
    by: domain::ids::UserId,
    now: NaiveDateTime,
) -> StorageResult<()> {
    let (store_id, by) = (store.0, by.0);
    native!(conn, c => diesel::insert_into(ss::table)
        .values((ss::store_id.eq(store_id), ss::labour_rate_fen.eq(rate_fen), ss::updated_by.eq(by), ss::updated_at.eq(now)))
        .on_conflict(ss::store_id)
        .do_update()
        .set((ss::labour_rate_fen.eq(rate_fen), ss::updated_by.eq(by), ss::updated_at.eq(now)))
        .execute(c))
    .classify()
    .map(|_| ())
}

/// Clears what a customer said and what was found in their car, and what they asked for when
/// booking (their erasure); the repairs themselves stay with the car's history.
pub fn erase_customer(conn: &mut DbConnection, customer_id: i64, redacted: &str) -> StorageResult<()> {
    native!(conn, c => diesel::update(ro::table.filter(ro::customer_id.eq(customer_id)))
        .set((ro::complaints.eq(redacted), ro::walkaround.eq(redacted), ro::plate.eq(None::<String>)))
        .execute(c))
    .classify()?;
    use crate::schema::appointments as ap;
    native!(conn, c => diesel::update(ap::table.filter(ap::customer_id.eq(customer_id)))
        .set((ap::requested_work.eq(redacted), ap::cancel_reason.eq(redacted)))
        .execute(c))
    .classify()
    .map(|_| ())
}

/// Whether a customer has a repair order still at the store (their erasure waits for it).
pub fn has_open(conn: &mut DbConnection, customer_id: i64) -> StorageResult<bool> {
    let open: Vec<&str> = RepairStatus::ALL.iter().filter(|s| s.is_open()).map(|s| s.code()).collect();
    native!(conn, c => diesel::select(diesel::dsl::exists(
        ro::table.filter(ro::customer_id.eq(customer_id)).filter(ro::status.eq_any(open)),
    ))
    .get_result(c))
    .classify()
}
