//! Customer care (issue 31): callbacks (回访) and complaints (投诉), for customer service. Care
//! learns of settled repair orders and delivered cars from their capabilities' events, finds
//! the cars not seen for six months itself (a job), and escalates overdue complaints (a job).
//! The rules are `domain::care`'s; deadlines count working days on `domain::workdays`.

mod callbacks;
mod complaints;
mod escalation;
mod intervals;
mod reminders;

pub use callbacks::{
    CallInput, Callback, CallbackQuery, due_count as callbacks_due, get as callback, list as callbacks, record,
};
pub use complaints::{
    Complaint, ComplaintInput, ComplaintQuery, Step, StepInput, get as complaint, list as complaints, open, owners,
    step,
};
pub use escalation::escalate;
pub use intervals::{ModelSchedule, ScheduleInput, schedules, set_schedule};
pub use reminders::{Reminder, ReminderQuery, list as reminders, remind};
pub use storage::care::callbacks::Filter as CallbackFilter;
pub use storage::care::complaints::Filter as ComplaintFilter;

use crate::kernel::erasure::{Eraser, Erasure, never_holds};
use crate::kernel::events::{Event, Kind, Listener, Raised};
use crate::kernel::timeline::{Moment, Names};
use crate::{AppError, AppResult, Conflict};
use domain::care::{CallbackKind, DELIVERY_HOURS, DORMANT_MONTHS};
use domain::org::Actor;
use domain::rbac::Permission;
use storage::DbConnection;
use storage::care::callbacks::NewCallback;
use storage::customers::CustomerRow;

pub(crate) fn refused(code: &'static str) -> AppError {
    AppError::Conflict(Conflict::Refused { code })
}

/// The escalation job's name (also the audit log's actor of an escalation).
const ESCALATION: &str = "care.complaint_escalation";

/// A settled repair order is called about the next day, its advisor's work being asked about.
const SETTLED: Listener =
    Listener { name: "care.service_callback", hears: &[Kind::RepairOrderSettled], on: settled, prepare: None };

fn settled(r: &Raised<'_>, c: &mut DbConnection, event: &Event<'_>) -> AppResult<()> {
    let Event::RepairOrderSettled { repair_order: ro } = event else { return Ok(()) };
    let today = crate::kernel::calendar::day(c, r.now, ro.store_id)?;
    let new = NewCallback {
        store_id: ro.store_id,
        kind: CallbackKind::Service,
        customer_id: ro.customer_id,
        customer_vehicle_id: Some(ro.customer_vehicle_id),
        repair_order_id: Some(ro.id),
        order_id: None,
        subject: &ro.number,
        owner_id: ro.owner_id,
        due_on: today + chrono::Days::new(1),
    };
    storage::care::reminders::fulfil(c, ro.customer_vehicle_id, r.now)?;
    insert_once(c, &new, r.now)
}

/// A delivered car's buyer is called 72 hours after the handover.
const DELIVERED: Listener =
    Listener { name: "care.delivery_callback", hears: &[Kind::Delivered], on: delivered, prepare: None };

fn delivered(r: &Raised<'_>, c: &mut DbConnection, event: &Event<'_>) -> AppResult<()> {
    let Event::Delivered { order, .. } = event else { return Ok(()) };
    let due = crate::kernel::calendar::day(c, r.now + chrono::Duration::hours(DELIVERY_HOURS), order.store_id)?;
    let new = NewCallback {
        store_id: order.store_id,
        kind: CallbackKind::Delivery,
        customer_id: order.customer_id,
        customer_vehicle_id: None,
        repair_order_id: None,
        order_id: Some(order.id),
        subject: &order.order_no,
        owner_id: order.owner_id,
        due_on: due,
    };
    insert_once(c, &new, r.now)
}

