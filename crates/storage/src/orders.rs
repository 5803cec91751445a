//! Sales orders: the order row with its items, timeline and approval round; order numbers;
//! approval rules; the dated tax data; idempotency keys. The data scope is applied in the list
//! queries; orders read by key are checked with `Visibility::allows` before they are returned.

use crate::error::{ClassifyExt, StorageError, StorageResult};
use crate::native;
use crate::schema::{
    approval_rules, brands, customers, idempotency_keys, order_approvals, order_events, order_items,
    order_status_counts, orders, purchase_tax_rules, trims, users, vat_rates, vehicle_models,
};
use crate::scope::Visibility;
use crate::{Cached, DbConnection, Keyed, Page, PageRequest};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize, utoipa::ToSchema)]
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
    pub channel: String,
    pub payment_method: String,
    pub expected_delivery: Option<NaiveDate>,
    pub notes: Option<String>,
    /// `domain::order::Terms`, stored as JSON text.
    #[serde(serialize_with = "crate::json::embedded")]
    #[schema(value_type = Object)]
    pub terms: String,
    /// `domain::order::Quote`, stored as JSON text.
    #[serde(serialize_with = "crate::json::embedded")]
    #[schema(value_type = Object)]
    pub quote: String,
    pub total_fen: i64,
    pub discount_fen: i64,
    pub discount_bp: i32,
    pub gifts_fen: i64,
    pub stage: String,
    pub approval_level: i32,
    pub approval_levels: i32,
    pub contract_signed: bool,
    pub money_received: bool,
    pub paid_in_full: bool,
    pub vehicle_fact: String,
    pub ready_for_delivery: bool,
    pub delivered: bool,
    pub status: String,
    pub version: i64,
    #[serde(serialize_with = "crate::time::rfc3339")]
    pub created_at: NaiveDateTime,
    #[serde(serialize_with = "crate::time::rfc3339")]
    pub updated_at: NaiveDateTime,
}

/// The fields an edit of the order's content sets (not its stage or facts).
#[derive(Debug, Clone, AsChangeset, Insertable)]
#[diesel(table_name = orders, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct OrderContent {
    pub customer_id: i64,
    pub owner_id: i64,
    pub model_id: i64,
    pub trim_id: i64,
    pub channel: String,
    pub payment_method: String,
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
    pub stage: String,
    pub approval_level: i32,
    pub approval_levels: i32,
    pub status: String,
}

/// The facts other modules record (contract, money, vehicle, delivery).
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = orders)]
pub struct OrderFacts {
    pub contract_signed: bool,
    pub money_received: bool,
    pub paid_in_full: bool,
    pub vehicle_fact: String,
    pub ready_for_delivery: bool,
    pub delivered: bool,
    pub status: String,
}

#[derive(QueryableByName)]
struct Seq {
    #[diesel(sql_type = BigInt)]
    last_seq: i64,
}

/// The next number of `store` on `day` (`YYYYMMDD`): one upsert, so concurrent orders never get
/// the same number on either database, and a rolled-back order's number is simply not used.
pub fn next_sequence(conn: &mut DbConnection, store_id: i64, day: &str) -> StorageResult<i64> {
    const UPSERT: &str = "INSERT INTO order_sequences (store_id, day, last_seq) VALUES ({1}, {2}, 1) \
        ON CONFLICT (store_id, day) DO UPDATE SET last_seq = order_sequences.last_seq + 1 RETURNING last_seq";
    let seq: Seq = match conn {
        DbConnection::Sqlite(c) => Keyed::<NextSequence, _>::new(
            diesel::sql_query(UPSERT.replace("{1}", "?").replace("{2}", "?"))
                .bind::<BigInt, _>(store_id)
                .bind::<Text, _>(day),
        )
        .get_result(c),
        DbConnection::Postgres(c) => Keyed::<NextSequence, _>::new(
            diesel::sql_query(UPSERT.replace("{1}", "$1").replace("{2}", "$2"))
                .bind::<BigInt, _>(store_id)
                .bind::<Text, _>(day),
        )
        .get_result(c),
    }
    .classify()?;
    Ok(seq.last_seq)
}

