//! Recalls and service campaigns: the group's campaigns with the VINs and ranges they name, and
//! per store the cars it serves that a campaign names (told, done on which repair order).

use crate::codes::Coded;
use crate::error::{ClassifyExt, StorageError, StorageResult};
use crate::paging::{Page, PageRequest};
use crate::schema::{
    campaign_ranges as cr, campaign_vehicles as cv, campaign_vins as vins, campaigns as k, customer_vehicles, customers,
};
use crate::scope::{Visibility, restrict};
use crate::{DbConnection, native};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::campaigns::{CampaignKind, CampaignStatus, VinRange, VinSpec, run_of, serial_of};
use domain::ids::{CampaignId, GroupId, StoreId};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = k)]
pub struct CampaignRow {
    pub id: i64,
    pub group_id: i64,
    #[diesel(deserialize_as = Coded<k::kind, CampaignKind>)]
    pub kind: CampaignKind,
    pub code: String,
    pub title: String,
    pub remedy: String,
    pub starts_on: NaiveDate,
    #[diesel(deserialize_as = Coded<k::status, CampaignStatus>)]
    pub status: CampaignStatus,
    pub vin_count: i64,
    pub range_count: i64,
    pub matched_through: i64,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    pub closed_at: Option<NaiveDateTime>,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

pub struct NewCampaign<'a> {
    pub group_id: i64,
    pub kind: CampaignKind,
    pub code: &'a str,
    pub title: &'a str,
    pub remedy: &'a str,
    pub starts_on: NaiveDate,
    pub created_by: i64,
}

/// Adds the campaign with its VINs and ranges; the group's code twice is `Duplicate`.
pub fn insert(
    conn: &mut DbConnection,
    n: &NewCampaign<'_>,
    spec: &VinSpec,
    now: NaiveDateTime,
) -> StorageResult<CampaignRow> {
    let row = native!(conn, c => diesel::insert_into(k::table)
        .values((
            k::group_id.eq(n.group_id),
            k::kind.eq(n.kind.code()),
            k::code.eq(n.code),
            k::title.eq(n.title),
            k::remedy.eq(n.remedy),
            k::starts_on.eq(n.starts_on),
            k::status.eq(CampaignStatus::Open.code()),
            k::vin_count.eq(spec.vins.len() as i64),
            k::range_count.eq(spec.ranges.len() as i64),
            k::created_by.eq(n.created_by),
            k::created_at.eq(now),
            k::updated_at.eq(now),
        ))
        .returning(CampaignRow::as_returning())
        .get_result(c))
    .classify()?;
    for chunk in spec.vins.chunks(500) {
        let values: Vec<_> = chunk.iter().map(|v| (vins::campaign_id.eq(row.id), vins::vin.eq(v.as_str()))).collect();
        native!(conn, c => diesel::insert_into(vins::table).values(&values).execute(c)).classify()?;
    }
    for chunk in spec.ranges.chunks(500) {
        let values: Vec<_> = chunk
            .iter()
            .map(|r| {
                (
                    cr::campaign_id.eq(row.id),
                    cr::prefix.eq(r.prefix.as_str()),
                    cr::serial_from.eq(r.from.as_str()),
                    cr::serial_to.eq(r.to.as_str()),
                )
            })
            .collect();
        native!(conn, c => diesel::insert_into(cr::table).values(&values).execute(c)).classify()?;
    }
    Ok(row)
}

/// Campaign `id` of the group.
pub fn get(conn: &mut DbConnection, group: GroupId, id: i64) -> StorageResult<CampaignRow> {
    k::table
        .filter(k::id.eq(id))
        .filter(k::group_id.eq(group.0))
        .select(CampaignRow::as_select())
        .first(conn)
        .classify()
}

/// Locks the campaign's row (PostgreSQL) for a change decided on what was read.
pub fn lock(conn: &mut DbConnection, group: GroupId, id: i64) -> StorageResult<CampaignRow> {
    if let DbConnection::Postgres(c) = conn {
        k::table.find(id).select(k::id).for_update().first::<i64>(c).classify()?;
    }
    get(conn, group, id)
}

