//! Complaints (投诉): taken with a source, a category and a severity, owned by someone who takes
//! complaints, due within the severity's working days (China's announced holidays and working
//! weekends counted), escalated to the general manager when overdue, resolved, and closed when
//! the customer accepts the resolution.

use super::refused;
use crate::kernel::audit::{self, Action, Changes, Record};
use crate::kernel::notify::{Notice, to_staff};
use crate::kernel::scope::visibility;
use crate::{App, AppError, AppResult, require};
use chrono::{NaiveDate, NaiveDateTime};
use domain::care::{self, ComplaintCategory, ComplaintSource, ComplaintStatus, ComplaintStep, Severity};
use domain::org::Actor;
use domain::rbac::Permission;
use domain::{Code, FieldErrors};
use storage::DbConnection;
use storage::care::complaints::{self as rows, Change, ComplaintRow};
use storage::{Page, PageRequest};

/// A step in a complaint's history.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Step {
    /// opened | resolved | accepted | reopened | reassigned | escalated
    pub step: String,
    pub note: String,
    pub by: Option<String>,
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    #[schema(value_type = String)]
    pub at: NaiveDateTime,
}

/// A complaint as lists and its page show it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Complaint {
    pub id: i64,
    pub number: String,
    pub customer_id: i64,
    pub customer_name: String,
    #[schema(value_type = String)]
    pub source: ComplaintSource,
    #[schema(value_type = String)]
    pub category: ComplaintCategory,
    /// low | normal | high | critical
    #[schema(value_type = String)]
    pub severity: Severity,
    pub description: String,
    pub owner_id: i64,
    pub owner_name: String,
    pub opened_on: NaiveDate,
    /// The last working day to resolve it by.
    pub due_on: NaiveDate,
    /// open | resolved | closed
    #[schema(value_type = String)]
    pub status: ComplaintStatus,
    /// Open past its deadline (the store's today).
    pub overdue: bool,
    #[serde(serialize_with = "crate::kernel::json::rfc3339_opt")]
    #[schema(value_type = Option<String>)]
    pub escalated_at: Option<NaiveDateTime>,
    pub resolution: String,
    pub repair_order_id: Option<i64>,
    /// The repair order's number (on a single complaint's page).
    pub repair_order_number: Option<String>,
    pub order_id: Option<i64>,
    pub callback_id: Option<i64>,
    /// What happened, in order (on a single complaint's page).
    pub history: Vec<Step>,
    pub version: i64,
}

