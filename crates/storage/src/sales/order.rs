//! The order row: insert, versioned updates of its content, stage and facts, reads by key.

use super::counts::{Counter, bump, recount};
use super::sql::Numbered;
use crate::codes::Coded;
use crate::error::{ClassifyExt, StorageError, StorageResult};
use crate::native;
use crate::schema::{brands, customers, orders, trims, users, vehicle_models};
use crate::scope::Visibility;
use crate::{DbConnection, keyed};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use domain::sales::{Channel, Facts, PaymentMethod, Stage, StageName, Status, VehicleFact};

/// An order as stored. Storage's own: the API answers with `app::sales::Order`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = orders)]
pub struct OrderRow {
    pub id: i64,
    pub store_id: i64,
    pub order_no: String,
    pub customer_id: i64,
    pub owner_id: i64,
    pub created_by: i64,
    pub model_id: i64,
    pub trim_id: i64,
    #[diesel(deserialize_as = Coded<orders::channel, Channel>)]
    pub channel: Channel,
    #[diesel(deserialize_as = Coded<orders::payment_method, PaymentMethod>)]
    pub payment_method: PaymentMethod,
    pub expected_delivery: Option<NaiveDate>,
    pub notes: Option<String>,
    /// `domain::sales::Terms`, stored as JSON text.
    pub terms: String,
    /// `domain::sales::Quote`, stored as JSON text.
    pub quote: String,
    pub total_fen: i64,
    pub discount_fen: i64,
    pub discount_bp: i32,
    pub gifts_fen: i64,
    #[diesel(deserialize_as = Coded<orders::stage, StageName>)]
    pub stage: StageName,
    pub approval_level: i32,
    pub approval_levels: i32,
    pub contract_signed: bool,
    pub money_received: bool,
    pub paid_in_full: bool,
    #[diesel(deserialize_as = Coded<orders::vehicle_fact, VehicleFact>)]
    pub vehicle_fact: VehicleFact,
    pub ready_for_delivery: bool,
    pub delivered: bool,
    #[diesel(deserialize_as = Coded<orders::status, Status>)]
    pub status: Status,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl OrderRow {
    /// The order as it would read with `content` (a change order's proposed terms); the workflow
    /// columns and facts stay.
    pub fn proposed(&self, content: &OrderContent) -> OrderRow {
        OrderRow {
            customer_id: content.customer_id,
            owner_id: content.owner_id,
            model_id: content.model_id,
            trim_id: content.trim_id,
            channel: Channel::from_code(content.channel).unwrap_or(self.channel),
            payment_method: PaymentMethod::from_code(content.payment_method).unwrap_or(self.payment_method),
            expected_delivery: content.expected_delivery,
            notes: content.notes.clone(),
            terms: content.terms.clone(),
            quote: content.quote.clone(),
            total_fen: content.total_fen,
            discount_fen: content.discount_fen,
            discount_bp: content.discount_bp,
            gifts_fen: content.gifts_fen,
            ..self.clone()
        }
    }

    /// The stage with its approval level; an impossible level is an error naming the order.
    pub fn stage(&self) -> StorageResult<Stage> {
        Stage::from_columns(self.stage, self.approval_level, self.approval_levels).ok_or_else(|| {
            StorageError::Corrupt(format!(
                "order {}: approval level {} of {} in orders.approval_level",
                self.id, self.approval_level, self.approval_levels
            ))
        })
    }

    pub(super) fn counter(&self) -> Counter {
        Counter { store_id: self.store_id, owner_id: self.owner_id, status: self.status }
    }

    pub fn facts(&self) -> Facts {
        Facts {
            contract_signed: self.contract_signed,
            money_received: self.money_received,
            paid_in_full: self.paid_in_full,
            vehicle: self.vehicle_fact,
            ready_for_delivery: self.ready_for_delivery,
            delivered: self.delivered,
        }
    }
}

/// The fields an edit of the order's content sets (not its stage or facts).
#[derive(Debug, Clone, AsChangeset, Insertable)]
#[diesel(table_name = orders, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct OrderContent {
    pub customer_id: i64,
    pub owner_id: i64,
    pub model_id: i64,
    pub trim_id: i64,
    pub channel: &'static str,
    pub payment_method: &'static str,
    pub expected_delivery: Option<NaiveDate>,
    pub notes: Option<String>,
    pub terms: String,
    pub quote: String,
    pub total_fen: i64,
    pub discount_fen: i64,
    pub discount_bp: i32,
    pub gifts_fen: i64,
}

/// The workflow columns a transition sets.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = orders)]
pub struct OrderStage {
    pub stage: &'static str,
    pub approval_level: i32,
    pub approval_levels: i32,
    pub status: &'static str,
}

/// The facts other modules record (contract, money, vehicle, delivery).
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = orders)]
pub struct OrderFacts {
    pub contract_signed: bool,
    pub money_received: bool,
    pub paid_in_full: bool,
    pub vehicle_fact: &'static str,
    pub ready_for_delivery: bool,
    pub delivered: bool,
    pub status: &'static str,
}