/// Closes the campaign if it is still as read (`Stale` otherwise).
pub fn close(conn: &mut DbConnection, row: &CampaignRow, now: NaiveDateTime) -> StorageResult<CampaignRow> {
    native!(conn, c => diesel::update(k::table.find(row.id).filter(k::version.eq(row.version)))
        .set((
            k::status.eq(CampaignStatus::Closed.code()),
            k::closed_at.eq(Some(now)),
            k::updated_at.eq(now),
            k::version.eq(row.version + 1),
        ))
        .returning(CampaignRow::as_returning())
        .get_result(c))
    .optional()
    .classify()?
    .ok_or(StorageError::Stale)
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub status: Option<CampaignStatus>,
    pub kind: Option<CampaignKind>,
    /// The campaign's code or title.
    pub q: Option<String>,
}

/// The group's campaigns matching `f`, the newest first.
pub fn list(conn: &mut DbConnection, group_id: i64, f: &Filter, page: PageRequest) -> StorageResult<Page<CampaignRow>> {
    let build = || {
        let mut q = k::table.filter(k::group_id.eq(group_id)).into_boxed();
        if let Some(s) = f.status {
            q = q.filter(k::status.eq(s.code()));
        }
        if let Some(kind) = f.kind {
            q = q.filter(k::kind.eq(kind.code()));
        }
        if let Some(text) = f.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            let like = format!("%{}%", crate::users::escape_like(text));
            q = q.filter(k::code.like(like.clone()).escape('\\').or(k::title.like(like).escape('\\')));
        }
        q
    };
    let total = build().count().get_result(conn).classify()?;
    let items = build()
        .order((k::starts_on.desc(), k::id.desc()))
        .limit(page.per_page)
        .offset(page.offset())
        .select(CampaignRow::as_select())
        .load(conn)
        .classify()?;
    Ok(Page { items, total, page: page.page, per_page: page.per_page })
}

/// How far a store has come with a campaign.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    pub cars: i64,
    pub notified: i64,
    pub done: i64,
}

/// The store's progress with each of `ids`.
pub fn progress(conn: &mut DbConnection, store_id: i64, ids: &[i64]) -> StorageResult<Vec<(i64, Progress)>> {
    let rows: Vec<(i64, Option<NaiveDateTime>, Option<NaiveDateTime>)> = cv::table
        .filter(cv::store_id.eq(store_id))
        .filter(cv::campaign_id.eq_any(ids))
        .select((cv::campaign_id, cv::notified_at, cv::done_at))
        .load(conn)
        .classify()?;
    let mut out: Vec<(i64, Progress)> = ids.iter().map(|id| (*id, Progress::default())).collect();
    for (id, notified, done) in rows {
        if let Some((_, p)) = out.iter_mut().find(|(c, _)| *c == id) {
            p.cars += 1;
            p.notified += i64::from(notified.is_some());
            p.done += i64::from(done.is_some());
        }
    }
    Ok(out)
}

/// The VINs and ranges the campaign names.
pub fn spec(conn: &mut DbConnection, campaign_id: i64) -> StorageResult<VinSpec> {
    let listed = vins::table.filter(vins::campaign_id.eq(campaign_id)).select(vins::vin).load(conn).classify()?;
    let ranges: Vec<(String, String, String)> = cr::table
        .filter(cr::campaign_id.eq(campaign_id))
        .order(cr::id)
        .select((cr::prefix, cr::serial_from, cr::serial_to))
        .load(conn)
        .classify()?;
    Ok(VinSpec {
        vins: listed,
        ranges: ranges.into_iter().map(|(prefix, from, to)| VinRange { prefix, from, to }).collect(),
    })
}

/// The open campaigns of the group that name `vin`.
pub fn naming(conn: &mut DbConnection, group_id: i64, vin: &str) -> StorageResult<Vec<CampaignRow>> {
    let listed = vins::table.filter(vins::vin.eq(vin)).select(vins::campaign_id);
    let serial = serial_of(vin).to_string();
    let ranged = cr::table
        .filter(cr::prefix.eq(run_of(vin)))
        .filter(cr::serial_from.le(serial.clone()))
        .filter(cr::serial_to.ge(serial))
        .select(cr::campaign_id);
    k::table
        .filter(k::group_id.eq(group_id))
        .filter(k::status.eq(CampaignStatus::Open.code()))
        .filter(k::id.eq_any(listed).or(k::id.eq_any(ranged)))
        .order(k::starts_on)
        .select(CampaignRow::as_select())
        .load(conn)
        .classify()
}

