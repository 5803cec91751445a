//! Reminders sent to cars' owners, once per car, kind and day due (a unique index), and the
//! cars the reminder job looks at.

use crate::DbConnection;
use crate::codes::Coded;
use crate::error::{ClassifyExt, StorageResult};
use crate::paging::{Page, PageRequest};
use crate::schema::{customer_vehicles as cv, customers, reminders as rm, repair_orders as ro};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::care::reminders::{ReminderKind, ReminderStatus};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = rm)]
pub struct ReminderRow {
    pub id: i64,
    pub store_id: i64,
    pub customer_id: i64,
    pub customer_vehicle_id: i64,
    #[diesel(deserialize_as = Coded<rm::kind, ReminderKind>)]
    pub kind: ReminderKind,
    pub due_on: NaiveDate,
    #[diesel(deserialize_as = Coded<rm::status, ReminderStatus>)]
    pub status: ReminderStatus,
    pub note: String,
    pub created_at: NaiveDateTime,
}

/// A car the job looks at: its owner, dates and last visit at the store.
#[derive(Debug, Clone)]
pub struct Car {
    pub customer_vehicle_id: i64,
    pub customer_id: i64,
    pub owned_since: NaiveDate,
    pub registered_on: Option<NaiveDate>,
    pub last_visit: Option<NaiveDate>,
    pub plate: Option<String>,
    pub vin: String,
    /// Its model, when its trim is known (the maker's schedule is per model).
    pub model_id: Option<i64>,
}

/// A car's row as read: id, customer, owned since, registered on, plate, VIN, model.
type CarRow = (i64, i64, NaiveDate, Option<NaiveDate>, Option<String>, String, Option<i64>);

/// The store's cars still owned by a customer who was not erased, with their last visit.
pub fn cars(conn: &mut DbConnection, store_id: i64) -> StorageResult<Vec<Car>> {
    use crate::schema::trims;
    let rows: Vec<CarRow> = cv::table
        .inner_join(customers::table)
        .left_join(trims::table.on(trims::id.nullable().eq(cv::trim_id)))
        .filter(cv::store_id.eq(store_id))
        .filter(cv::owned_until.is_null())
        .filter(customers::anonymised_at.is_null())
        .select((
            cv::id,
            cv::customer_id,
            cv::owned_since,
            cv::registered_on,
            cv::plate,
            cv::vin,
            trims::model_id.nullable(),
        ))
        .load(conn)
        .classify()?;
    let visits: Vec<(i64, Option<NaiveDate>)> = ro::table
        .filter(ro::store_id.eq(store_id))
        .group_by(ro::customer_vehicle_id)
        .select((ro::customer_vehicle_id, diesel::dsl::max(ro::received_on)))
        .load(conn)
        .classify()?;
    let last: std::collections::HashMap<i64, NaiveDate> =
        visits.into_iter().filter_map(|(id, d)| d.map(|d| (id, d))).collect();
    Ok(rows
        .into_iter()
        .map(|(id, customer_id, owned_since, registered_on, plate, vin, model_id)| Car {
            customer_vehicle_id: id,
            customer_id,
            owned_since,
            registered_on,
            last_visit: last.get(&id).copied(),
            plate,
            vin,
            model_id,
        })
        .collect())
}

/// Whether a reminder of `kind` for the car and day was made already.
pub fn exists(
    conn: &mut DbConnection,
    customer_vehicle_id: i64,
    kind: ReminderKind,
    due_on: NaiveDate,
) -> StorageResult<bool> {
    let n: i64 = rm::table
        .filter(rm::customer_vehicle_id.eq(customer_vehicle_id))
        .filter(rm::kind.eq(kind.code()))
        .filter(rm::due_on.eq(due_on))
        .count()
        .get_result(conn)
        .classify()?;
    Ok(n > 0)
}

pub struct NewReminder<'a> {
    pub store_id: i64,
    pub customer_id: i64,
    pub customer_vehicle_id: i64,
    pub kind: ReminderKind,
    pub due_on: NaiveDate,
    pub status: ReminderStatus,
    pub note: &'a str,
}

pub fn insert(conn: &mut DbConnection, n: &NewReminder<'_>, now: NaiveDateTime) -> StorageResult<()> {
    diesel::insert_into(rm::table)
        .values((
            rm::store_id.eq(n.store_id),
            rm::customer_id.eq(n.customer_id),
            rm::customer_vehicle_id.eq(n.customer_vehicle_id),
            rm::kind.eq(n.kind.code()),
            rm::due_on.eq(n.due_on),
            rm::status.eq(n.status.code()),
            rm::note.eq(n.note),
            rm::created_at.eq(now),
            rm::updated_at.eq(now),
        ))
        .execute(conn)
        .classify()?;
    Ok(())
}

/// A visit fulfils the car's sent service reminders.
pub fn fulfil(conn: &mut DbConnection, customer_vehicle_id: i64, now: NaiveDateTime) -> StorageResult<usize> {
    let kinds = [ReminderKind::FirstService.code(), ReminderKind::Periodic.code()];
    diesel::update(
        rm::table
            .filter(rm::customer_vehicle_id.eq(customer_vehicle_id))
            .filter(rm::kind.eq_any(kinds))
            .filter(rm::status.eq(ReminderStatus::Sent.code())),
    )
    .set((rm::status.eq(ReminderStatus::Done.code()), rm::updated_at.eq(now)))
    .execute(conn)
    .classify()
}

/// A reminder with its customer and car, as the list shows it.
#[derive(Debug, Clone, Queryable)]
pub struct Listed {
    pub reminder: ReminderRow,
    pub customer_name: String,
    pub plate: Option<String>,
    pub vin: String,
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub kind: Option<ReminderKind>,
    pub status: Option<ReminderStatus>,
    /// A customer's name, a plate or a VIN (part).
    pub q: Option<String>,
}

/// The store's reminders matching `f`, the soonest due first.
pub fn list(conn: &mut DbConnection, store_id: i64, f: &Filter, page: PageRequest) -> StorageResult<Page<Listed>> {
    let build = || {
        let mut q =
            rm::table.inner_join(customers::table).inner_join(cv::table).filter(rm::store_id.eq(store_id)).into_boxed();
        if let Some(k) = f.kind {
            q = q.filter(rm::kind.eq(k.code()));
        }
        if let Some(s) = f.status {
            q = q.filter(rm::status.eq(s.code()));
        }
        if let Some(text) = f.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            let like = format!("%{}%", crate::users::escape_like(text));
            q = q.filter(
                customers::name
                    .like(like.clone())
                    .escape('\\')
                    .or(cv::plate.like(like.to_uppercase()).escape('\\'))
                    .or(cv::vin.like(like.to_uppercase()).escape('\\')),
            );
        }
        q
    };
    let total = build().count().get_result(conn).classify()?;
    let items = build()
        .order((rm::due_on, rm::id))
        .limit(page.per_page)
        .offset(page.offset())
        .select((ReminderRow::as_select(), customers::name, cv::plate, cv::vin))
        .load(conn)
        .classify()?;
    Ok(Page { items, total, page: page.page, per_page: page.per_page })
}