/// A statement with its placeholders `{1}`..`{n}` in each backend's numbered form (`?1` / `$1`),
/// written out once.
struct Numbered([String; 2]);

impl Numbered {
    fn new(sql: &str, n: usize) -> Self {
        let with = |sigil: &str| {
            (1..=n).fold(sql.to_string(), |sql, i| sql.replace(&format!("{{{i}}}"), &format!("{sigil}{i}")))
        };
        Self([with("?"), with("$")])
    }

    fn sql(&self, conn: &DbConnection) -> String {
        self.0[usize::from(matches!(conn, DbConnection::Postgres(_)))].clone()
    }
}

/// A count after an upsert. The upserts return it only so that they run through `load`, where the
/// [`Keyed`] wrapper is seen (see `Cached`): executed, they would be parsed again every time.
#[derive(QueryableByName)]
struct Counted {
    #[diesel(sql_type = BigInt)]
    #[allow(dead_code)]
    orders: i64,
}

/// Statement keys (see [`Keyed`]).
struct Bump;
struct Recount;
struct Decide;
struct NextSequence;
struct InsertOrder;
struct VersionedUpdate;
struct AddRequester;

#[derive(QueryableByName)]
struct Requester {
    #[diesel(sql_type = BigInt)]
    #[allow(dead_code)]
    user_id: i64,
}

/// Records that `user` asked for the order (created it, or changed its terms or owner): one
/// insert that does nothing when they already had.
pub fn add_requester(conn: &mut DbConnection, order_id: i64, user_id: i64) -> StorageResult<()> {
    const INSERT: &str =
        "INSERT INTO order_requesters (order_id, user_id) VALUES ({1}, {2}) ON CONFLICT DO NOTHING RETURNING user_id";
    static SQL: std::sync::LazyLock<Numbered> = std::sync::LazyLock::new(|| Numbered::new(INSERT, 2));
    let q = Keyed::<AddRequester, _>::new(
        diesel::sql_query(SQL.sql(conn)).bind::<BigInt, _>(order_id).bind::<BigInt, _>(user_id),
    );
    native!(conn, c => q.load::<Requester>(c)).classify()?;
    Ok(())
}

/// Everyone recorded by [`add_requester`] for the order.
pub fn requesters(conn: &mut DbConnection, order_id: i64) -> StorageResult<Vec<i64>> {
    use crate::schema::order_requesters as r;
    r::table.filter(r::order_id.eq(order_id)).select(r::user_id).load(conn).classify()
}

/// Adds `delta` to the orders of (store, owner, status): one upsert, per backend.
fn bump(conn: &mut DbConnection, store_id: i64, owner_id: i64, status: &str, delta: i64) -> StorageResult<()> {
    const UPSERT: &str = "INSERT INTO order_status_counts (store_id, owner_id, status, orders) VALUES ({1}, {2}, {3}, {4}) \
        ON CONFLICT (store_id, owner_id, status) DO UPDATE SET orders = order_status_counts.orders + {4} RETURNING orders";
    static SQL: std::sync::LazyLock<Numbered> = std::sync::LazyLock::new(|| Numbered::new(UPSERT, 4));
    let q = Keyed::<Bump, _>::new(
        diesel::sql_query(SQL.sql(conn))
            .bind::<BigInt, _>(store_id)
            .bind::<BigInt, _>(owner_id)
            .bind::<Text, _>(status)
            .bind::<BigInt, _>(delta),
    );
    native!(conn, c => q.load::<Counted>(c)).classify()?;
    Ok(())
}

