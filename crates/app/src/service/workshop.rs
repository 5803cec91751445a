//! The workshop: the foreman dispatches approved jobs to technicians by their current load, the
//! technician starts, pauses for parts and finishes their own jobs on a phone with the hours
//! clocked, and the inspector passes the car or sends named jobs back to work.

use super::views::{RepairOrder, TechnicianLoad, reload};
use super::{State, log};
use crate::kernel::audit::{Action, Changes};
use crate::kernel::notify::Notice;
use crate::{App, AppError, AppResult, Conflict, require};
use chrono::NaiveDateTime;
use domain::error::ErrorCode;
use domain::ids::{RepairJobId, RepairOrderId, UserId};
use domain::org::Actor;
use domain::rbac::Permission;
use domain::service::Command;
use domain::service::jobs::{JobStatus, Step, advance};
use storage::DbConnection;
use storage::service::lines::{JobChange, JobRow};

fn job_of(s: &State, job_id: i64, version: i64) -> AppResult<JobRow> {
    let job = s.jobs.iter().find(|j| j.id == job_id).cloned().ok_or(AppError::NotFound)?;
    if job.version != version {
        return Err(AppError::Conflict(Conflict::Stale));
    }
    Ok(job)
}

fn change_of(job: &JobRow) -> JobChange {
    JobChange {
        status: job.status,
        technician_id: job.technician_id,
        clocked_x100: job.clocked_x100,
        started_at: job.started_at,
        finished_at: job.finished_at,
        rework_note: job.rework_note.clone(),
    }
}

/// A member of the store's staff who works on cars (`service_work`), active.
fn technician_of(c: &mut DbConnection, store_id: i64, user_id: i64) -> AppResult<storage::users::UserRow> {
    let user =
        storage::users::get(c, user_id).map_err(|_| AppError::field("technician_id", "repair-technician-unknown"))?;
    if user.store_id != store_id || !user.active || !user.role.has(Permission::ServiceWork) {
        return Err(AppError::field("technician_id", "repair-technician-unknown"));
    }
    Ok(user)
}

/// Gives job `job_id` of repair order `id` to technician `technician_id` (`service_dispatch`),
/// or to another one before it starts. Only an approved job goes to the workshop.
#[tracing::instrument(name = "service", skip_all, fields(use_case = "dispatch", store = actor.store_id.0, actor = actor.user_id.0, repair_order = order.0))]
pub fn dispatch(
    app: &App,
    actor: &Actor,
    (order, job): (RepairOrderId, RepairJobId),
    version: i64,
    technician: UserId,
) -> AppResult<RepairOrder> {
    let (id, job_id, technician_id) = (order.0, job.0, technician.0);
    let now = app.now();
    require(actor, Permission::ServiceDispatch)?;
    app.db.write(|c| {
        let s = State::load(c, actor, id)?;
        let job = job_of(&s, job_id, version)?;
        let status = s.next(Command::Dispatch)?;
        let to = advance(job.status, job.approved, Step::Assign).map_err(|e| super::refused(e.code()))?;
        let tech = technician_of(c, s.order.store_id, technician_id)?;
        storage::service::lines::update_job(
            c,
            &job,
            &JobChange { status: to, technician_id: Some(tech.id), ..change_of(&job) },
        )?;
        let row = storage::service::update(
            c,
            &s.order,
            &storage::service::Change { status: Some(status), ..Default::default() },
            now,
        )?;
        let note = format!("{} → {}", job.name, tech.display_name);
        let changes = Changes::new().field("technician_id", job.technician_id, Some(tech.id)).created("job_id", job.id);
        log(c, now, actor, &row, (Action::RepairOrderDispatched, "dispatched"), &note, changes)?;
        let notice = Notice::new("mail-repair-job-assigned").arg("number", &row.number).arg("job", &job.name);
        crate::kernel::notify::to_staff(app, c, &tech, &notice)?;
        reload(app, c, actor, id)
    })
}