fn view(c: &mut DbConnection, r: ComplaintRow, customer_name: String, today: NaiveDate) -> AppResult<Complaint> {
    let owner_name = storage::users::get(c, r.owner_id)?.display_name;
    Ok(Complaint {
        id: r.id,
        overdue: r.status == ComplaintStatus::Open && r.due_on < today,
        number: r.number,
        customer_id: r.customer_id,
        customer_name,
        source: r.source,
        category: r.category,
        severity: r.severity,
        description: r.description,
        owner_id: r.owner_id,
        owner_name,
        opened_on: r.opened_on,
        due_on: r.due_on,
        status: r.status,
        escalated_at: r.escalated_at,
        resolution: r.resolution,
        repair_order_id: r.repair_order_id,
        repair_order_number: None,
        order_id: r.order_id,
        callback_id: r.callback_id,
        history: Vec::new(),
        version: r.version,
    })
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct ComplaintQuery {
    /// open | resolved | closed | overdue | all (default: open)
    pub status: Option<String>,
    /// low | normal | high | critical
    pub severity: Option<String>,
    /// `me`: only those the reader owns.
    pub owner: Option<String>,
    /// A customer's name or the complaint's number.
    pub q: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

impl ComplaintQuery {
    pub fn parse(&self, actor: &Actor, today: NaiveDate) -> Result<rows::Filter, FieldErrors> {
        let mut e = FieldErrors::new();
        let mut f = rows::Filter { q: self.q.clone(), ..Default::default() };
        match self.status.as_deref().map(str::trim).unwrap_or("open") {
            "" | "open" => f.status = Some(ComplaintStatus::Open),
            "overdue" => f.overdue_on = Some(today),
            "all" => {}
            s => match ComplaintStatus::from_code(s) {
                Some(s) => f.status = Some(s),
                None => e.add("status", "value-unknown"),
            },
        }
        match self.severity.as_deref().map(str::trim).unwrap_or("") {
            "" => {}
            s => match Severity::from_code(s) {
                Some(s) => f.severity = Some(s),
                None => e.add("severity", "value-unknown"),
            },
        }
        match self.owner.as_deref().map(str::trim).unwrap_or("") {
            "" => {}
            "me" => f.owner_id = Some(actor.user_id.0),
            _ => e.add("owner", "value-unknown"),
        }
        e.into_result()?;
        Ok(f)
    }
}

/// The complaints the actor may see matching `f` (`care_read`), the earliest deadline first.
pub fn list(app: &App, actor: &Actor, f: &rows::Filter, page: PageRequest) -> AppResult<Page<Complaint>> {
    require(actor, Permission::CareRead)?;
    let today = crate::kernel::calendar::today(app, actor)?;
    app.db.read(|c| {
        let vis = visibility(c, actor)?;
        let p = rows::list(c, &vis, f, page)?;
        let mut items = Vec::with_capacity(p.items.len());
        for l in p.items {
            items.push(view(c, l.complaint, l.customer_name, today)?);
        }
        Ok(Page { items, total: p.total, page: p.page, per_page: p.per_page })
    })
}

/// Complaint `id` with its history (`care_read`).
pub fn get(app: &App, actor: &Actor, id: i64) -> AppResult<Complaint> {
    require(actor, Permission::CareRead)?;
    let today = crate::kernel::calendar::today(app, actor)?;
    app.db.read(|c| one(c, actor, id, today))
}

fn one(c: &mut DbConnection, actor: &Actor, id: i64, today: NaiveDate) -> AppResult<Complaint> {
    let vis = visibility(c, actor)?;
    let row = rows::get(c, &vis, id)?;
    let name =
        storage::customers::by_ids(c, row.store_id, &[row.customer_id])?.pop().map(|k| k.name).unwrap_or_default();
    let repair_order = row.repair_order_id;
    let mut out = view(c, row, name, today)?;
    if let Some(ro) = repair_order {
        out.repair_order_number = Some(storage::service::get(c, ro)?.number);
    }
    for ev in rows::history(c, id)? {
        let by = match ev.by_id {
            Some(u) => Some(storage::users::get(c, u)?.display_name),
            None => None,
        };
        out.history.push(Step { step: ev.step, note: ev.note, by, at: ev.at });
    }
    Ok(out)
}

/// A complaint as typed.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ComplaintInput {
    #[serde(deserialize_with = "crate::kernel::input::id_text")]
    #[schema(value_type = i64)]
    pub customer_id: String,
    /// phone | walk_in | callback | online | maker | media
    pub source: String,
    /// repair_quality | waiting | price | parts | attitude | sales | delivery | other
    pub category: String,
    /// low | normal | high | critical (default normal)
    pub severity: String,
    /// What the customer complains of, in their words.
    pub description: String,
    /// Who resolves it: someone of the store who takes complaints (default: whoever takes it).
    #[serde(deserialize_with = "crate::kernel::input::id_text")]
    #[schema(value_type = Option<i64>)]
    pub owner_id: String,
    /// The repair order it is about, if any.
    #[serde(deserialize_with = "crate::kernel::input::id_text")]
    #[schema(value_type = Option<i64>)]
    pub repair_order_id: String,
}

/// What a complaint is opened with, checked.
pub(super) struct Opening<'a> {
    pub customer_id: i64,
    pub source: ComplaintSource,
    pub category: ComplaintCategory,
    pub severity: Severity,
    pub description: &'a str,
    pub owner_id: i64,
    pub repair_order_id: Option<i64>,
    pub order_id: Option<i64>,
    pub callback_id: Option<i64>,
}

fn coded<T: Code>(e: &mut FieldErrors, field: &str, typed: &str, default: Option<T>) -> Option<T> {
    match typed.trim() {
        "" if default.is_some() => default,
        "" => {
            e.add(field, "required");
            None
        }
        t => T::from_code(t).or_else(|| {
            e.add(field, "value-unknown");
            None
        }),
    }
}

fn typed_id(e: &mut FieldErrors, field: &str, typed: &str) -> Option<i64> {
    let t = typed.trim();
    if t.is_empty() {
        return None;
    }
    t.parse::<i64>().ok().filter(|n| *n > 0).or_else(|| {
        e.add(field, "value-unknown");
        None
    })
}

/// Someone of the store who takes complaints, or the field error.
fn owner(c: &mut DbConnection, store_id: i64, id: i64) -> AppResult<storage::users::UserRow> {
    let user = storage::users::get(c, id).map_err(|_| AppError::field("owner_id", "complaint-owner-invalid"))?;
    if user.store_id != store_id || !user.active || !user.role.has(Permission::ComplaintWrite) {
        return Err(AppError::field("owner_id", "complaint-owner-invalid"));
    }
    Ok(user)
}

