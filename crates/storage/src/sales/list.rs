//! The order list: filters, sorting, paging, status counts.

use super::order::OrderRow;
use crate::codes::decode;
use crate::error::{ClassifyExt, StorageResult};
use crate::native;
use crate::schema::{customers, order_status_counts, orders};
use crate::scope::Visibility;
use crate::{DbConnection, Page, PageRequest};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::sales::Status;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OrderSort {
    #[default]
    NewestFirst,
    OldestFirst,
    TotalDesc,
    TotalAsc,
    UpdatedDesc,
    /// Longest unchanged first: the orders stuck longest in their state.
    UpdatedAsc,
}

impl OrderSort {
    pub const ALL: [OrderSort; 6] =
        [Self::NewestFirst, Self::OldestFirst, Self::TotalDesc, Self::TotalAsc, Self::UpdatedDesc, Self::UpdatedAsc];

    pub fn code(self) -> &'static str {
        match self {
            Self::NewestFirst => "created_desc",
            Self::OldestFirst => "created_asc",
            Self::TotalDesc => "total_desc",
            Self::TotalAsc => "total_asc",
            Self::UpdatedDesc => "updated_desc",
            Self::UpdatedAsc => "updated_asc",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

#[derive(Debug, Clone, Default)]
pub struct OrderFilter {
    pub statuses: Vec<Status>,
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
        let mut q = crate::scope::restrict!($q, vis, orders::store_id, orders::owner_id);
        if with_status && !f.statuses.is_empty() {
            // Most of the statuses (the open orders) are written as the few left out, so that the
            // query walks the index of its sort instead of gathering most of a store's orders to
            // sort them.
            let others: Vec<&str> = Status::ALL.iter().filter(|s| !f.statuses.contains(s)).map(|s| s.code()).collect();
            if others.len() < f.statuses.len() {
                if !others.is_empty() {
                    q = q.filter(orders::status.ne_all(others));
                }
            } else {
                q = q.filter(orders::status.eq_any(f.statuses.iter().map(|s| s.code()).collect::<Vec<_>>()));
            }
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
        OrderSort::UpdatedAsc => q.order((orders::updated_at.asc(), orders::id.asc())),
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

fn rollup(conn: &mut DbConnection, vis: &Visibility, f: &OrderFilter) -> StorageResult<Vec<(Status, i64)>> {
    let mut q = crate::scope::restrict!(
        order_status_counts::table.into_boxed(),
        vis,
        order_status_counts::store_id,
        order_status_counts::owner_id
    );
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
    by.into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| Ok((decode::<order_status_counts::status, Status>(s)?, n)))
        .collect()
}

/// Orders per status under the same filters (the status tabs of the list).
pub fn count_by_status(
    conn: &mut DbConnection,
    vis: &Visibility,
    f: &OrderFilter,
) -> StorageResult<Vec<(Status, i64)>> {
    if countable(f) {
        return rollup(conn, vis, f);
    }
    let f = &search(conn, vis, f)?;
    let grouped =
        orders::table.group_by(orders::status).select((orders::status, diesel::dsl::count_star())).into_boxed();
    let rows: Vec<(String, i64)> = filtered!(grouped, vis, f, false).load(conn).classify()?;
    rows.into_iter().map(|(s, n)| Ok((decode::<orders::status, Status>(s)?, n))).collect()
}

/// The drafts within `vis` that were sent back and not touched since:
/// their last step is an approver's rejection or the customer's request for a change (the list
/// sorts them).
pub fn returned_drafts(conn: &mut DbConnection, vis: &Visibility) -> StorageResult<Vec<i64>> {
    use crate::schema::order_events;
    let q = crate::scope::restrict!(orders::table.into_boxed(), vis, orders::store_id, orders::owner_id)
        .filter(orders::status.eq(Status::Draft.code()));
    let drafts: Vec<i64> = q.select(orders::id).load(conn).classify()?;
    if drafts.is_empty() {
        return Ok(Vec::new());
    }
    let steps: Vec<(i64, String)> = order_events::table
        .filter(order_events::order_id.eq_any(&drafts))
        .order((order_events::order_id, order_events::id.desc()))
        .select((order_events::order_id, order_events::action))
        .load(conn)
        .classify()?;
    let mut returned = Vec::new();
    let mut seen = None;
    for (order, action) in steps {
        if seen == Some(order) {
            continue; // only each order's last step counts
        }
        seen = Some(order);
        if matches!(action.as_str(), "reject" | "request_change") {
            returned.push(order);
        }
    }
    Ok(returned)
}

/// A customer's orders within the scope, newest first (the customer's timeline).
pub fn orders_of_customer(conn: &mut DbConnection, vis: &Visibility, customer_id: i64) -> StorageResult<Vec<OrderRow>> {
    let q = crate::scope::restrict!(orders::table.into_boxed(), vis, orders::store_id, orders::owner_id);
    q.filter(orders::customer_id.eq(customer_id))
        .order(orders::id.desc())
        .select(OrderRow::as_select())
        .load(conn)
        .classify()
}

/// How many orders in `statuses` a customer has, whoever sold them, and their total (the
/// customer's value tier counts every purchase, not only those the reader may open).
pub fn purchases(conn: &mut DbConnection, customer_id: i64, statuses: &[&str]) -> StorageResult<(i64, i64)> {
    let rows: Vec<i64> = native!(conn, c => orders::table
        .filter(orders::customer_id.eq(customer_id))
        .filter(orders::status.eq_any(statuses))
        .select(orders::total_fen)
        .load(c))
    .classify()?;
    Ok((i64::try_from(rows.len()).unwrap_or(i64::MAX), rows.iter().sum()))
}