/// The technician's step on their own job (`service_work`): start, wait for parts, finish with
/// the hours clocked. The last job done sends the car to quality control.
#[tracing::instrument(name = "service", skip_all, fields(use_case = "job_step", store = actor.store_id.0, actor = actor.user_id.0, repair_order = order.0))]
pub fn step(
    app: &App,
    actor: &Actor,
    (order, job): (RepairOrderId, RepairJobId),
    version: i64,
    step: &str,
    clocked: &str,
) -> AppResult<RepairOrder> {
    let now = app.now();
    require(actor, Permission::ServiceWork)?;
    let (id, job_id) = (order.0, job.0);
    let step = Step::from_code(step.trim())
        .filter(|s| s.is_technicians())
        .ok_or_else(|| AppError::field("step", "value-unknown"))?;
    let clocked = match step {
        Step::Finish => Some(domain::service::jobs::hours(clocked).map_err(|e| AppError::field("clocked", e.code()))?),
        _ => None,
    };
    app.db.write(|c| {
        let s = State::load(c, actor, id)?;
        let job = job_of(&s, job_id, version)?;
        if job.technician_id != Some(actor.user_id.0) {
            return Err(super::refused("repair-not-your-job"));
        }
        if !s.order.status.lines_open() {
            return Err(super::refused("repair-closed"));
        }
        let to = advance(job.status, job.approved, step).map_err(|e| super::refused(e.code()))?;
        let mut change = JobChange { status: to, ..change_of(&job) };
        match step {
            Step::Start if job.started_at.is_none() => change.started_at = Some(now),
            Step::Finish => {
                change.finished_at = Some(now);
                change.clocked_x100 = clocked.unwrap_or(0);
            }
            _ => {}
        }
        storage::service::lines::update_job(c, &job, &change)?;
        let after = State::of(c, s.order.clone())?;
        let last_done = step == Step::Finish && after.next(Command::JobsDone).is_ok();
        let status = if last_done { Some(after.next(Command::JobsDone)?) } else { None };
        let row =
            storage::service::update(c, &s.order, &storage::service::Change { status, ..Default::default() }, now)?;
        let note = match clocked {
            Some(h) => format!("{} · {} h", job.name, domain::service::jobs::show_hours(h)),
            None => job.name.clone(),
        };
        let changes = Changes::new().created("job_id", job.id).field("job_status", job.status.code(), to.code());
        log(c, now, actor, &row, (Action::RepairOrderJobStep, step.code()), &note, changes)?;
        if last_done {
            tell_inspectors(app, c, &row)?;
        }
        reload(app, c, actor, id)
    })
}

/// Tells the store's inspectors that a car waits for quality control.
fn tell_inspectors(app: &App, c: &mut DbConnection, row: &storage::service::RepairOrderRow) -> AppResult<()> {
    let notice = Notice::new("mail-repair-ready-for-qc").arg("number", &row.number);
    for user in storage::users::list_for_store(c, row.store_id)? {
        if user.role == domain::rbac::Role::WorkshopForeman {
            crate::kernel::notify::to_staff(app, c, &user, &notice)?;
        }
    }
    Ok(())
}