/// Keeps the counts in step when an order's owner or status changes: one from the old
/// (store, owner, status), one to the new, in a single two-row upsert (the two keys differ).
/// `before` is the row as the caller read it in this transaction; the update checked its version.
fn recount(conn: &mut DbConnection, before: &OrderRow, after: &OrderRow) -> StorageResult<()> {
    if before.owner_id == after.owner_id && before.status == after.status {
        return Ok(());
    }
    const MOVE: &str = "INSERT INTO order_status_counts (store_id, owner_id, status, orders) \
        VALUES ({1}, {2}, {3}, -1), ({4}, {5}, {6}, 1) \
        ON CONFLICT (store_id, owner_id, status) DO UPDATE SET orders = order_status_counts.orders + excluded.orders \
        RETURNING orders";
    static SQL: std::sync::LazyLock<Numbered> = std::sync::LazyLock::new(|| Numbered::new(MOVE, 6));
    let q = Keyed::<Recount, _>::new(
        diesel::sql_query(SQL.sql(conn))
            .bind::<BigInt, _>(before.store_id)
            .bind::<BigInt, _>(before.owner_id)
            .bind::<Text, _>(&before.status)
            .bind::<BigInt, _>(after.store_id)
            .bind::<BigInt, _>(after.owner_id)
            .bind::<Text, _>(&after.status),
    );
    native!(conn, c => q.load::<Counted>(c)).classify()?;
    Ok(())
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
    native!(conn, c => Keyed::<InsertOrder, _>::new(diesel::insert_into(orders::table).values((
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
        bump(conn, row.store_id, row.owner_id, &row.status, 1)?;
        Ok(row)
    })
}

/// Sets `changes` on order `id` if it is still at `version` (optimistic lock), bumps the version
/// and keeps the status counts in step. A macro because the three change sets are different types.
macro_rules! update_at_version {
    ($conn:expr, $before:expr, $version:expr, $changes:ident: $ty:ty, $now:expr) => {{
        let (conn, before, version, now): (_, &OrderRow, i64, NaiveDateTime) = ($conn, $before, $version, $now);
        let id = before.id;
        // One statement per change set type: none of them has optional columns.
        let after: OrderRow = native!(conn, c => Keyed::<(VersionedUpdate, $ty), _>::new(
            diesel::update(orders::table.filter(orders::id.eq(id)).filter(orders::version.eq(version)))
                .set(($changes, orders::version.eq(version.saturating_add(1)), orders::updated_at.eq(now)))
                .returning(orders::all_columns),
        )
        .get_result(c))
        .optional()
        .classify()?
        .ok_or(StorageError::Stale)?;
        recount(conn, before, &after)?;
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

/// Applies the data scope to a boxed query of orders (plain or grouped).
macro_rules! scoped {
    ($q:expr, $vis:expr) => {{
        let vis: &Visibility = $vis;
        let mut q = $q.filter(orders::store_id.eq(vis.store_id()));
        if let Visibility::Owners { owner_ids, .. } = vis {
            q = q.filter(orders::owner_id.eq_any(owner_ids.clone()));
        }
        q
    }};
}

/// An order by id if `vis` covers it; `NotFound` otherwise (outside the scope looks like absent).
pub fn get_visible(conn: &mut DbConnection, vis: &Visibility, id: i64) -> StorageResult<OrderRow> {
    let row = get(conn, id)?;
    if vis.allows(row.store_id, row.owner_id) { Ok(row) } else { Err(StorageError::NotFound) }
}

/// An order by id for the customer's signed link (the signature is checked by the caller).
pub fn get(conn: &mut DbConnection, id: i64) -> StorageResult<OrderRow> {
    native!(conn, c => orders::table.find(id).select(OrderRow::as_select()).first(c)).classify()
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
    if vis.allows(h.order.store_id, h.order.owner_id) { Ok(h) } else { Err(StorageError::NotFound) }
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OrderSort {
    #[default]
    NewestFirst,
    OldestFirst,
    TotalDesc,
    TotalAsc,
    UpdatedDesc,
}

impl OrderSort {
    pub const ALL: [OrderSort; 5] =
        [Self::NewestFirst, Self::OldestFirst, Self::TotalDesc, Self::TotalAsc, Self::UpdatedDesc];

    pub fn code(self) -> &'static str {
        match self {
            Self::NewestFirst => "created_desc",
            Self::OldestFirst => "created_asc",
            Self::TotalDesc => "total_desc",
            Self::TotalAsc => "total_asc",
            Self::UpdatedDesc => "updated_desc",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

#[derive(Debug, Clone, Default)]
pub struct OrderFilter {
    pub statuses: Vec<String>,
    pub owner_id: Option<i64>,
    pub team_member_ids: Option<Vec<i64>>,
    pub model_id: Option<i64>,
    pub channel: Option<String>,
    pub from: Option<NaiveDateTime>,
    pub until: Option<NaiveDateTime>,
    pub min_total: Option<i64>,
    pub max_total: Option<i64>,
    /// Order number (part), customer name (part) or mobile (part).
    pub q: Option<String>,
    pub ids: Option<Vec<i64>>,
    /// The customers a name / mobile search matched (filled by `search`, not by callers).
    pub customer_ids: Option<Vec<i64>>,
    pub sort: OrderSort,
}

/// Resolves a name or mobile search to the store's matching customers, in a query of its own:
/// given as a list, their orders are found through the customer index. (As a subquery, SQLite
/// walks the date index of a million orders looking for the few that match.)
/// A filter already resolved is returned as it is: a page and its status counts search once.
pub fn search(conn: &mut DbConnection, vis: &Visibility, f: &OrderFilter) -> StorageResult<OrderFilter> {
    let mut f = f.clone();
    if f.customer_ids.is_some() {
        return Ok(f);
    }
    let text = f.q.as_deref().map(str::trim).unwrap_or("").to_string();
    if !text.is_empty() && !text.to_ascii_uppercase().starts_with("SO-") {
        let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        let national = digits.strip_prefix("+86").unwrap_or(&digits);
        if national.len() == 11 && national.bytes().all(|b| b.is_ascii_digit()) {
            // A whole mobile number, the usual search: one look-up in the (store, mobile) index
            // instead of a scan of every customer's name and number.
            let ids = native!(conn, c => customers::table
                .filter(customers::store_id.eq(vis.store_id()))
                .filter(customers::mobile.eq(national))
                .select(customers::id)
                .load(c))
            .classify()?;
            f.customer_ids = Some(ids);
            return Ok(f);
        }
        let ids = crate::customers::matching(conn, vis.store_id(), &text, &digits, 5000)?;
        f.customer_ids = Some(ids);
    }
    Ok(f)
}

/// Applies the list filters (and, with `with_status`, the status filter) to a boxed query.
macro_rules! filtered {
    ($q:expr, $vis:expr, $f:expr, $with_status:expr) => {{
        let (vis, f, with_status): (&Visibility, &OrderFilter, bool) = ($vis, $f, $with_status);
        let mut q = scoped!($q, vis);
        if with_status && !f.statuses.is_empty() {
            q = q.filter(orders::status.eq_any(f.statuses.clone()));
        }
        if let Some(o) = f.owner_id {
            q = q.filter(orders::owner_id.eq(o));
        }
        if let Some(team) = &f.team_member_ids {
            q = q.filter(orders::owner_id.eq_any(team.clone()));
        }
        if let Some(m) = f.model_id {
            q = q.filter(orders::model_id.eq(m));
        }
        if let Some(c) = &f.channel {
            q = q.filter(orders::channel.eq(c.clone()));
        }
        if let Some(from) = f.from {
            q = q.filter(orders::created_at.ge(from));
        }
        if let Some(until) = f.until {
            q = q.filter(orders::created_at.lt(until));
        }
        if let Some(min) = f.min_total {
            q = q.filter(orders::total_fen.ge(min));
        }
        if let Some(max) = f.max_total {
            q = q.filter(orders::total_fen.le(max));
        }
        if let Some(ids) = &f.ids {
            q = q.filter(orders::id.eq_any(ids.clone()));
        }
        if let Some(text) = f.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            let upper = text.to_ascii_uppercase();
            if upper.starts_with("SO-") {
                // An order number or its beginning: a range on the unique index, not a scan.
                q = q.filter(orders::order_no.ge(upper.clone()).and(orders::order_no.lt(format!("{upper}~"))));
            } else {
                // A customer's name or mobile: `search` has resolved the matching customers first.
                q = q.filter(orders::customer_id.eq_any(f.customer_ids.clone().unwrap_or_default()));
            }
        }
        q
    }};
}

pub fn list(
    conn: &mut DbConnection,
    vis: &Visibility,
    f: &OrderFilter,
    page: PageRequest,
) -> StorageResult<Page<OrderRow>> {
    let f = &search(conn, vis, f)?;
    let total = if countable(f) {
        let counts = rollup(conn, vis, f)?;
        counts.into_iter().filter(|(s, _)| f.statuses.is_empty() || f.statuses.contains(s)).map(|(_, n)| n).sum()
    } else {
        filtered!(orders::table.into_boxed(), vis, f, true).count().get_result(conn).classify()?
    };
    let q = filtered!(orders::table.into_boxed(), vis, f, true);
    let q = match f.sort {
        OrderSort::NewestFirst => q.order((orders::created_at.desc(), orders::id.desc())),
        OrderSort::OldestFirst => q.order((orders::created_at.asc(), orders::id.asc())),
        OrderSort::TotalDesc => q.order((orders::total_fen.desc(), orders::id.desc())),
        OrderSort::TotalAsc => q.order((orders::total_fen.asc(), orders::id.asc())),
        OrderSort::UpdatedDesc => q.order((orders::updated_at.desc(), orders::id.desc())),
    };
    let items = q.limit(page.per_page).offset(page.offset()).select(OrderRow::as_select()).load(conn).classify()?;
    Ok(Page { items, total, page: page.page, per_page: page.per_page })
}

/// Whether the filter narrows by nothing but scope, owner, team and status, so that the counts
/// can come from `order_status_counts` instead of counting the orders themselves.
fn countable(f: &OrderFilter) -> bool {
    f.model_id.is_none()
        && f.channel.is_none()
        && f.from.is_none()
        && f.until.is_none()
        && f.min_total.is_none()
        && f.max_total.is_none()
        && f.ids.is_none()
        && f.q.as_deref().is_none_or(|q| q.trim().is_empty())
}

fn rollup(conn: &mut DbConnection, vis: &Visibility, f: &OrderFilter) -> StorageResult<Vec<(String, i64)>> {
    let mut q = order_status_counts::table.filter(order_status_counts::store_id.eq(vis.store_id())).into_boxed();
    if let Visibility::Owners { owner_ids, .. } = vis {
        q = q.filter(order_status_counts::owner_id.eq_any(owner_ids.clone()));
    }
    if let Some(o) = f.owner_id {
        q = q.filter(order_status_counts::owner_id.eq(o));
    }
    if let Some(team) = &f.team_member_ids {
        q = q.filter(order_status_counts::owner_id.eq_any(team.clone()));
    }
    let rows: Vec<(String, i64)> =
        q.select((order_status_counts::status, order_status_counts::orders)).load(conn).classify()?;
    let mut by: std::collections::BTreeMap<String, i64> = std::collections::BTreeMap::new();
    for (status, n) in rows {
        *by.entry(status).or_default() += n;
    }
    Ok(by.into_iter().filter(|(_, n)| *n > 0).collect())
}

/// Orders per status under the same filters (the status tabs of the list).
pub fn count_by_status(
    conn: &mut DbConnection,
    vis: &Visibility,
    f: &OrderFilter,
) -> StorageResult<Vec<(String, i64)>> {
    if countable(f) {
        return rollup(conn, vis, f);
    }
    let f = &search(conn, vis, f)?;
    let grouped =
        orders::table.group_by(orders::status).select((orders::status, diesel::dsl::count_star())).into_boxed();
    filtered!(grouped, vis, f, false).load(conn).classify()
}

// --- items, events ----------------------------------------------------------------------------

#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize, utoipa::ToSchema)]
#[diesel(table_name = order_items)]
pub struct ItemRow {
    pub id: i64,
    pub order_id: i64,
    /// option | accessory | fee | gift
    pub kind: String,
    pub option_id: Option<i64>,
    pub name: String,
    pub amount_fen: i64,
}

#[derive(Debug, Clone)]
pub struct NewItem {
    pub kind: String,
    pub option_id: Option<i64>,
    pub name: String,
    pub amount_fen: i64,
}

pub fn replace_items(conn: &mut DbConnection, order_id: i64, items: &[NewItem]) -> StorageResult<()> {
    native!(conn, c => diesel::delete(order_items::table.filter(order_items::order_id.eq(order_id))).execute(c))
        .classify()?;
    for i in items {
        native!(conn, c => Cached(diesel::insert_into(order_items::table).values((
            order_items::order_id.eq(order_id),
            order_items::kind.eq(&i.kind),
            order_items::option_id.eq(i.option_id),
            order_items::name.eq(&i.name),
            order_items::amount_fen.eq(i.amount_fen),
        ))
        .returning(order_items::id))
        .get_result::<i64>(c))
        .classify()?;
    }
    Ok(())
}

pub fn items(conn: &mut DbConnection, order_id: i64) -> StorageResult<Vec<ItemRow>> {
    native!(conn, c => order_items::table
        .filter(order_items::order_id.eq(order_id))
        .order(order_items::id)
        .select(ItemRow::as_select())
        .load(c))
    .classify()
}

#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize, utoipa::ToSchema)]
#[diesel(table_name = order_events)]
pub struct EventRow {
    pub id: i64,
    pub order_id: i64,
    #[serde(serialize_with = "crate::time::rfc3339")]
    pub at: NaiveDateTime,
    pub actor_id: Option<i64>,
    pub actor_name: String,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub note: Option<String>,
}

#[allow(clippy::too_many_arguments)]
pub fn insert_event(
    conn: &mut DbConnection,
    order_id: i64,
    at: NaiveDateTime,
    actor_id: Option<i64>,
    actor_name: &str,
    action: &str,
    from_status: Option<&str>,
    to_status: &str,
    note: Option<&str>,
) -> StorageResult<()> {
    native!(conn, c => Cached(diesel::insert_into(order_events::table).values((
        order_events::order_id.eq(order_id),
        order_events::at.eq(at),
        order_events::actor_id.eq(actor_id),
        order_events::actor_name.eq(actor_name),
        order_events::action.eq(action),
        order_events::from_status.eq(from_status),
        order_events::to_status.eq(to_status),
        order_events::note.eq(note),
    ))
        .returning(order_events::id))
    .get_result::<i64>(c))
    .classify()?;
    Ok(())
}

pub fn events(conn: &mut DbConnection, order_id: i64) -> StorageResult<Vec<EventRow>> {
    native!(conn, c => order_events::table
        .filter(order_events::order_id.eq(order_id))
        .order((order_events::at.asc(), order_events::id.asc()))
        .select(EventRow::as_select())
        .load(c))
    .classify()
}

// --- approvals --------------------------------------------------------------------------------

#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize, utoipa::ToSchema)]
#[diesel(table_name = order_approvals)]
pub struct ApprovalRow {
    pub id: i64,
    pub order_id: i64,
    pub level: i32,
    pub role: String,
    /// The names of the rules that require this level (JSON text in the database).
    #[serde(serialize_with = "crate::json::embedded")]
    #[schema(value_type = Vec<String>)]
    pub reasons: String,
    pub decided_by: Option<i64>,
    /// approved | rejected
    pub decision: Option<String>,
    pub comment: Option<String>,
    #[serde(serialize_with = "crate::time::rfc3339_opt")]
    pub decided_at: Option<NaiveDateTime>,
}

/// Starts a new approval round: the previous round's undecided levels are dropped.
pub fn start_round(conn: &mut DbConnection, order_id: i64, levels: &[(String, String)]) -> StorageResult<()> {
    native!(conn, c => diesel::delete(
        order_approvals::table
            .filter(order_approvals::order_id.eq(order_id))
            .filter(order_approvals::decision.is_null()),
    )
    .execute(c))
    .classify()?;
    for (i, (role, reasons)) in (1i32..).zip(levels) {
        native!(conn, c => Cached(diesel::insert_into(order_approvals::table).values((
            order_approvals::order_id.eq(order_id),
            order_approvals::level.eq(i),
            order_approvals::role.eq(role),
            order_approvals::reasons.eq(reasons),
        ))
        .returning(order_approvals::id))
        .get_result::<i64>(c))
        .classify()?;
    }
    Ok(())
}

pub fn approvals(conn: &mut DbConnection, order_id: i64) -> StorageResult<Vec<ApprovalRow>> {
    native!(conn, c => order_approvals::table
        .filter(order_approvals::order_id.eq(order_id))
        .order(order_approvals::id)
        .select(ApprovalRow::as_select())
        .load(c))
    .classify()
}

/// Records the decision on the open row of `level`; `NotFound` when there is none.
pub fn decide(
    conn: &mut DbConnection,
    order_id: i64,
    level: i32,
    user: i64,
    decision: &str,
    comment: Option<&str>,
    now: NaiveDateTime,
) -> StorageResult<()> {
    let decided: Vec<i64> = native!(conn, c => Keyed::<Decide, _>::new(
        diesel::update(
            order_approvals::table
                .filter(order_approvals::order_id.eq(order_id))
                .filter(order_approvals::level.eq(level))
                .filter(order_approvals::decision.is_null()),
        )
        .set((
            order_approvals::decided_by.eq(user),
            order_approvals::decision.eq(decision),
            order_approvals::comment.eq(comment),
            order_approvals::decided_at.eq(now),
        ))
        .returning(order_approvals::id),
    )
    .load(c))
    .classify()?;
    let n = decided.len();
    if n == 1 { Ok(()) } else { Err(StorageError::NotFound) }
}

/// Ids of the store's orders whose waiting approval level belongs to `role` (the approver's inbox).
/// Orders of the store waiting for an approval level of `role` that `user_id` did not ask for
/// (not its owner, creator or reshaper: nobody approves their own request).
pub fn waiting_for(conn: &mut DbConnection, store_id: i64, role: &str, user_id: i64) -> StorageResult<Vec<i64>> {
    use crate::schema::order_requesters as r;
    let asked = r::table.filter(r::order_id.eq(orders::id)).filter(r::user_id.eq(user_id));
    orders::table
        .inner_join(
            order_approvals::table
                .on(order_approvals::order_id.eq(orders::id).and(order_approvals::level.eq(orders::approval_level))),
        )
        .filter(orders::store_id.eq(store_id))
        .filter(orders::stage.eq("awaiting_approval"))
        .filter(order_approvals::role.eq(role))
        .filter(order_approvals::decision.is_null())
        .filter(orders::owner_id.ne(user_id))
        .filter(diesel::dsl::not(diesel::dsl::exists(asked)))
        .select(orders::id)
        .load(conn)
        .classify()
}

// --- approval rules ---------------------------------------------------------------------------

#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize, utoipa::ToSchema)]
#[diesel(table_name = approval_rules)]
pub struct RuleRow {
    pub id: i64,
    pub group_id: i64,
    pub name: String,
    pub condition: String,
    pub threshold: i64,
    /// The role codes that approve (JSON text in the database).
    #[serde(serialize_with = "crate::json::embedded")]
    #[schema(value_type = Vec<String>)]
    pub levels: String,
    pub active: bool,
    pub version: i64,
    #[serde(serialize_with = "crate::time::rfc3339")]
    pub created_at: NaiveDateTime,
    #[serde(serialize_with = "crate::time::rfc3339")]
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, AsChangeset, Insertable)]
#[diesel(table_name = approval_rules)]
pub struct RuleFields {
    pub name: String,
    pub condition: String,
    pub threshold: i64,
    pub levels: String,
    pub active: bool,
}

pub fn rules(conn: &mut DbConnection, group_id: i64) -> StorageResult<Vec<RuleRow>> {
    native!(conn, c => approval_rules::table
        .filter(approval_rules::group_id.eq(group_id))
        .order(approval_rules::id)
        .select(RuleRow::as_select())
        .load(c))
    .classify()
}

pub fn get_rule(conn: &mut DbConnection, group_id: i64, id: i64) -> StorageResult<RuleRow> {
    approval_rules::table
        .filter(approval_rules::id.eq(id))
        .filter(approval_rules::group_id.eq(group_id))
        .select(RuleRow::as_select())
        .first(conn)
        .classify()
}

pub fn insert_rule(
    conn: &mut DbConnection,
    group_id: i64,
    f: &RuleFields,
    now: NaiveDateTime,
) -> StorageResult<RuleRow> {
    diesel::insert_into(approval_rules::table)
        .values((
            f,
            approval_rules::group_id.eq(group_id),
            approval_rules::created_at.eq(now),
            approval_rules::updated_at.eq(now),
        ))
        .returning(approval_rules::all_columns)
        .get_result(conn)
        .classify()
}

pub fn update_rule(
    conn: &mut DbConnection,
    group_id: i64,
    id: i64,
    version: i64,
    f: &RuleFields,
    now: NaiveDateTime,
) -> StorageResult<RuleRow> {
    diesel::update(
        approval_rules::table
            .filter(approval_rules::id.eq(id))
            .filter(approval_rules::group_id.eq(group_id))
            .filter(approval_rules::version.eq(version)),
    )
    .set((f, approval_rules::version.eq(version.saturating_add(1)), approval_rules::updated_at.eq(now)))
    .returning(approval_rules::all_columns)
    .get_result(conn)
    .optional()
    .classify()?
    .ok_or(StorageError::Stale)
}

// --- dated tax data ---------------------------------------------------------------------------

pub fn vat_rate_on(conn: &mut DbConnection, date: NaiveDate) -> StorageResult<i32> {
    native!(conn, c => vat_rates::table
        .filter(vat_rates::effective_from.le(date))
        .order(vat_rates::effective_from.desc())
        .select(vat_rates::rate_bp)
        .first(c))
    .classify()
}

/// (rate_bp, nev_relief, relief_fen, relief_bp) in force on `date`.
pub fn purchase_rule_on(
    conn: &mut DbConnection,
    date: NaiveDate,
) -> StorageResult<(i32, String, Option<i64>, Option<i32>)> {
    native!(conn, c => purchase_tax_rules::table
        .filter(purchase_tax_rules::effective_from.le(date))
        .order(purchase_tax_rules::effective_from.desc())
        .select((
            purchase_tax_rules::rate_bp,
            purchase_tax_rules::nev_relief,
            purchase_tax_rules::relief_fen,
            purchase_tax_rules::relief_bp,
        ))
        .first(c))
    .classify()
}

// --- idempotency ------------------------------------------------------------------------------

/// The order a key created, and the fingerprint of the request that created it.
pub fn find_idempotent(conn: &mut DbConnection, user_id: i64, key: &str) -> StorageResult<Option<(i64, String)>> {
    native!(conn, c => idempotency_keys::table
        .filter(idempotency_keys::user_id.eq(user_id))
        .filter(idempotency_keys::idem_key.eq(key))
        .select((idempotency_keys::order_id, idempotency_keys::request_hash))
        .first(c))
    .optional()
    .classify()
}

pub fn remember_idempotent(
    conn: &mut DbConnection,
    user_id: i64,
    key: &str,
    request_hash: &str,
    order_id: i64,
    now: NaiveDateTime,
) -> StorageResult<()> {
    native!(conn, c => diesel::insert_into(idempotency_keys::table)
        .values((
            idempotency_keys::user_id.eq(user_id),
            idempotency_keys::idem_key.eq(key),
            idempotency_keys::order_id.eq(order_id),
            idempotency_keys::created_at.eq(now),
            idempotency_keys::request_hash.eq(request_hash),
        ))
        .execute(c))
    .classify()?;
    Ok(())
}
