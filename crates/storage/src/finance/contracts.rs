//! Contract versions, their PDFs and signatures, and the one-time signing codes.

use super::one_row;
use crate::codes::Coded;
use crate::error::{ClassifyExt, StorageResult};
use crate::schema::{contracts as k, signing_codes as sc};
use crate::{DbConnection, native};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::finance::ContractStatus;

/// A contract version without its files.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = k)]
pub struct ContractRow {
    pub id: i64,
    pub order_id: i64,
    pub store_id: i64,
    pub version: i32,
    pub contract_no: String,
    #[diesel(deserialize_as = Coded<k::status, ContractStatus>)]
    pub status: ContractStatus,
    pub data: String,
    pub pdf_sha256: String,
    pub generated_by: i64,
    pub generated_at: NaiveDateTime,
    pub customer_evidence: Option<String>,
    pub customer_signed_at: Option<NaiveDateTime>,
    pub countersigned_by: Option<i64>,
    pub countersigned_at: Option<NaiveDateTime>,
    pub signed_sha256: Option<String>,
    pub superseded_at: Option<NaiveDateTime>,
    pub version_lock: i64,
}

pub struct NewContract<'a> {
    pub order_id: i64,
    pub store_id: i64,
    pub version: i32,
    pub contract_no: &'a str,
    pub data: &'a str,
    pub pdf: &'a [u8],
    pub pdf_sha256: &'a str,
    pub generated_by: i64,
    pub now: NaiveDateTime,
}

/// Inserts a version awaiting the customer. The index of current versions refuses a second one
/// per order (`Duplicate`): supersede the current one first.
pub fn insert(conn: &mut DbConnection, n: &NewContract<'_>) -> StorageResult<i64> {
    native!(conn, c => diesel::insert_into(k::table)
        .values((
            k::order_id.eq(n.order_id),
            k::store_id.eq(n.store_id),
            k::version.eq(n.version),
            k::contract_no.eq(n.contract_no),
            k::status.eq(ContractStatus::AwaitingCustomer.code()),
            k::data.eq(n.data),
            k::pdf.eq(n.pdf),
            k::pdf_sha256.eq(n.pdf_sha256),
            k::generated_by.eq(n.generated_by),
            k::generated_at.eq(n.now),
        ))
        .returning(k::id)
        .get_result(c))
    .classify()
}

pub fn get(conn: &mut DbConnection, id: i64) -> StorageResult<ContractRow> {
    native!(conn, c => k::table.find(id).select(ContractRow::as_select()).first(c)).classify()
}

/// Every version of the order's contract, newest first.
pub fn of_order(conn: &mut DbConnection, order_id: i64) -> StorageResult<Vec<ContractRow>> {
    native!(conn, c => k::table
        .filter(k::order_id.eq(order_id))
        .order(k::version.desc())
        .select(ContractRow::as_select())
        .load(c))
    .classify()
}

/// The version the buyer works on now: a supplement waiting for signatures beside the signed
/// version in force, else the one version not superseded, if any.
pub fn current(conn: &mut DbConnection, order_id: i64) -> StorageResult<Option<ContractRow>> {
    native!(conn, c => k::table
        .filter(k::order_id.eq(order_id))
        .filter(k::status.ne(ContractStatus::Superseded.code()))
        .order(k::version.desc())
        .select(ContractRow::as_select())
        .first(c)
        .optional())
    .classify()
}

/// The version signed by both and in force, if any: the order's "contract signed".
pub fn in_force(conn: &mut DbConnection, order_id: i64) -> StorageResult<Option<ContractRow>> {
    native!(conn, c => k::table
        .filter(k::order_id.eq(order_id))
        .filter(k::status.eq(ContractStatus::Signed.code()))
        .select(ContractRow::as_select())
        .first(c)
        .optional())
    .classify()
}

pub fn latest_version(conn: &mut DbConnection, order_id: i64) -> StorageResult<i32> {
    let v: Option<i32> =
        native!(conn, c => k::table.filter(k::order_id.eq(order_id)).select(diesel::dsl::max(k::version)).first(c))
            .classify()?;
    Ok(v.unwrap_or(0))
}

