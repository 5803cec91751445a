//! Leads: the row, its versioned updates, the models of interest, and the scoped list.

use crate::codes::{Coded, CodedOption};
use crate::error::{ClassifyExt, StorageError, StorageResult};
use crate::paging::{Page, PageRequest};
use crate::schema::{customers, lead_models, leads};
use crate::scope::{Visibility, restrict};
use crate::users::{escape_like, lower};
use crate::{DbConnection, native};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::crm::{LeadStage, LostReason, PaymentIntention, Tier, Timeframe};
use domain::sales::Channel;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = leads)]
pub struct LeadRow {
    pub id: i64,
    pub store_id: i64,
    pub customer_id: i64,
    pub owner_id: i64,
    #[diesel(deserialize_as = Coded<leads::channel, Channel>)]
    pub channel: Channel,
    #[diesel(deserialize_as = Coded<leads::stage, LeadStage>)]
    pub stage: LeadStage,
    #[diesel(deserialize_as = Coded<leads::tier, Tier>)]
    pub tier: Tier,
    pub budget_fen: Option<i64>,
    #[diesel(deserialize_as = Coded<leads::timeframe, Timeframe>)]
    pub timeframe: Timeframe,
    #[diesel(deserialize_as = Coded<leads::payment_intention, PaymentIntention>)]
    pub payment_intention: PaymentIntention,
    pub trade_in_brand: String,
    pub trade_in_model: String,
    pub trade_in_year: Option<i32>,
    pub trade_in_mileage_km: Option<i32>,
    pub notes: String,
    pub external_ref: Option<String>,
    pub next_follow_up_on: Option<NaiveDate>,
    pub last_contact_at: Option<NaiveDateTime>,
    #[diesel(deserialize_as = CodedOption<leads::lost_reason, LostReason>)]
    pub lost_reason: Option<LostReason>,
    pub lost_competitor: String,
    pub lost_note: String,
    pub lost_requested_by: Option<i64>,
    pub lost_requested_at: Option<NaiveDateTime>,
    pub lost_decided_by: Option<i64>,
    pub order_id: Option<i64>,
    pub created_by: i64,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl LeadRow {
    /// A lost request is waiting for a manager.
    pub fn lost_pending(&self) -> bool {
        self.lost_requested_by.is_some() && !self.stage.is_closed()
    }
}

/// What the inquiry form and the advisor's edits set.
#[derive(Debug, Clone, AsChangeset, Insertable)]
#[diesel(table_name = leads, treat_none_as_null = true)]
pub struct LeadFields {
    pub channel: &'static str,
    pub tier: &'static str,
    pub budget_fen: Option<i64>,
    pub timeframe: &'static str,
    pub payment_intention: &'static str,
    pub trade_in_brand: String,
    pub trade_in_model: String,
    pub trade_in_year: Option<i32>,
    pub trade_in_mileage_km: Option<i32>,
    pub notes: String,
}

pub struct NewLead<'a> {
    pub store_id: i64,
    pub customer_id: i64,
    pub owner_id: i64,
    pub fields: &'a LeadFields,
    pub external_ref: Option<&'a str>,
    pub created_by: i64,
    pub now: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, n: &NewLead<'_>, model_ids: &[i64]) -> StorageResult<i64> {
    let id: i64 = native!(conn, c => diesel::insert_into(leads::table)
        .values((
            n.fields,
            leads::store_id.eq(n.store_id),
            leads::customer_id.eq(n.customer_id),
            leads::owner_id.eq(n.owner_id),
            leads::stage.eq(LeadStage::New.code()),
            leads::external_ref.eq(n.external_ref),
            leads::created_by.eq(n.created_by),
            leads::created_at.eq(n.now),
            leads::updated_at.eq(n.now),
        ))
        .returning(leads::id)
        .get_result(c))
    .classify()?;
    set_models(conn, id, model_ids)?;
    Ok(id)
}

pub fn set_models(conn: &mut DbConnection, id: i64, model_ids: &[i64]) -> StorageResult<()> {
    native!(conn, c => diesel::delete(lead_models::table.filter(lead_models::lead_id.eq(id))).execute(c)).classify()?;
    for m in model_ids {
        native!(conn, c => diesel::insert_into(lead_models::table)
            .values((lead_models::lead_id.eq(id), lead_models::model_id.eq(*m)))
            .execute(c))
        .classify()?;
    }
    Ok(())
}