impl OrderStage {
    /// The columns of `stage`, with the status it shows given `facts`.
    pub fn of(stage: Stage, facts: &Facts) -> Self {
        let (approval_level, approval_levels) = stage.level_columns();
        Self { stage: stage.name().code(), approval_level, approval_levels, status: Status::of(stage, facts).code() }
    }
}

impl OrderFacts {
    /// The columns of `facts` (money received whenever paid in full), with the status they show
    /// at `stage`.
    pub fn of(stage: Stage, facts: &Facts) -> Self {
        Self {
            contract_signed: facts.contract_signed,
            money_received: facts.money_received || facts.paid_in_full,
            paid_in_full: facts.paid_in_full,
            vehicle_fact: facts.vehicle.code(),
            ready_for_delivery: facts.ready_for_delivery,
            delivered: facts.delivered,
            status: Status::of(stage, facts).code(),
        }
    }
}

#[derive(QueryableByName)]
struct Requester {
    #[diesel(sql_type = BigInt)]
    #[allow(dead_code)]
    user_id: i64,
}

/// Records that `user` asked for the order (created it, or changed its terms or owner): one
/// insert that does nothing when they already had.
pub fn add_requester(
    conn: &mut DbConnection,
    order_id: domain::ids::OrderId,
    user_id: domain::ids::UserId,
) -> StorageResult<()> {
    const INSERT: &str =
        "INSERT INTO order_requesters (order_id, user_id) VALUES ({1}, {2}) ON CONFLICT DO NOTHING RETURNING user_id";
    static SQL: std::sync::LazyLock<Numbered> = std::sync::LazyLock::new(|| Numbered::new(INSERT, 2));
    let q = keyed!(diesel::sql_query(SQL.sql(conn)).bind::<BigInt, _>(order_id).bind::<BigInt, _>(user_id),);
    native!(conn, c => q.load::<Requester>(c)).classify()?;
    Ok(())
}

/// Everyone recorded by [`add_requester`] for the order.
pub fn requesters(conn: &mut DbConnection, order_id: i64) -> StorageResult<Vec<i64>> {
    use crate::schema::order_requesters as r;
    r::table.filter(r::order_id.eq(order_id)).select(r::user_id).load(conn).classify()
}

/// Who asked for the order: its owner, its creator, and whoever reshaped or handed it over (none
/// of them approves it or changes its signing contact).
pub fn requesters_of(conn: &mut DbConnection, row: &OrderRow) -> StorageResult<domain::sales::state::Requesters> {
    use domain::ids::UserId;
    let editors = requesters(conn, row.id)?.into_iter().map(UserId).collect();
    Ok(domain::sales::state::Requesters { owner: UserId(row.owner_id), creator: UserId(row.created_by), editors })
}

#[allow(clippy::too_many_arguments)]
pub fn insert(
    conn: &mut DbConnection,
    store_id: i64,
    order_no: &str,
    created_by: i64,
    content: &OrderContent,
    stage: &OrderStage,
    now: NaiveDateTime,
) -> StorageResult<OrderRow> {
    native!(conn, c => keyed!(diesel::insert_into(orders::table).values((
            content,
            orders::store_id.eq(store_id),
            orders::order_no.eq(order_no),
            orders::created_by.eq(created_by),
            orders::stage.eq(&stage.stage),
            orders::approval_level.eq(stage.approval_level),
            orders::approval_levels.eq(stage.approval_levels),
            orders::status.eq(&stage.status),
            orders::created_at.eq(now),
            orders::updated_at.eq(now),
        ))
        .returning(orders::all_columns))
        .get_result::<OrderRow>(c))
    .classify()
    .and_then(|row| {
        bump(conn, domain::ids::StoreId(row.store_id), domain::ids::UserId(row.owner_id), row.status, 1)?;
        bill(conn, &row, now)?;
        Ok(row)
    })
}

/// Registers the order as a billable document, or brings the registration in step with it.
fn bill(conn: &mut DbConnection, row: &OrderRow, now: NaiveDateTime) -> StorageResult<()> {
    crate::billing::register(
        conn,
        &crate::billing::Billable {
            document: domain::billing::Document::sales_order(row.id),
            store_id: row.store_id,
            owner_id: row.owner_id,
            customer_id: row.customer_id,
            number: &row.order_no,
            amount_fen: row.total_fen,
            now,
        },
    )
}