/// A car a store serves, to match against a campaign's list.
#[derive(Debug, Clone, Queryable)]
pub struct Candidate {
    pub id: i64,
    pub store_id: i64,
    pub customer_id: i64,
    pub vin: String,
}

/// The group's cars still with their owners added after `after` (by id), at most `limit`.
pub fn candidates(conn: &mut DbConnection, group_id: i64, after: i64, limit: i64) -> StorageResult<Vec<Candidate>> {
    use crate::schema::stores;
    customer_vehicles::table
        .inner_join(stores::table.on(stores::id.eq(customer_vehicles::store_id)))
        .filter(stores::group_id.eq(group_id))
        .filter(customer_vehicles::id.gt(after))
        .filter(customer_vehicles::owned_until.is_null())
        .order(customer_vehicles::id)
        .limit(limit)
        .select((
            customer_vehicles::id,
            customer_vehicles::store_id,
            customer_vehicles::customer_id,
            customer_vehicles::vin,
        ))
        .load(conn)
        .classify()
}

/// Records the cars found (each once) and how far the matching has come.
pub fn add_cars(
    conn: &mut DbConnection,
    campaign_id: i64,
    (found, through): (&[Candidate], i64),
    now: NaiveDateTime,
) -> StorageResult<()> {
    for chunk in found.chunks(500) {
        let values: Vec<_> = chunk
            .iter()
            .map(|car| {
                (
                    cv::campaign_id.eq(campaign_id),
                    cv::store_id.eq(car.store_id),
                    cv::customer_vehicle_id.eq(car.id),
                    cv::customer_id.eq(car.customer_id),
                    cv::vin.eq(car.vin.as_str()),
                    cv::created_at.eq(now),
                )
            })
            .collect();
        native!(conn, c => diesel::insert_into(cv::table).values(&values).on_conflict_do_nothing().execute(c))
            .classify()?;
    }
    diesel::update(k::table.find(campaign_id).filter(k::matched_through.lt(through)))
        .set(k::matched_through.eq(through))
        .execute(conn)
        .classify()?;
    Ok(())
}

/// The open campaigns of every group, for the matching job.
pub fn open_ones(conn: &mut DbConnection) -> StorageResult<Vec<CampaignRow>> {
    k::table
        .filter(k::status.eq(CampaignStatus::Open.code()))
        .order(k::id)
        .select(CampaignRow::as_select())
        .load(conn)
        .classify()
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = cv)]
pub struct CarRow {
    pub id: i64,
    pub campaign_id: i64,
    pub store_id: i64,
    pub customer_vehicle_id: i64,
    pub customer_id: i64,
    pub vin: String,
    pub notified_at: Option<NaiveDateTime>,
    pub done_at: Option<NaiveDateTime>,
    pub repair_order_id: Option<i64>,
    pub done_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub version: i64,
}

/// A car with its owner's name and its plate, as the campaign's page lists it.
#[derive(Debug, Clone, Queryable)]
pub struct ListedCar {
    pub car: CarRow,
    pub customer_name: String,
    pub plate: Option<String>,
}

/// Where a car stands with a campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CarState {
    /// Not told yet.
    Pending,
    /// Told, not done.
    Notified,
    Done,
    /// Not done (told or not).
    Open,
}

#[derive(Debug, Clone, Default)]
pub struct CarFilter {
    pub state: Option<CarState>,
    /// The owner's name, the VIN or the plate.
    pub q: Option<String>,
}