pub fn models(conn: &mut DbConnection, id: i64) -> StorageResult<Vec<i64>> {
    native!(conn, c => lead_models::table.filter(lead_models::lead_id.eq(id)).order(lead_models::model_id).select(lead_models::model_id).load(c))
        .classify()
}

/// The models of interest of several leads (a page of the list), as `(lead, model)` pairs.
pub fn models_of(conn: &mut DbConnection, ids: &[i64]) -> StorageResult<Vec<(i64, i64)>> {
    native!(conn, c => lead_models::table
        .filter(lead_models::lead_id.eq_any(ids))
        .select((lead_models::lead_id, lead_models::model_id))
        .load(c))
    .classify()
}

pub fn get(conn: &mut DbConnection, id: i64) -> StorageResult<LeadRow> {
    native!(conn, c => leads::table.find(id).select(LeadRow::as_select()).first(c)).classify()
}

/// A lead if visible: `NotFound` outside the scope (no existence leak).
pub fn get_visible(conn: &mut DbConnection, vis: &Visibility, id: i64) -> StorageResult<LeadRow> {
    let row = get(conn, id)?;
    if vis.allows(domain::ids::StoreId(row.store_id), domain::ids::UserId(row.owner_id)) {
        Ok(row)
    } else {
        Err(StorageError::NotFound)
    }
}

/// Locks the lead's row until the transaction ends (PostgreSQL; SQLite has one writer).
pub fn lock(conn: &mut DbConnection, id: i64) -> StorageResult<()> {
    if let DbConnection::Postgres(c) = conn {
        leads::table.find(id).select(leads::id).for_update().first::<i64>(c).classify()?;
    }
    Ok(())
}

pub fn by_external_ref(conn: &mut DbConnection, store_id: i64, reference: &str) -> StorageResult<Option<i64>> {
    native!(conn, c => leads::table
        .filter(leads::store_id.eq(store_id))
        .filter(leads::external_ref.eq(reference))
        .select(leads::id)
        .first(c)
        .optional())
    .classify()
}

/// The lead an order was made from.
pub fn of_order(conn: &mut DbConnection, order_id: i64) -> StorageResult<Option<LeadRow>> {
    native!(conn, c => leads::table.filter(leads::order_id.eq(order_id)).select(LeadRow::as_select()).first(c).optional())
        .classify()
}

/// A customer's leads, newest first (the customer's page).
pub fn of_customer(conn: &mut DbConnection, vis: &Visibility, customer_id: i64) -> StorageResult<Vec<LeadRow>> {
    let q = restrict!(leads::table.into_boxed(), vis, leads::store_id, leads::owner_id);
    q.filter(leads::customer_id.eq(customer_id))
        .order(leads::id.desc())
        .select(LeadRow::as_select())
        .load(conn)
        .classify()
}

/// The open leads of a customer in a store (an inquiry for someone already being worked on).
pub fn open_of_customer(
    conn: &mut DbConnection,
    store_id: domain::ids::StoreId,
    customer_id: domain::ids::CustomerId,
) -> StorageResult<Vec<LeadRow>> {
    let open: Vec<&str> = LeadStage::OPEN.iter().chain([&LeadStage::Dormant]).map(|s| s.code()).collect();
    native!(conn, c => leads::table
        .filter(leads::store_id.eq(store_id))
        .filter(leads::customer_id.eq(customer_id))
        .filter(leads::stage.eq_any(open))
        .select(LeadRow::as_select())
        .load(c))
    .classify()
}

/// Where a lead stands: what its use cases change, read from the row, changed, written back.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = leads, treat_none_as_null = true)]
pub struct LeadState {
    pub stage: &'static str,
    pub owner_id: i64,
    pub next_follow_up_on: Option<NaiveDate>,
    pub last_contact_at: Option<NaiveDateTime>,
    pub lost_reason: Option<&'static str>,
    pub lost_competitor: String,
    pub lost_note: String,
    pub lost_requested_by: Option<i64>,
    pub lost_requested_at: Option<NaiveDateTime>,
    pub lost_decided_by: Option<i64>,
    pub order_id: Option<i64>,
}

