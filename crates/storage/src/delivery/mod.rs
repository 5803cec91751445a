//! Delivery's records: the pre-delivery inspections of an order's car and its handover, and the
//! delivery calendar. Read through the order, whose scope the caller has checked.

pub mod calendar;
pub mod checklists;
pub mod followups;

use crate::codes::Coded;
use crate::error::{ClassifyExt, StorageResult};
use crate::schema::{handovers as h, orders, pdi_inspections as p};
use crate::{DbConnection, native};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::catalogue::FuelType;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = p)]
pub struct InspectionRow {
    pub id: i64,
    pub store_id: i64,
    pub order_id: i64,
    pub vehicle_id: i64,
    #[diesel(deserialize_as = Coded<p::fuel_type, FuelType>)]
    pub fuel_type: FuelType,
    /// JSON: `[domain::delivery::Checked]`.
    pub results: String,
    pub passed: bool,
    pub failed_items: i32,
    pub note: String,
    pub inspected_by: i64,
    pub inspected_at: NaiveDateTime,
    pub inspected_on: NaiveDate,
}

pub struct NewInspection<'a> {
    pub store_id: i64,
    pub order_id: i64,
    pub vehicle_id: i64,
    pub fuel_type: FuelType,
    pub results: &'a str,
    pub passed: bool,
    pub failed_items: i32,
    pub note: &'a str,
    pub inspected_by: i64,
    pub now: NaiveDateTime,
    pub today: NaiveDate,
}

pub fn insert_inspection(conn: &mut DbConnection, n: &NewInspection<'_>) -> StorageResult<InspectionRow> {
    native!(conn, c => diesel::insert_into(p::table)
        .values((
            p::store_id.eq(n.store_id),
            p::order_id.eq(n.order_id),
            p::vehicle_id.eq(n.vehicle_id),
            p::fuel_type.eq(n.fuel_type.code()),
            p::results.eq(n.results),
            p::passed.eq(n.passed),
            p::failed_items.eq(n.failed_items),
            p::note.eq(n.note),
            p::inspected_by.eq(n.inspected_by),
            p::inspected_at.eq(n.now),
            p::inspected_on.eq(n.today),
        ))
        .returning(InspectionRow::as_returning())
        .get_result(c))
    .classify()
}

/// The inspections of an order's car, the latest first.
pub fn inspections_of(conn: &mut DbConnection, order_id: i64) -> StorageResult<Vec<InspectionRow>> {
    native!(conn, c => p::table
        .filter(p::order_id.eq(order_id))
        .order(p::id.desc())
        .select(InspectionRow::as_select())
        .load(c))
    .classify()
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = h)]
pub struct HandoverRow {
    pub id: i64,
    pub store_id: i64,
    pub order_id: i64,
    pub vehicle_id: i64,
    pub inspection_id: i64,
    pub invoice_id: i64,
    /// JSON: the `domain::delivery::HandoverDocument` codes handed over.
    pub documents: String,
    pub key_count: i32,
    pub odometer_km: i64,
    pub signature_png: Option<Vec<u8>>,
    pub signed_by: String,
    pub note: String,
    pub delivered_on: NaiveDate,
    pub warranty_from: NaiveDate,
    pub handed_over_by: i64,
    pub recorded_at: NaiveDateTime,
}

pub struct NewHandover<'a> {
    pub store_id: i64,
    pub order_id: i64,
    pub vehicle_id: i64,
    pub inspection_id: i64,
    pub invoice_id: i64,
    pub documents: &'a str,
    pub key_count: i32,
    pub odometer_km: i64,
    pub signature_png: &'a [u8],
    pub signed_by: &'a str,
    pub note: &'a str,
    pub delivered_on: NaiveDate,
    pub warranty_from: NaiveDate,
    pub handed_over_by: i64,
    pub now: NaiveDateTime,
}

/// Records the handover; a second one for the order is `Duplicate`.
pub fn insert_handover(conn: &mut DbConnection, n: &NewHandover<'_>) -> StorageResult<HandoverRow> {
    native!(conn, c => diesel::insert_into(h::table)
        .values((
            h::store_id.eq(n.store_id),
            h::order_id.eq(n.order_id),
            h::vehicle_id.eq(n.vehicle_id),
            h::inspection_id.eq(n.inspection_id),
            h::invoice_id.eq(n.invoice_id),
            h::documents.eq(n.documents),
            h::key_count.eq(n.key_count),
            h::odometer_km.eq(n.odometer_km),
            h::signature_png.eq(Some(n.signature_png)),
            h::signed_by.eq(n.signed_by),
            h::note.eq(n.note),
            h::delivered_on.eq(n.delivered_on),
            h::warranty_from.eq(n.warranty_from),
            h::handed_over_by.eq(n.handed_over_by),
            h::recorded_at.eq(n.now),
        ))
        .returning(HandoverRow::as_returning())
        .get_result(c))
    .classify()
}