/// Takes a complaint (`complaint_write`): its deadline counted in working days from today. The
/// same idempotency `key` again returns the complaint taken the first time.
pub fn open(app: &App, actor: &Actor, input: &ComplaintInput, key: Option<&str>) -> AppResult<Complaint> {
    let now = app.now();
    require(actor, Permission::ComplaintWrite)?;
    let key = crate::kernel::idempotency::Key::new(key, "complaint", input)?;
    let mut e = FieldErrors::new();
    let customer_id = typed_id(&mut e, "customer_id", &input.customer_id);
    if input.customer_id.trim().is_empty() {
        e.add("customer_id", "required");
    }
    let source = coded(&mut e, "source", &input.source, None);
    let category = coded(&mut e, "category", &input.category, None);
    let severity = coded(&mut e, "severity", &input.severity, Some(Severity::Normal));
    let description = e.check("description", care::text(&input.description));
    let owner_id = typed_id(&mut e, "owner_id", &input.owner_id).unwrap_or(actor.user_id.0);
    let repair_order_id = typed_id(&mut e, "repair_order_id", &input.repair_order_id);
    e.into_result()?;
    let (Some(customer_id), Some(source), Some(category), Some(severity), Some(description)) =
        (customer_id, source, category, severity, description)
    else {
        return Err(AppError::internal("checked above"));
    };
    let today = crate::kernel::calendar::today(app, actor)?;
    app.db.write(|c| {
        if let Some(id) = key.existing(c, actor)? {
            return one(c, actor, id, today);
        }
        let vis = visibility(c, actor)?;
        storage::customers::get_visible(c, &vis, customer_id)
            .map_err(|_| AppError::field("customer_id", "value-unknown"))?;
        if let Some(ro) = repair_order_id {
            let found = storage::service::get(c, ro)
                .ok()
                .filter(|r| r.store_id == actor.store_id.0 && r.customer_id == customer_id);
            if found.is_none() {
                return Err(AppError::field("repair_order_id", "value-unknown"));
            }
        }
        let opening = Opening {
            customer_id,
            source,
            category,
            severity,
            description: &description,
            owner_id,
            repair_order_id,
            order_id: None,
            callback_id: None,
        };
        let row = open_in(app, c, actor, &opening, (today, now))?;
        key.remember(c, actor, row.id, row.created_at)?;
        one(c, actor, row.id, today)
    })
}

/// Opens a complaint in the caller's write: numbered, due in the severity's working days, its
/// owner told when it is someone else.
pub(super) fn open_in(
    app: &App,
    c: &mut DbConnection,
    actor: &Actor,
    o: &Opening<'_>,
    (today, now): (NaiveDate, NaiveDateTime),
) -> AppResult<ComplaintRow> {
    let store = storage::org::get_store(c, actor.store_id.0)?;
    let owner = owner(c, store.id, o.owner_id)?;
    let due_on = storage::care::announced(c, today)?.add(today, o.severity.working_days());
    let seq = rows::next_seq(c, store.id, today)?;
    let number = care::complaint_number(&store.code, today, seq);
    let new = rows::NewComplaint {
        store_id: store.id,
        number: &number,
        customer_id: o.customer_id,
        source: o.source,
        category: o.category,
        severity: o.severity,
        description: o.description,
        owner_id: owner.id,
        opened_on: today,
        due_on,
        repair_order_id: o.repair_order_id,
        order_id: o.order_id,
        callback_id: o.callback_id,
        created_by: actor.user_id.0,
    };
    let row = rows::insert(c, &new, now)?;
    rows::record(c, row.id, ("opened", o.description), Some(actor.user_id.0), now)?;
    let changes = Changes::new()
        .created("number", &number)
        .created("severity", o.severity.code())
        .created("owner_id", owner.id)
        .created("due_on", due_on)
        .created("description", o.description);
    audit::record(
        c,
        now,
        actor,
        Record { action: Action::ComplaintOpened, entity_id: row.id, store_id: Some(store.id), changes },
    )?;
    if owner.id != actor.user_id.0 {
        let notice = Notice::new("mail-complaint-assigned")
            .arg("number", &number)
            .arg("due", due_on)
            .arg("link", format!("{}/care/complaints/{}", app.messages.public_url, row.id));
        to_staff(app, c, &owner, &notice)?;
    }
    Ok(row)
}

/// What is done to an open or resolved complaint.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct StepInput {
    /// resolve | accept | reopen | reassign
    pub step: String,
    /// resolve: what was done (required); reopen: why the customer does not accept (required);
    /// accept: what the customer said.
    pub note: String,
    /// reassign: the new owner.
    #[serde(deserialize_with = "crate::kernel::input::id_text")]
    #[schema(value_type = Option<i64>)]
    pub owner_id: String,
}