/// The inspector's verdict (`service_qc`): pass, or fail with the reason and the jobs that go
/// back to work. Nobody inspects a car they worked on.
#[tracing::instrument(name = "service", skip_all, fields(use_case = "quality_check", store = actor.store_id.0, actor = actor.user_id.0, repair_order = id))]
pub fn quality_check(
    app: &App,
    actor: &Actor,
    id: i64,
    version: i64,
    passed: bool,
    note: &str,
    rework: &[i64],
) -> AppResult<RepairOrder> {
    let now = app.now();
    require(actor, Permission::ServiceQc)?;
    let note = if passed {
        domain::text::optional(note, 500).map_err(|e| AppError::field("note", e.code()))?.unwrap_or_default()
    } else {
        domain::text::required(note, 500).map_err(|e| AppError::field("note", e.code()))?
    };
    if !passed && rework.is_empty() {
        return Err(AppError::field("rework", "repair-rework-required"));
    }
    app.db.write(|c| {
        let s = State::load(c, actor, id)?;
        if s.order.version != version {
            return Err(AppError::Conflict(Conflict::Stale));
        }
        if s.jobs.iter().any(|j| j.technician_id == Some(actor.user_id.0)) {
            return Err(super::refused("repair-qc-own-work"));
        }
        let status = s.next(if passed { Command::PassQc } else { Command::FailQc })?;
        let mut back = Vec::new();
        for job_id in rework {
            let job =
                s.jobs.iter().find(|j| j.id == *job_id).ok_or_else(|| AppError::field("rework", "value-unknown"))?;
            let to = advance(job.status, job.approved, Step::Reopen).map_err(|e| super::refused(e.code()))?;
            let change = JobChange { status: to, finished_at: None, rework_note: note.clone(), ..change_of(job) };
            storage::service::lines::update_job(c, job, &change)?;
            back.push(job);
        }
        let change = storage::service::Change {
            status: Some(status),
            qc: Some((actor.user_id.0, note.clone())),
            ..Default::default()
        };
        let row = storage::service::update(c, &s.order, &change, now)?;
        let step = if passed { "qc_passed" } else { "qc_failed" };
        let changes = Changes::new().created("passed", passed).created_if("note", (!note.is_empty()).then_some(&note));
        log(c, now, actor, &row, (Action::RepairOrderQc, step), &note, changes)?;
        for job in back {
            if let Some(t) = job.technician_id {
                let user = storage::users::get(c, t)?;
                let notice = Notice::new("mail-repair-qc-failed")
                    .arg("number", &row.number)
                    .arg("job", &job.name)
                    .arg("reason", &note);
                crate::kernel::notify::to_staff(app, c, &user, &notice)?;
            }
        }
        reload(app, c, actor, id)
    })
}

/// A job on the technician's phone.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct BoardJob {
    pub repair_order_id: i64,
    pub number: String,
    pub plate: Option<String>,
    pub vin: String,
    #[serde(serialize_with = "crate::kernel::json::rfc3339_opt")]
    pub promised_at: Option<NaiveDateTime>,
    pub job: super::Job,
}

/// The technician's jobs not done yet, the most urgent first (`service_work`).
pub fn my_jobs(app: &App, actor: &Actor) -> AppResult<Vec<BoardJob>> {
    require(actor, Permission::ServiceWork)?;
    app.db.read(|c| {
        storage::service::lines::jobs_of_technician(c, actor.user_id.0)?
            .into_iter()
            .filter(|b| b.job.status != JobStatus::Done)
            .map(|b| {
                Ok(BoardJob {
                    repair_order_id: b.job.repair_order_id,
                    number: b.number,
                    plate: b.plate,
                    vin: b.vin,
                    promised_at: b.promised_at,
                    job: super::views::job_view(c, actor, b.job)?,
                })
            })
            .collect()
    })
}

/// The store's technicians with their open jobs and hours (the dispatcher's picker), the least
/// loaded first, the foreman last.
pub fn technicians(app: &App, actor: &Actor) -> AppResult<Vec<TechnicianLoad>> {
    require(actor, Permission::ServiceRead)?;
    app.db.read(|c| {
        let loads = storage::service::lines::loads(c, actor.store_id.0)?;
        let mut out: Vec<(bool, TechnicianLoad)> = storage::users::list_for_store(c, actor.store_id.0)?
            .into_iter()
            .filter(|u| u.role.has(Permission::ServiceWork))
            .map(|u| {
                let (n, h) = loads.iter().find(|(t, _, _)| *t == u.id).map_or((0, 0), |(_, n, h)| (*n, *h));
                let foreman = u.role != domain::rbac::Role::Technician;
                (foreman, TechnicianLoad { user_id: u.id, name: u.display_name, open_jobs: n, hours_x100: h })
            })
            .collect();
        // Technicians first, the least loaded first; the foreman, who also works on cars, last.
        out.sort_by_key(|(foreman, t)| (*foreman, t.hours_x100, t.user_id));
        Ok(out.into_iter().map(|(_, t)| t).collect())
    })
}