/// One callback per repair order or order: an event heard twice adds nothing.
fn insert_once(c: &mut DbConnection, new: &NewCallback<'_>, now: chrono::NaiveDateTime) -> AppResult<()> {
    match storage::care::callbacks::insert(c, new, now) {
        Ok(_) | Err(storage::StorageError::Duplicate(_)) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// The job `care.dormant_callbacks`: the owners of cars last seen six to twelve months ago are
/// called once, today (at most 200 per store and round).
pub fn dormant(app: &crate::App) -> AppResult<usize> {
    let now = app.now();
    let stores = app.db.read(|c| Ok::<_, AppError>(storage::care::callbacks::stores_with_visits(c)?))?;
    let mut added = 0;
    for store_id in stores {
        added += app.db.write(|c| -> AppResult<usize> {
            let today = crate::kernel::calendar::day(c, now, store_id)?;
            let before = today - chrono::Months::new(DORMANT_MONTHS);
            let not_before = today - chrono::Months::new(2 * DORMANT_MONTHS);
            let cars = storage::care::callbacks::dormant(c, store_id, (not_before, before), 200)?;
            for car in &cars {
                let new = NewCallback {
                    store_id,
                    kind: CallbackKind::Dormant,
                    customer_id: car.customer_id,
                    customer_vehicle_id: Some(car.customer_vehicle_id),
                    repair_order_id: None,
                    order_id: None,
                    subject: &car.subject,
                    owner_id: car.owner_id,
                    due_on: today,
                };
                storage::care::callbacks::insert(c, &new, now)?;
            }
            Ok(cars.len())
        })?;
    }
    Ok(added)
}

/// The customer 360's calls and complaints the reader may see.
fn timeline(c: &mut DbConnection, actor: &Actor, customer: &CustomerRow, names: &Names) -> AppResult<Vec<Moment>> {
    if !actor.can(Permission::CareRead) {
        return Ok(Vec::new());
    }
    let vis = crate::kernel::scope::visibility(c, actor)?;
    let mut out = Vec::new();
    for r in storage::care::callbacks::answered_of_customer(c, &vis, customer.id)? {
        out.push(Moment {
            at: r.called_at.unwrap_or(r.created_at),
            kind: "callback",
            labels: vec![
                ("callback-kind", r.kind.code().to_string()),
                ("callback-status", r.status.code().to_string()),
            ],
            subject: match r.score {
                Some(s) => format!("{} · {}", r.subject, "★".repeat(s.clamp(0, 5) as usize)),
                None => r.subject.clone(),
            },
            note: r.comment.clone(),
            by: r.called_by.map(|u| names.user(u)).unwrap_or_default(),
            href: Some(format!("/care/callbacks/{}", r.id)),
        });
    }
    for r in storage::care::complaints::of_customer(c, &vis, customer.id)? {
        out.push(Moment {
            at: r.created_at,
            kind: "complaint",
            labels: vec![
                ("complaint-status", r.status.code().to_string()),
                ("complaint-severity", r.severity.code().to_string()),
            ],
            subject: r.number.clone(),
            note: r.description.clone(),
            by: names.user(r.owner_id),
            href: Some(format!("/care/complaints/{}", r.id)),
        });
    }
    Ok(out)
}

const ERASER: Eraser = Eraser { name: "care.calls_and_complaints", holds: never_holds, erase };

fn erase(c: &mut DbConnection, e: &Erasure<'_>) -> AppResult<()> {
    storage::care::callbacks::erase(c, e.customer.id)?;
    storage::care::complaints::erase(c, e.customer.id)?;
    Ok(())
}

/// What customer care adds to the application (listed in `app::capabilities::ALL`).
pub const CAPABILITY: crate::kernel::registry::Capability = crate::kernel::registry::Capability {
    name: "care",
    listeners: &[SETTLED, DELIVERED],
    timeline: &[timeline],
    vehicle_notes: &[],
    jobs: &[
        crate::kernel::registry::Job { name: "care.dormant_callbacks", every_secs: 3600, run: dormant },
        crate::kernel::registry::Job { name: ESCALATION, every_secs: 300, run: escalate },
        crate::kernel::registry::Job { name: "care.service_reminders", every_secs: 3600, run: remind },
    ],
    permissions: &[
        Permission::CareRead,
        Permission::CallbackRecord,
        Permission::ComplaintWrite,
        Permission::ComplaintManage,
    ],
    audit_actions: &[
        crate::kernel::audit::Action::CallbackRecorded,
        crate::kernel::audit::Action::ComplaintOpened,
        crate::kernel::audit::Action::ComplaintResolved,
        crate::kernel::audit::Action::ComplaintClosed,
        crate::kernel::audit::Action::ComplaintReopened,
        crate::kernel::audit::Action::ComplaintReassigned,
        crate::kernel::audit::Action::ComplaintEscalated,
        crate::kernel::audit::Action::ServiceScheduleSet,
    ],
    erasers: &[ERASER],
    staff_notices: &["mail-complaint-assigned", "mail-complaint-escalated"],
};
