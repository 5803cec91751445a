//! Callbacks (回访): who is to be called today, and what they said. A dissatisfied answer opens a
//! complaint in the same write.

use super::complaints::{Opening, open_in};
use super::refused;
use crate::kernel::audit::{self, Action, Changes, Record};
use crate::kernel::scope::visibility;
use crate::{App, AppError, AppResult, require};
use chrono::NaiveDate;
use domain::care::{self, Call, CallbackKind, CallbackStatus, ComplaintCategory, ComplaintSource, Severity};
use domain::org::Actor;
use domain::rbac::Permission;
use domain::{Code, FieldErrors};
use storage::care::callbacks::{self as rows, CallbackRow};
use storage::{Page, PageRequest};

/// A callback as lists and its page show it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Callback {
    pub id: i64,
    /// service | delivery | dormant
    #[schema(value_type = String)]
    pub kind: CallbackKind,
    pub customer_id: i64,
    pub customer_name: String,
    /// What the call is about: a repair order's or an order's number, or a plate.
    pub subject: String,
    pub repair_order_id: Option<i64>,
    pub order_id: Option<i64>,
    pub owner_id: i64,
    pub due_on: NaiveDate,
    /// open | done | unreachable
    #[schema(value_type = String)]
    pub status: CallbackStatus,
    pub attempts: i32,
    /// 1 (very dissatisfied) to 5 (very satisfied), once reached.
    pub score: Option<i32>,
    pub comment: String,
    /// The complaint a dissatisfied answer opened.
    pub complaint_id: Option<i64>,
    #[serde(serialize_with = "crate::kernel::json::rfc3339_opt")]
    #[schema(value_type = Option<String>)]
    pub called_at: Option<chrono::NaiveDateTime>,
    pub version: i64,
}