impl LeadState {
    pub fn of(r: &LeadRow) -> Self {
        Self {
            stage: r.stage.code(),
            owner_id: r.owner_id,
            next_follow_up_on: r.next_follow_up_on,
            last_contact_at: r.last_contact_at,
            lost_reason: r.lost_reason.map(LostReason::code),
            lost_competitor: r.lost_competitor.clone(),
            lost_note: r.lost_note.clone(),
            lost_requested_by: r.lost_requested_by,
            lost_requested_at: r.lost_requested_at,
            lost_decided_by: r.lost_decided_by,
            order_id: r.order_id,
        }
    }
}

/// Writes `changes` over the lead read at `version`, moving the version on (stale: someone
/// changed it since). A macro: each caller's changeset is its own type, on both backends.
macro_rules! versioned_update {
    ($conn:expr, $id:expr, $version:expr, $changes:expr, $now:expr) => {{
        let n = native!($conn, c => diesel::update(leads::table.find($id).filter(leads::version.eq($version)))
            .set(($changes, leads::version.eq($version + 1), leads::updated_at.eq($now)))
            .execute(c))
        .classify()?;
        if n == 1 { Ok(()) } else { Err(StorageError::Stale) }
    }};
}

/// Writes the lead's state over the row read at `version` (stale: someone changed it since).
pub fn update_state(
    conn: &mut DbConnection,
    id: i64,
    version: i64,
    s: &LeadState,
    now: NaiveDateTime,
) -> StorageResult<()> {
    versioned_update!(conn, id, version, s, now)
}

/// The intent tier as the last contact left it.
pub fn set_tier(conn: &mut DbConnection, id: i64, tier: &str) -> StorageResult<()> {
    native!(conn, c => diesel::update(leads::table.find(id)).set(leads::tier.eq(tier)).execute(c))
        .classify()
        .map(|_| ())
}

