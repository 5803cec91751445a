//! After the handover: the 72-hour sales callback, the buyer's feedback on their page, and a
//! sales manager's call to a buyer who would not recommend the store. Each follow-up is a task
//! with its assignee and deadline, done with what the customer said.

use super::State;
use crate::kernel::audit::{self, Action, Changes, Record};
use crate::kernel::notify::{self, Notice};
use crate::{App, AppError, AppResult, Conflict, require};
use chrono::{Duration, NaiveDateTime};
use domain::delivery::survey::{self, Answers};
use domain::delivery::{CALLBACK_HOURS, DETRACTOR_HOURS, TaskKind};
use domain::org::Actor;
use domain::rbac::{Permission, Role};
use storage::DbConnection;
use storage::delivery::followups::{self as rows, NewTask, SurveyRow, TaskRow};
use storage::sales::OrderRow;

/// The buyer's answers as the store reads them.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Survey {
    pub advisor_score: i32,
    pub handover_score: i32,
    pub overall_score: i32,
    pub nps: i32,
    pub detractor: bool,
    pub comment: String,
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    pub answered_at: NaiveDateTime,
}

impl From<SurveyRow> for Survey {
    fn from(r: SurveyRow) -> Self {
        Survey {
            advisor_score: r.advisor_score,
            handover_score: r.handover_score,
            overall_score: r.overall_score,
            nps: r.nps,
            detractor: survey::is_detractor(r.nps),
            comment: r.comment,
            answered_at: r.answered_at,
        }
    }
}

/// A follow-up as the order page and the work queue show it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Task {
    pub id: i64,
    pub order_id: i64,
    /// callback | detractor
    #[schema(value_type = String)]
    pub kind: TaskKind,
    pub assignee_id: i64,
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    pub due_at: NaiveDateTime,
    #[serde(serialize_with = "crate::kernel::json::rfc3339_opt")]
    pub done_at: Option<NaiveDateTime>,
    pub outcome: Option<String>,
    /// Set in a work queue: the order's number and its customer.
    pub order_no: Option<String>,
    pub customer_name: Option<String>,
}

impl From<TaskRow> for Task {
    fn from(r: TaskRow) -> Self {
        Task {
            id: r.id,
            order_id: r.order_id,
            kind: r.kind,
            assignee_id: r.assignee_id,
            due_at: r.due_at,
            done_at: r.done_at,
            outcome: r.outcome,
            order_no: None,
            customer_name: None,
        }
    }
}

/// The sales callback, due 72 hours after the handover, for the order's advisor.
pub(super) fn schedule_callback(c: &mut DbConnection, now: NaiveDateTime, order: &OrderRow) -> AppResult<()> {
    rows::insert_task(
        c,
        &NewTask {
            store_id: order.store_id,
            order_id: order.id,
            kind: TaskKind::Callback,
            assignee_id: order.owner_id,
            due_at: now + Duration::hours(CALLBACK_HOURS),
            now,
        },
    )?;
    Ok(())
}

/// Who follows a detractor up: a sales manager of the advisor's team, else of the store, else
/// the general manager, else the advisor.
fn manager_for(c: &mut DbConnection, order: &OrderRow) -> AppResult<storage::users::UserRow> {
    let owner = storage::users::get(c, order.owner_id)?;
    let managers: Vec<_> = storage::users::with_role(c, order.store_id, Role::SalesManager.code())?
        .into_iter()
        .filter(|u| u.active)
        .collect();
    if let Some(m) = managers.iter().find(|m| m.team_id.is_some() && m.team_id == owner.team_id).or(managers.first()) {
        return Ok(m.clone());
    }
    let gm = storage::users::with_role(c, order.store_id, Role::GeneralManager.code())?.into_iter().find(|u| u.active);
    Ok(gm.unwrap_or(owner))
}

/// What the buyer's survey form posts.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct SurveyInput {
    pub advisor_score: String,
    pub handover_score: String,
    pub overall_score: String,
    /// 0 to 10: how likely they are to recommend the store.
    pub nps: String,
    pub comment: String,
}