/// The PDF the customer read, or the signed one.
pub fn pdf(conn: &mut DbConnection, id: i64, signed: bool) -> StorageResult<Option<Vec<u8>>> {
    if signed {
        native!(conn, c => k::table.find(id).select(k::signed_pdf).first::<Option<Vec<u8>>>(c)).classify()
    } else {
        native!(conn, c => k::table.find(id).select(k::pdf).first::<Vec<u8>>(c)).classify().map(Some)
    }
}

/// A signature image (PNG), if drawn.
pub type Png = Option<Vec<u8>>;

/// The customer's and the seller's signature images.
pub fn signatures(conn: &mut DbConnection, id: i64) -> StorageResult<(Png, Png)> {
    native!(conn, c => k::table.find(id).select((k::customer_signature, k::seller_signature)).first(c)).classify()
}

pub fn supersede(conn: &mut DbConnection, row: &ContractRow, now: NaiveDateTime) -> StorageResult<()> {
    one_row(native!(conn, c => diesel::update(k::table.find(row.id).filter(k::version_lock.eq(row.version_lock)))
        .set((
            k::status.eq(ContractStatus::Superseded.code()),
            k::superseded_at.eq(now),
            k::version_lock.eq(row.version_lock + 1),
        ))
        .execute(c)))
}

pub fn record_customer_signature(
    conn: &mut DbConnection,
    row: &ContractRow,
    png: &[u8],
    evidence: &str,
    now: NaiveDateTime,
) -> StorageResult<()> {
    one_row(native!(conn, c => diesel::update(
        k::table
            .find(row.id)
            .filter(k::version_lock.eq(row.version_lock))
            .filter(k::status.eq(ContractStatus::AwaitingCustomer.code())),
    )
    .set((
        k::status.eq(ContractStatus::AwaitingCountersign.code()),
        k::customer_signature.eq(png),
        k::customer_evidence.eq(evidence),
        k::customer_signed_at.eq(now),
        k::version_lock.eq(row.version_lock + 1),
    ))
    .execute(c)))
}

pub struct Countersign<'a> {
    pub png: &'a [u8],
    pub by: i64,
    pub signed_pdf: &'a [u8],
    pub signed_sha256: &'a str,
    pub now: NaiveDateTime,
}

pub fn record_countersign(conn: &mut DbConnection, row: &ContractRow, s: &Countersign<'_>) -> StorageResult<()> {
    one_row(native!(conn, c => diesel::update(
        k::table
            .find(row.id)
            .filter(k::version_lock.eq(row.version_lock))
            .filter(k::status.eq(ContractStatus::AwaitingCountersign.code())),
    )
    .set((
        k::status.eq(ContractStatus::Signed.code()),
        k::seller_signature.eq(s.png),
        k::countersigned_by.eq(s.by),
        k::countersigned_at.eq(s.now),
        k::signed_pdf.eq(s.signed_pdf),
        k::signed_sha256.eq(s.signed_sha256),
        k::version_lock.eq(row.version_lock + 1),
    ))
    .execute(c)))
}

/// Contracts of a store in a status, oldest first (the workspace's lists).
pub fn in_status(
    conn: &mut DbConnection,
    store_id: i64,
    status: ContractStatus,
    limit: i64,
) -> StorageResult<Vec<ContractRow>> {
    native!(conn, c => k::table
        .filter(k::store_id.eq(store_id))
        .filter(k::status.eq(status.code()))
        .order(k::generated_at)
        .limit(limit)
        .select(ContractRow::as_select())
        .load(c))
    .classify()
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sc)]
pub struct CodeRow {
    pub contract_id: i64,
    pub code_hash: String,
    pub channel: String,
    pub sent_to: String,
    pub expires_at: NaiveDateTime,
    pub attempts: i32,
    pub created_at: NaiveDateTime,
    /// Codes sent since `issued_since` (the limit per hour), the wrong tries kept across them.
    pub issued: i32,
    pub issued_since: NaiveDateTime,
}