fn view(r: CallbackRow, customer_name: String) -> Callback {
    Callback {
        id: r.id,
        kind: r.kind,
        customer_id: r.customer_id,
        customer_name,
        subject: r.subject,
        repair_order_id: r.repair_order_id,
        order_id: r.order_id,
        owner_id: r.owner_id,
        due_on: r.due_on,
        status: r.status,
        attempts: r.attempts,
        score: r.score,
        comment: r.comment,
        complaint_id: r.complaint_id,
        called_at: r.called_at,
        version: r.version,
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct CallbackQuery {
    /// open (default) | done | unreachable | all
    pub status: Option<String>,
    /// service | delivery | dormant
    pub kind: Option<String>,
    /// `today` (default for open callbacks): due by today; `all`: whenever due.
    pub due: Option<String>,
    /// A customer's name, or the number or plate called about.
    pub q: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

impl CallbackQuery {
    /// The filter, `today` being the store's day.
    pub fn parse(&self, today: NaiveDate) -> Result<rows::Filter, FieldErrors> {
        let mut e = FieldErrors::new();
        let status = match self.status.as_deref().map(str::trim).unwrap_or("open") {
            "" | "open" => Some(CallbackStatus::Open),
            "all" => None,
            s => CallbackStatus::from_code(s).or_else(|| {
                e.add("status", "value-unknown");
                None
            }),
        };
        let kind = match self.kind.as_deref().map(str::trim).unwrap_or("") {
            "" => None,
            k => CallbackKind::from_code(k).or_else(|| {
                e.add("kind", "value-unknown");
                None
            }),
        };
        let due_by = match self.due.as_deref().map(str::trim).unwrap_or("") {
            "" => (status == Some(CallbackStatus::Open)).then_some(today),
            "today" => Some(today),
            "all" => None,
            _ => {
                e.add("due", "value-unknown");
                None
            }
        };
        e.into_result()?;
        Ok(rows::Filter { status, kind, due_by, q: self.q.clone() })
    }
}

/// The callbacks the actor may see matching `f` (`care_read`), the earliest due first.
pub fn list(app: &App, actor: &Actor, f: &rows::Filter, page: PageRequest) -> AppResult<Page<Callback>> {
    require(actor, Permission::CareRead)?;
    app.db.read(|c| {
        let vis = visibility(c, actor)?;
        let p = rows::list(c, &vis, f, page)?;
        Ok(Page {
            items: p.items.into_iter().map(|l| view(l.callback, l.customer_name)).collect(),
            total: p.total,
            page: p.page,
            per_page: p.per_page,
        })
    })
}

/// Open callbacks due by today the actor may see (`care_read`): the home card.
pub fn due_count(app: &App, actor: &Actor) -> AppResult<i64> {
    require(actor, Permission::CareRead)?;
    let today = crate::kernel::calendar::today(app, actor)?;
    app.db.read(|c| {
        let vis = visibility(c, actor)?;
        Ok(rows::due_count(c, &vis, today)?)
    })
}

/// Callback `id` (`care_read`).
pub fn get(app: &App, actor: &Actor, id: i64) -> AppResult<Callback> {
    require(actor, Permission::CareRead)?;
    app.db.read(|c| one(c, actor, id))
}

fn one(c: &mut storage::DbConnection, actor: &Actor, id: i64) -> AppResult<Callback> {
    let vis = visibility(c, actor)?;
    let row = rows::get(c, &vis, id)?;
    let name =
        storage::customers::by_ids(c, row.store_id, &[row.customer_id])?.pop().map(|k| k.name).unwrap_or_default();
    Ok(view(row, name))
}

/// What the caller records.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct CallInput {
    /// `reached` or `not_reached`.
    pub outcome: String,
    /// 1 (very dissatisfied) to 5 (very satisfied), when reached.
    #[serde(deserialize_with = "crate::kernel::input::id_text")]
    #[schema(value_type = Option<i32>)]
    pub score: String,
    /// What the customer said (required when dissatisfied: it is the complaint's description).
    pub comment: String,
    /// When dissatisfied: what the complaint is about (default `repair_quality` after a service
    /// visit, `sales` after a delivery).
    pub category: String,
}

/// Records a call on callback `id` (`callback_record`): reached with a score, or not reached
/// (tried again the next day, three times at most). A score of 1 or 2 opens a complaint.
pub fn record(app: &App, actor: &Actor, id: i64, version: i64, input: &CallInput) -> AppResult<Callback> {
    let now = app.now();
    require(actor, Permission::CallbackRecord)?;
    let mut e = FieldErrors::new();
    let call = match input.outcome.trim() {
        "reached" => e.check("score", care::score(&input.score)).map(|score| Call::Reached { score }),
        "not_reached" => Some(Call::NotReached),
        _ => {
            e.add("outcome", "value-unknown");
            None
        }
    };
    let comment = input.comment.trim().to_string();
    if comment.chars().count() > 2_000 {
        e.add("comment", "care-text-invalid");
    }
    let dissatisfied = matches!(call, Some(Call::Reached { score }) if care::dissatisfied(score));
    if dissatisfied && comment.is_empty() {
        e.add("comment", "care-dissatisfied-needs-comment");
    }
    let category = match input.category.trim() {
        "" => None,
        k => ComplaintCategory::from_code(k).or_else(|| {
            e.add("category", "value-unknown");
            None
        }),
    };
    e.into_result()?;
    let Some(call) = call else { return Err(AppError::internal("checked above")) };
    let today = crate::kernel::calendar::today(app, actor)?;
    app.db.write(|c| {
        let vis = visibility(c, actor)?;
        let row = rows::get(c, &vis, id)?;
        if row.version != version {
            return Err(storage::StorageError::Stale.into());
        }
        let status = care::after_call(row.status, row.attempts, call).ok_or_else(|| refused("callback-closed"))?;
        let score = match call {
            Call::Reached { score } => Some(score),
            Call::NotReached => None,
        };
        let due_on = if status == CallbackStatus::Open { today + chrono::Days::new(1) } else { row.due_on };
        let change = rows::Call { status, score, comment: &comment, due_on, by: actor.user_id.0 };
        let after = rows::record(c, &row, &change, now)?;
        let mut changes = Changes::new()
            .field("status", row.status.code(), status.code())
            .field("attempts", row.attempts, after.attempts)
            .field("score", row.score, score);
        if !comment.is_empty() {
            changes = changes.created("comment", &comment);
        }
        let record =
            Record { action: Action::CallbackRecorded, entity_id: row.id, store_id: Some(row.store_id), changes };
        audit::record(c, now, actor, record)?;
        if dissatisfied {
            let owner = complaint_owner(c, actor, &row)?;
            let category = category.unwrap_or(match row.kind {
                CallbackKind::Delivery => ComplaintCategory::Sales,
                CallbackKind::Service | CallbackKind::Dormant => ComplaintCategory::RepairQuality,
            });
            let opening = Opening {
                customer_id: row.customer_id,
                source: ComplaintSource::Callback,
                category,
                severity: Severity::Normal,
                description: &comment,
                owner_id: owner,
                repair_order_id: row.repair_order_id,
                order_id: row.order_id,
                callback_id: Some(row.id),
            };
            let complaint = open_in(app, c, actor, &opening, (today, now))?;
            rows::link_complaint(c, &row, complaint.id)?;
        }
        one(c, actor, id)
    })
}

/// Who owns the complaint a callback opens: the advisor the call was about, when they take
/// complaints, else the caller.
fn complaint_owner(c: &mut storage::DbConnection, actor: &Actor, row: &CallbackRow) -> AppResult<i64> {
    let advisor = storage::users::get(c, row.owner_id)?;
    let takes = advisor.active && advisor.store_id == row.store_id && advisor.role.has(Permission::ComplaintWrite);
    Ok(if takes { advisor.id } else { actor.user_id.0 })
}