/// The buyer answers the survey of their delivered order, once. A detractor's answer opens a
/// follow-up for a sales manager, told by e-mail.
#[tracing::instrument(name = "delivery", skip_all, fields(use_case = "answer_survey"))]
pub fn answer(app: &App, token: &str, input: &SurveyInput) -> AppResult<Survey> {
    let now = app.now();
    let order_id = crate::kernel::links::order_of(app, token)?;
    let a: Answers =
        survey::answers(&input.advisor_score, &input.handover_score, &input.overall_score, &input.nps, &input.comment)?;
    app.db.write(|c| {
        storage::sales::lock(c, order_id)?;
        let s = State::load_by_link(c, order_id)?;
        if s.handover.is_none() {
            return Err(AppError::Conflict(Conflict::Refused { code: "survey-not-delivered" }));
        }
        let row = rows::insert_survey(c, &s.order, &a, now).map_err(|e| match e {
            storage::StorageError::Duplicate(_) => AppError::Conflict(Conflict::Refused { code: "survey-answered" }),
            other => other.into(),
        })?;
        let whole = storage::scope::Visibility::whole_store(s.order.store_id);
        let customer = storage::customers::get_visible(c, &whole, s.order.customer_id)?;
        let store = storage::org::get_store(c, s.order.store_id)?;
        let changes = Changes::new()
            .created("advisor_score", a.advisor_score)
            .created("handover_score", a.handover_score)
            .created("overall_score", a.overall_score)
            .created("nps", a.nps);
        let record = Record {
            action: Action::OrderSurveyAnswered,
            entity_id: s.order.id,
            store_id: Some(s.order.store_id),
            changes,
        };
        audit::record_customer(c, now, store.group_id, &customer.name, record)?;
        if survey::is_detractor(a.nps) {
            let manager = manager_for(c, &s.order)?;
            rows::insert_task(
                c,
                &NewTask {
                    store_id: s.order.store_id,
                    order_id: s.order.id,
                    kind: TaskKind::Detractor,
                    assignee_id: manager.id,
                    due_at: now + Duration::hours(DETRACTOR_HOURS),
                    now,
                },
            )?;
            let notice = Notice::new("mail-detractor")
                .arg("order", &s.order.order_no)
                .arg("customer", &customer.name)
                .arg("nps", a.nps)
                .arg("comment", if a.comment.is_empty() { "—" } else { a.comment.as_str() })
                .arg("hours", DETRACTOR_HOURS)
                .arg("link", format!("{}/orders/{}", app.messages.public_url, s.order.id));
            notify::to_staff(app, c, &manager, &notice)?;
        }
        Ok(row.into())
    })
}

/// Marks follow-up `id` done with what the customer said: its assignee, or a sales manager
/// (`delivery_inspect`) within the order's scope.
#[tracing::instrument(name = "delivery", skip_all, fields(use_case = "finish_task", store = actor.store_id.0, actor = actor.user_id.0, task = id))]
pub fn finish(app: &App, actor: &Actor, id: i64, outcome: &str) -> AppResult<Task> {
    let now = app.now();
    require(actor, Permission::OrderRead)?;
    let outcome = domain::text::required(outcome, 500)
        .map_err(|e| AppError::field("outcome", domain::error::ErrorCode::code(&e)))?;
    app.db.write(|c| {
        let task = rows::get_task(c, id)?;
        // The order within the reader's scope, or not found.
        crate::kernel::scope::order(c, actor, task.order_id)?;
        if task.assignee_id != actor.user_id.0 && !actor.can(Permission::DeliveryInspect) {
            return Err(AppError::Forbidden);
        }
        let row = rows::finish_task(c, id, actor.user_id, &outcome, now).map_err(|e| match e {
            storage::StorageError::Stale => AppError::Conflict(Conflict::Refused { code: "task-done" }),
            other => other.into(),
        })?;
        let changes = Changes::new().created("task", task.kind.code()).created("note", outcome.as_str());
        audit::record(
            c,
            now,
            actor,
            Record {
                action: Action::OrderFollowUpDone,
                entity_id: task.order_id,
                store_id: Some(task.store_id),
                changes,
            },
        )?;
        Ok(row.into())
    })
}

/// The reader's open follow-ups, the first due first.
pub fn mine(app: &App, actor: &Actor) -> AppResult<Vec<Task>> {
    require(actor, Permission::OrderRead)?;
    app.db.read(|c| {
        Ok(rows::open_of(c, actor.user_id)?
            .into_iter()
            .map(|o| Task { order_no: Some(o.order_no), customer_name: Some(o.customer_name), ..Task::from(o.task) })
            .collect())
    })
}