/// Takes a step on complaint `id` at `version`: its owner (or a manager) resolves it
/// (`complaint_write`), customer service records whether the customer accepts
/// (`complaint_write`), a manager hands it to another owner (`complaint_manage`).
pub fn step(app: &App, actor: &Actor, id: i64, version: i64, input: &StepInput) -> AppResult<Complaint> {
    let now = app.now();
    require(actor, Permission::ComplaintWrite)?;
    let mut e = FieldErrors::new();
    let what = match input.step.trim() {
        "resolve" => Some(ComplaintStep::Resolve),
        "accept" => Some(ComplaintStep::Accept),
        "reopen" => Some(ComplaintStep::Reopen),
        "reassign" => Some(ComplaintStep::Reassign),
        _ => {
            e.add("step", "value-unknown");
            None
        }
    };
    let note = input.note.trim().to_string();
    match what {
        Some(ComplaintStep::Resolve) if note.is_empty() => e.add("note", "complaint-resolution-required"),
        Some(ComplaintStep::Reopen) if note.is_empty() => e.add("note", "complaint-reopen-reason-required"),
        _ if note.chars().count() > 2_000 => e.add("note", "care-text-invalid"),
        _ => {}
    }
    let new_owner = typed_id(&mut e, "owner_id", &input.owner_id);
    if what == Some(ComplaintStep::Reassign) && new_owner.is_none() && input.owner_id.trim().is_empty() {
        e.add("owner_id", "required");
    }
    e.into_result()?;
    let Some(what) = what else { return Err(AppError::internal("checked above")) };
    if what == ComplaintStep::Reassign {
        require(actor, Permission::ComplaintManage)?;
    }
    let today = crate::kernel::calendar::today(app, actor)?;
    app.db.write(|c| {
        let vis = visibility(c, actor)?;
        let row = rows::get(c, &vis, id)?;
        if row.version != version {
            return Err(storage::StorageError::Stale.into());
        }
        let status = care::step(row.status, what).map_err(|r| refused(domain::error::ErrorCode::code(&r)))?;
        if what == ComplaintStep::Resolve && row.owner_id != actor.user_id.0 && !actor.can(Permission::ComplaintManage)
        {
            return Err(refused("complaint-not-owner"));
        }
        let mut change = Change { status: Some(status), ..Default::default() };
        let (label, action) = match what {
            ComplaintStep::Resolve => {
                change.resolution = Some(&note);
                change.resolved_at = Some(Some(now));
                ("resolved", Action::ComplaintResolved)
            }
            ComplaintStep::Accept => {
                change.closed_at = Some(now);
                ("accepted", Action::ComplaintClosed)
            }
            ComplaintStep::Reopen => {
                change.resolved_at = Some(None);
                ("reopened", Action::ComplaintReopened)
            }
            ComplaintStep::Reassign => ("reassigned", Action::ComplaintReassigned),
        };
        let mut told = None;
        if let Some(o) = new_owner.filter(|_| what == ComplaintStep::Reassign) {
            if o == row.owner_id {
                return Err(AppError::field("owner_id", "complaint-owner-unchanged"));
            }
            let user = owner(c, row.store_id, o)?;
            change.owner_id = Some(user.id);
            told = Some(user);
        }
        let after = rows::update(c, &row, &change, now)?;
        let note_logged = match &told {
            Some(u) => format!("{} → {}", storage::users::get(c, row.owner_id)?.display_name, u.display_name),
            None => note.clone(),
        };
        rows::record(c, row.id, (label, &note_logged), Some(actor.user_id.0), now)?;
        let mut changes = Changes::new().field("status", row.status.code(), after.status.code()).field(
            "owner_id",
            row.owner_id,
            after.owner_id,
        );
        if !note.is_empty() {
            changes = changes.created(if what == ComplaintStep::Resolve { "resolution" } else { "note" }, &note);
        }
        audit::record(c, now, actor, Record { action, entity_id: row.id, store_id: Some(row.store_id), changes })?;
        if let Some(user) = told {
            let notice = Notice::new("mail-complaint-assigned")
                .arg("number", &row.number)
                .arg("due", row.due_on)
                .arg("link", format!("{}/care/complaints/{}", app.messages.public_url, row.id));
            to_staff(app, c, &user, &notice)?;
        }
        one(c, actor, id, today)
    })
}

/// Who of the actor's store takes complaints, by id and name (`care_read`): the owner picker.
pub fn owners(app: &App, actor: &Actor) -> AppResult<Vec<(i64, String)>> {
    require(actor, Permission::CareRead)?;
    app.db.read(|c| {
        Ok(storage::users::list_for_store(c, actor.store_id.0)?
            .into_iter()
            .filter(|u| u.active && u.role.has(Permission::ComplaintWrite))
            .map(|u| (u.id, u.display_name))
            .collect())
    })
}