pub fn handover_of(conn: &mut DbConnection, order_id: i64) -> StorageResult<Option<HandoverRow>> {
    native!(conn, c => h::table
        .filter(h::order_id.eq(order_id))
        .select(HandoverRow::as_select())
        .first(c)
        .optional())
    .classify()
}

/// Clears the signatures and signers' names of a customer's handovers (their erasure); the
/// facts of the handover (day, documents, odometer) stay with the order.
pub fn erase_signatures(conn: &mut DbConnection, customer_id: i64, redacted: &str) -> StorageResult<()> {
    native!(conn, c => diesel::update(
        h::table.filter(h::order_id.eq_any(orders::table.filter(orders::customer_id.eq(customer_id)).select(orders::id))),
    )
    .set((h::signature_png.eq(None::<Vec<u8>>), h::signed_by.eq(redacted)))
    .execute(c))
    .classify()
    .map(|_| ())
}

/// Whether any handover of the customer still has a signature or a name (for the erasure check).
pub fn holds_signatures(conn: &mut DbConnection, customer_id: i64, redacted: &str) -> StorageResult<bool> {
    native!(conn, c => diesel::select(diesel::dsl::exists(
        h::table
            .filter(h::order_id.eq_any(orders::table.filter(orders::customer_id.eq(customer_id)).select(orders::id)))
            .filter(h::signature_png.is_not_null().or(h::signed_by.ne(redacted))),
    ))
    .get_result(c))
    .classify()
}

/// A PDI photo without its bytes.
#[derive(Debug, Clone, Queryable)]
pub struct PhotoRow {
    pub id: i64,
    pub store_id: i64,
    pub order_id: i64,
    pub vehicle_id: i64,
    pub item_key: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_by: i64,
    pub uploaded_at: NaiveDateTime,
}

pub struct NewPhoto<'a> {
    pub store_id: i64,
    pub order_id: i64,
    pub vehicle_id: i64,
    pub item_key: &'a str,
    pub content_type: &'a str,
    pub sha256: &'a str,
    pub bytes: &'a [u8],
    pub uploaded_by: i64,
    pub now: NaiveDateTime,
}

use crate::schema::pdi_photos as ph;

macro_rules! photo_columns {
    () => {
        (
            ph::id,
            ph::store_id,
            ph::order_id,
            ph::vehicle_id,
            ph::item_key,
            ph::content_type,
            ph::size_bytes,
            ph::sha256,
            ph::uploaded_by,
            ph::uploaded_at,
        )
    };
}

pub fn insert_photo(conn: &mut DbConnection, n: &NewPhoto<'_>) -> StorageResult<PhotoRow> {
    native!(conn, c => diesel::insert_into(ph::table)
        .values((
            ph::store_id.eq(n.store_id),
            ph::order_id.eq(n.order_id),
            ph::vehicle_id.eq(n.vehicle_id),
            ph::item_key.eq(n.item_key),
            ph::content_type.eq(n.content_type),
            ph::size_bytes.eq(n.bytes.len() as i64),
            ph::sha256.eq(n.sha256),
            ph::bytes.eq(n.bytes),
            ph::uploaded_by.eq(n.uploaded_by),
            ph::uploaded_at.eq(n.now),
        ))
        .returning(photo_columns!())
        .get_result(c))
    .classify()
}

/// The order's photos, without their bytes, in the order they were taken.
pub fn photos_of(conn: &mut DbConnection, order_id: i64) -> StorageResult<Vec<PhotoRow>> {
    native!(conn, c => ph::table.filter(ph::order_id.eq(order_id)).order(ph::id).select(photo_columns!()).load(c))
        .classify()
}

/// A photo and its bytes.
pub fn photo(conn: &mut DbConnection, id: i64) -> StorageResult<(PhotoRow, Vec<u8>)> {
    native!(conn, c => ph::table.find(id).select((photo_columns!(), ph::bytes)).first(c)).classify()
}

/// The handover of stock vehicle `vehicle_id`, if it was sold here: the 三包 clocks' start (the
/// invoice date) and the odometer then.
pub fn warranty_of_vehicle(conn: &mut DbConnection, vehicle_id: i64) -> StorageResult<Option<(NaiveDate, i64)>> {
    native!(conn, c => h::table
        .filter(h::vehicle_id.eq(vehicle_id))
        .order(h::id.desc())
        .select((h::warranty_from, h::odometer_km))
        .first(c)
        .optional())
    .classify()
}