/// The campaign's cars within `vis` matching `f`, the open ones first.
pub fn cars(
    conn: &mut DbConnection,
    vis: &Visibility,
    campaign_id: i64,
    f: &CarFilter,
    page: PageRequest,
) -> StorageResult<Page<ListedCar>> {
    let build = || {
        let mut q = restrict!(
            cv::table.inner_join(customers::table).inner_join(customer_vehicles::table).into_boxed(),
            vis,
            cv::store_id,
            customers::owner_id
        )
        .filter(cv::campaign_id.eq(campaign_id));
        match f.state {
            Some(CarState::Pending) => q = q.filter(cv::notified_at.is_null()).filter(cv::done_at.is_null()),
            Some(CarState::Notified) => q = q.filter(cv::notified_at.is_not_null()).filter(cv::done_at.is_null()),
            Some(CarState::Done) => q = q.filter(cv::done_at.is_not_null()),
            Some(CarState::Open) => q = q.filter(cv::done_at.is_null()),
            None => {}
        }
        if let Some(text) = f.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            let like = format!("%{}%", crate::users::escape_like(text));
            let upper = like.to_uppercase();
            q = q.filter(
                customers::name
                    .like(like)
                    .escape('\\')
                    .or(cv::vin.like(upper.clone()).escape('\\'))
                    .or(customer_vehicles::plate.like(upper).escape('\\')),
            );
        }
        q
    };
    let total = build().count().get_result(conn).classify()?;
    let items = build()
        .order((cv::done_at.is_not_null(), cv::id))
        .limit(page.per_page)
        .offset(page.offset())
        .select((CarRow::as_select(), customers::name, customer_vehicles::plate))
        .load(conn)
        .classify()?;
    Ok(Page { items, total, page: page.page, per_page: page.per_page })
}

/// The store's cars of the campaign not told and not done, at most `limit`.
pub fn to_notify(conn: &mut DbConnection, store: StoreId, campaign_id: i64, limit: i64) -> StorageResult<Vec<CarRow>> {
    cv::table
        .filter(cv::store_id.eq(store.0))
        .filter(cv::campaign_id.eq(campaign_id))
        .filter(cv::notified_at.is_null())
        .filter(cv::done_at.is_null())
        .order(cv::id)
        .limit(limit)
        .select(CarRow::as_select())
        .load(conn)
        .classify()
}

/// Marks the cars told (those not told in the meantime); how many were.
pub fn mark_notified(conn: &mut DbConnection, ids: &[i64], now: NaiveDateTime) -> StorageResult<usize> {
    diesel::update(cv::table.filter(cv::id.eq_any(ids)).filter(cv::notified_at.is_null()))
        .set((cv::notified_at.eq(Some(now)), cv::version.eq(cv::version + 1)))
        .execute(conn)
        .classify()
}

/// The store's row for the car in the campaign, if the store serves it.
pub fn car(conn: &mut DbConnection, campaign: CampaignId, customer_vehicle_id: i64) -> StorageResult<Option<CarRow>> {
    cv::table
        .filter(cv::campaign_id.eq(campaign.0))
        .filter(cv::customer_vehicle_id.eq(customer_vehicle_id))
        .select(CarRow::as_select())
        .first(conn)
        .optional()
        .classify()
}

/// The campaign rows of a customer's car (the reception's warning says which are done).
pub fn of_vehicle(conn: &mut DbConnection, customer_vehicle_id: i64) -> StorageResult<Vec<CarRow>> {
    cv::table.filter(cv::customer_vehicle_id.eq(customer_vehicle_id)).select(CarRow::as_select()).load(conn).classify()
}

/// Records the work done on the car if it is still open (`Stale` otherwise).
pub fn complete(
    conn: &mut DbConnection,
    row: &CarRow,
    (repair_order_id, by): (Option<i64>, i64),
    now: NaiveDateTime,
) -> StorageResult<CarRow> {
    native!(conn, c => diesel::update(cv::table.find(row.id).filter(cv::version.eq(row.version)).filter(cv::done_at.is_null()))
        .set((
            cv::done_at.eq(Some(now)),
            cv::repair_order_id.eq(repair_order_id),
            cv::done_by.eq(Some(by)),
            cv::version.eq(row.version + 1),
        ))
        .returning(CarRow::as_returning())
        .get_result(c))
    .optional()
    .classify()?
    .ok_or(StorageError::Stale)
}