/// Writes what the advisor edits (the inquiry's facts) over the row read at `version`.
pub fn update_fields(
    conn: &mut DbConnection,
    id: i64,
    version: i64,
    f: &LeadFields,
    now: NaiveDateTime,
) -> StorageResult<()> {
    versioned_update!(conn, id, version, f, now)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LeadSort {
    #[default]
    NextFollowUp,
    NewestFirst,
    OldestFirst,
    UpdatedDesc,
}

impl LeadSort {
    pub const ALL: [LeadSort; 4] = [Self::NextFollowUp, Self::NewestFirst, Self::OldestFirst, Self::UpdatedDesc];

    pub fn code(self) -> &'static str {
        match self {
            Self::NextFollowUp => "next_follow_up",
            Self::NewestFirst => "created_desc",
            Self::OldestFirst => "created_asc",
            Self::UpdatedDesc => "updated_desc",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

#[derive(Debug, Clone, Default)]
pub struct LeadFilter {
    /// The customer's name (part) or mobile (part).
    pub q: Option<String>,
    pub stage: Option<LeadStage>,
    /// Every open stage (and dormant): the pipeline still being worked.
    pub open: bool,
    pub tier: Option<Tier>,
    pub channel: Option<Channel>,
    pub owner_id: Option<i64>,
    /// Follow-ups due before this day (overdue when it is today).
    pub due_before: Option<NaiveDate>,
    /// Lost requests waiting for a manager.
    pub lost_pending: bool,
    pub sort: LeadSort,
}

/// A lead with its customer's name and mobile number.
pub type LeadListRow = (LeadRow, String, String);

pub fn list(
    conn: &mut DbConnection,
    vis: &Visibility,
    f: &LeadFilter,
    page: PageRequest,
) -> StorageResult<Page<LeadListRow>> {
    let build = || {
        let mut q =
            restrict!(leads::table.inner_join(customers::table).into_boxed(), vis, leads::store_id, leads::owner_id);
        if let Some(text) = f.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
            let pattern = format!("%{}%", escape_like(&text.to_lowercase()));
            let mobile = format!("%{}%", escape_like(if digits.is_empty() { text } else { &digits }));
            q = q.filter(
                lower(customers::name).like(pattern).escape('\\').or(customers::mobile.like(mobile).escape('\\')),
            );
        }
        if let Some(s) = f.stage {
            q = q.filter(leads::stage.eq(s.code()));
        } else if f.open {
            let open: Vec<&str> = LeadStage::OPEN.iter().chain([&LeadStage::Dormant]).map(|s| s.code()).collect();
            q = q.filter(leads::stage.eq_any(open));
        }
        if let Some(t) = f.tier {
            q = q.filter(leads::tier.eq(t.code()));
        }
        if let Some(ch) = f.channel {
            q = q.filter(leads::channel.eq(ch.code()));
        }
        if let Some(o) = f.owner_id {
            q = q.filter(leads::owner_id.eq(o));
        }
        if let Some(d) = f.due_before {
            q = q.filter(leads::next_follow_up_on.lt(d));
        }
        if f.lost_pending {
            let closed = [LeadStage::Ordered.code(), LeadStage::Lost.code()];
            q = q.filter(leads::lost_requested_by.is_not_null()).filter(leads::stage.ne_all(closed));
        }
        q
    };
    let total = build().count().get_result(conn).classify()?;
    let q = build();
    let q = match f.sort {
        LeadSort::NextFollowUp => {
            q.order((leads::next_follow_up_on.is_null(), leads::next_follow_up_on.asc(), leads::id.desc()))
        }
        LeadSort::NewestFirst => q.order((leads::created_at.desc(), leads::id.desc())),
        LeadSort::OldestFirst => q.order((leads::created_at.asc(), leads::id.asc())),
        LeadSort::UpdatedDesc => q.order((leads::updated_at.desc(), leads::id.desc())),
    };
    let items = q
        .limit(page.per_page)
        .offset(page.offset())
        .select((LeadRow::as_select(), customers::name, customers::mobile))
        .load(conn)
        .classify()?;
    Ok(Page { items, total, page: page.page, per_page: page.per_page })
}

/// Leads per stage within the scope (the pipeline's tabs).
pub fn stage_counts(conn: &mut DbConnection, vis: &Visibility) -> StorageResult<Vec<(String, i64)>> {
    let store = leads::store_id.eq(vis.store_id());
    let count = (leads::stage, diesel::dsl::count_star());
    native!(conn, c => match vis.owners() {
        Some(owners) => leads::table
            .filter(store)
            .filter(leads::owner_id.eq_any(owners))
            .group_by(leads::stage)
            .select(count)
            .load(c),
        None => leads::table.filter(store).group_by(leads::stage).select(count).load(c),
    })
    .classify()
}

/// Hot (H-tier) leads still being worked in a store, per model of interest: what replenishment
/// expects to sell soon.
pub fn hot_by_model(conn: &mut DbConnection, store_id: i64) -> StorageResult<Vec<(i64, i64)>> {
    let open: Vec<&str> = LeadStage::OPEN.iter().map(|s| s.code()).collect();
    native!(conn, c => leads::table
        .inner_join(lead_models::table)
        .filter(leads::store_id.eq(store_id))
        .filter(leads::tier.eq(Tier::H.code()))
        .filter(leads::stage.eq_any(open))
        .group_by(lead_models::model_id)
        .select((lead_models::model_id, diesel::dsl::count_star()))
        .load(c))
    .classify()
}

/// Every lead of a customer, in any store and scope (anonymisation, the customer's data export).
pub fn all_of_customer(conn: &mut DbConnection, customer_id: i64) -> StorageResult<Vec<LeadRow>> {
    native!(conn, c => leads::table
        .filter(leads::customer_id.eq(customer_id))
        .order(leads::id)
        .select(LeadRow::as_select())
        .load(c))
    .classify()
}

/// Erases what was written about the customer on their leads (anonymisation): notes, the lost
/// note, the trade-in car; the pipeline's facts (channel, stage, dates) stay for the figures.
pub fn erase_personal(conn: &mut DbConnection, customer_id: i64) -> StorageResult<()> {
    native!(conn, c => diesel::update(leads::table.filter(leads::customer_id.eq(customer_id)))
        .set((
            leads::notes.eq(""),
            leads::lost_note.eq(""),
            leads::trade_in_brand.eq(""),
            leads::trade_in_model.eq(""),
            leads::trade_in_year.eq(None::<i32>),
            leads::trade_in_mileage_km.eq(None::<i32>),
        ))
        .execute(c))
    .classify()
    .map(|_| ())
}