/// Stores a new code for the contract, replacing any earlier one (the caller carries the tries
/// and the count of issues over).
pub fn put_code(conn: &mut DbConnection, row: &CodeRow) -> StorageResult<()> {
    delete_code(conn, row.contract_id)?;
    native!(conn, c => diesel::insert_into(sc::table)
        .values((
            sc::contract_id.eq(row.contract_id),
            sc::code_hash.eq(&row.code_hash),
            sc::channel.eq(&row.channel),
            sc::sent_to.eq(&row.sent_to),
            sc::expires_at.eq(row.expires_at),
            sc::attempts.eq(row.attempts),
            sc::created_at.eq(row.created_at),
            sc::issued.eq(row.issued),
            sc::issued_since.eq(row.issued_since),
        ))
        .execute(c))
    .classify()
    .map(|_| ())
}

pub fn code(conn: &mut DbConnection, contract_id: i64) -> StorageResult<Option<CodeRow>> {
    native!(conn, c => sc::table.find(contract_id).select(CodeRow::as_select()).first(c).optional()).classify()
}

pub fn count_wrong_code(conn: &mut DbConnection, contract_id: i64) -> StorageResult<()> {
    native!(conn, c => diesel::update(sc::table.find(contract_id)).set(sc::attempts.eq(sc::attempts + 1)).execute(c))
        .classify()
        .map(|_| ())
}

/// Unlocks a contract's code after too many wrong tries: the tries and issues start again, the
/// last code no longer works.
pub fn unlock_code(conn: &mut DbConnection, contract_id: i64) -> StorageResult<()> {
    native!(conn, c => diesel::update(sc::table.find(contract_id))
        .set((sc::attempts.eq(0), sc::issued.eq(0), sc::code_hash.eq("")))
        .execute(c))
    .classify()
    .map(|_| ())
}

/// The contact an order's signing code goes to.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = crate::schema::signing_contacts)]
pub struct ContactRow {
    pub order_id: i64,
    pub store_id: i64,
    pub mobile: String,
    pub email: Option<String>,
    pub fixed_at: NaiveDateTime,
    /// The manager who changed it; `None`: the buyer on their link.
    pub fixed_by: Option<i64>,
    pub reason: String,
}

pub fn contact(conn: &mut DbConnection, order_id: i64) -> StorageResult<Option<ContactRow>> {
    use crate::schema::signing_contacts as sk;
    native!(conn, c => sk::table.find(order_id).select(ContactRow::as_select()).first(c).optional()).classify()
}

/// Fixes (or changes) the order's signing contact.
pub fn fix_contact(conn: &mut DbConnection, row: &ContactRow) -> StorageResult<()> {
    use crate::schema::signing_contacts as sk;
    native!(conn, c => diesel::delete(sk::table.find(row.order_id)).execute(c)).classify()?;
    native!(conn, c => diesel::insert_into(sk::table)
        .values((
            sk::order_id.eq(row.order_id),
            sk::store_id.eq(row.store_id),
            sk::mobile.eq(&row.mobile),
            sk::email.eq(&row.email),
            sk::fixed_at.eq(row.fixed_at),
            sk::fixed_by.eq(row.fixed_by),
            sk::reason.eq(&row.reason),
        ))
        .execute(c))
    .classify()
    .map(|_| ())
}

/// Erases the signing contacts of a customer's orders (anonymisation): the evidence keeps the
/// masked address the code went to.
pub fn erase_contacts(conn: &mut DbConnection, order_ids: &[i64]) -> StorageResult<()> {
    use crate::schema::signing_contacts as sk;
    native!(conn, c => diesel::update(sk::table.filter(sk::order_id.eq_any(order_ids)))
        .set((sk::mobile.eq(""), sk::email.eq(None::<String>), sk::reason.eq("")))
        .execute(c))
    .classify()
    .map(|_| ())
}

pub fn delete_code(conn: &mut DbConnection, contract_id: i64) -> StorageResult<()> {
    native!(conn, c => diesel::delete(sc::table.find(contract_id)).execute(c)).classify().map(|_| ())
}