/// Sets `changes` on order `id` if it is still at `version` (optimistic lock), bumps the version
/// and keeps the status counts in step. A macro because the three change sets are different types.
macro_rules! update_at_version {
    ($conn:expr, $before:expr, $version:expr, $changes:ident: $ty:ty, $now:expr) => {{
        let (conn, before, version, now): (_, &OrderRow, i64, NaiveDateTime) = ($conn, $before, $version, $now);
        let id = before.id;
        // One statement per change set type: none of them has optional columns.
        let after: OrderRow = native!(conn, c => keyed!(
            diesel::update(orders::table.filter(orders::id.eq(id)).filter(orders::version.eq(version)))
                .set(($changes, orders::version.eq(version.saturating_add(1)), orders::updated_at.eq(now)))
                .returning(orders::all_columns),
        )
        .get_result(c))
        .optional()
        .classify()?
        .ok_or(StorageError::Stale)?;
        recount(conn, before.counter(), after.counter())?;
        Ok(after)
    }};
}

// Each update takes the row as read in the same transaction (`before`): the version check makes
// sure it is still the stored one, and the status counts move from its owner and status.

/// Writes new content (customer, vehicle, terms, price).
pub fn update_content(
    conn: &mut DbConnection,
    before: &OrderRow,
    version: i64,
    c: &OrderContent,
    now: NaiveDateTime,
) -> StorageResult<OrderRow> {
    let after = write_content(&mut *conn, before, version, c, now)?;
    bill(conn, &after, now)?;
    Ok(after)
}

fn write_content(
    conn: &mut DbConnection,
    before: &OrderRow,
    version: i64,
    c: &OrderContent,
    now: NaiveDateTime,
) -> StorageResult<OrderRow> {
    update_at_version!(conn, before, version, c: OrderContent, now)
}

/// Moves the order to a new stage.
pub fn set_stage(
    conn: &mut DbConnection,
    before: &OrderRow,
    version: i64,
    s: &OrderStage,
    now: NaiveDateTime,
) -> StorageResult<OrderRow> {
    update_at_version!(conn, before, version, s: OrderStage, now)
}

/// Records the facts other modules report.
pub fn set_facts(
    conn: &mut DbConnection,
    before: &OrderRow,
    version: i64,
    f: &OrderFacts,
    now: NaiveDateTime,
) -> StorageResult<OrderRow> {
    update_at_version!(conn, before, version, f: OrderFacts, now)
}

/// An order by id if `vis` covers it; `NotFound` otherwise (outside the scope looks like absent).
pub fn get_visible(conn: &mut DbConnection, vis: &Visibility, id: i64) -> StorageResult<OrderRow> {
    let row = get(conn, id)?;
    if vis.allows(domain::ids::StoreId(row.store_id), domain::ids::UserId(row.owner_id)) {
        Ok(row)
    } else {
        Err(StorageError::NotFound)
    }
}

/// An order by id for the customer's signed link (the signature is checked by the caller).
pub fn get(conn: &mut DbConnection, id: i64) -> StorageResult<OrderRow> {
    native!(conn, c => orders::table.find(id).select(OrderRow::as_select()).first(c)).classify()
}

/// Locks an order's row until the write transaction ends, so that writes which check the
/// order's documents before adding to them (a payment against the balance, a refund against
/// the money held) run one at a time per order and each sees what the previous one committed.
/// On PostgreSQL `SELECT ... FOR UPDATE`; SQLite's write transactions are serial already.
pub fn lock(conn: &mut DbConnection, id: i64) -> StorageResult<()> {
    match conn {
        DbConnection::Postgres(c) => {
            orders::table.find(id).select(orders::id).for_update().load::<i64>(c).classify()?;
            Ok(())
        }
        DbConnection::Sqlite(_) => Ok(()),
    }
}

/// An order with the names its page shows, in one statement.
#[derive(Debug, Clone, Queryable)]
pub struct OrderHeader {
    pub order: OrderRow,
    pub customer_name: String,
    pub customer_mobile: String,
    pub owner_name: String,
    pub owner_mobile: Option<String>,
    pub brand: String,
    pub model: String,
    pub model_year: i32,
    pub trim: String,
    pub floor_price_fen: Option<i64>,
}

/// The order `id` with its customer's, owner's and vehicle's names if `vis` covers it.
pub fn header(conn: &mut DbConnection, vis: &Visibility, id: i64) -> StorageResult<OrderHeader> {
    let h = header_by_key(conn, id)?;
    if vis.allows(domain::ids::StoreId(h.order.store_id), domain::ids::UserId(h.order.owner_id)) {
        Ok(h)
    } else {
        Err(StorageError::NotFound)
    }
}

/// [`header`] without a data scope: for the customer's signed link, whose signature is the
/// authorization.
pub fn header_by_key(conn: &mut DbConnection, id: i64) -> StorageResult<OrderHeader> {
    native!(conn, c => orders::table
        .find(id)
        .inner_join(customers::table)
        .inner_join(users::table)
        .inner_join(trims::table.inner_join(vehicle_models::table.inner_join(brands::table)))
        .select((
            OrderRow::as_select(),
            customers::name,
            customers::mobile,
            users::display_name,
            users::mobile,
            brands::name,
            vehicle_models::name,
            trims::model_year,
            trims::name,
            trims::floor_price_fen,
        ))
        .first(c))
    .classify()
}
