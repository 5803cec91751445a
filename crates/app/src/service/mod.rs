//! After-sales (issue 31): repair orders (工单) from reception to handover. The rules are
//! `domain::service`'s: its state machine decides every step, its lines say what each payer owes,
//! its 三包 clocks read the car's repair orders. The customer's part is billed through finance
//! as a `DocumentKind::RepairOrder`; the car is found among the customer's vehicles.

mod appointments;
mod history;
mod link;
mod reception;
mod self_booking;
mod settlement;
mod views;
mod work;
mod workshop;

pub use appointments::{
    Appointment, AppointmentInput, DayBoard, Slot, appointment, book, close, day_board, remind as remind_appointments,
};
pub use history::{HistoryJob, HistoryPart, VehicleHistory, Visit, of_vehicle as vehicle_history};
pub use link::{approve_by_link, by_link, send_link, url as link_url};
pub use reception::{ReceptionInput, labour_rate, receive, set_labour_rate};
pub use self_booking::{BookingDay, BookingPage, SelfBookingInput, book_by_link, booking_page};
pub use settlement::{cancel, hand_over, settle};
pub use views::{
    Clocks, Job, Part, RepairOrder, RepairOrderLine, RepairQuery, RepairStep, TechnicianLoad, clocks_of_vin, get, list,
};
pub use work::{JobInput, LineRemoval, PartInput, add_job, add_part, approve_estimate, remove_line};
pub use workshop::{BoardJob, dispatch, my_jobs, quality_check, step, technicians};

pub use storage::service::Filter;

use crate::kernel::audit::{self, Action, Changes, Record};
use crate::kernel::erasure::{ERASED, Eraser, Erasure};
use crate::kernel::events::{By, Event, Kind, Listener, Raised};
use crate::{AppError, AppResult, Conflict};
use chrono::NaiveDateTime;
use domain::org::Actor;
use domain::rbac::Permission;
use domain::service::{Command, Facts, RepairStatus};
use storage::DbConnection;
use storage::service::RepairOrderRow;
use storage::service::lines::{JobRow, PartRow};

/// A repair order with its lines, as the use cases decide from it.
pub(crate) struct State {
    pub order: RepairOrderRow,
    pub jobs: Vec<JobRow>,
    pub parts: Vec<PartRow>,
}

impl State {
    /// Repair order `id` within the reader's scope (locked for the write).
    pub(crate) fn load(c: &mut DbConnection, actor: &Actor, id: i64) -> AppResult<Self> {
        storage::service::lock(c, id)?;
        let order = visible(c, actor, id)?;
        Self::of(c, order)
    }

    pub(crate) fn of(c: &mut DbConnection, order: RepairOrderRow) -> AppResult<Self> {
        let jobs = storage::service::lines::jobs_of(c, order.id)?;
        let parts = storage::service::lines::parts_of(c, order.id)?;
        Ok(Self { order, jobs, parts })
    }

    pub(crate) fn facts(&self) -> Facts {
        use domain::service::jobs::JobStatus as J;
        Facts {
            jobs: self.jobs.len(),
            jobs_done: self.jobs.iter().filter(|j| j.status == J::Done).count(),
            jobs_started: self.jobs.iter().filter(|j| j.started_at.is_some()).count(),
            unapproved: self.jobs.iter().filter(|j| !j.approved).count()
                + self.parts.iter().filter(|p| !p.approved).count(),
            paid: self.order.paid || self.order.customer_fen == 0,
            parts_waiting: self.parts.iter().filter(|p| p.approved && p.issued < p.quantity).count(),
        }
    }

    /// The status after `command`, or the refusal the user reads.
    pub(crate) fn next(&self, command: Command) -> AppResult<RepairStatus> {
        domain::service::apply(self.order.status, self.facts(), command)
            .map_err(|e| refused(domain::error::ErrorCode::code(&e)))
    }

    pub(crate) fn totals(&self) -> domain::service::lines::Totals {
        use domain::service::lines::Line;
        let lines: Vec<Line> = self
            .jobs
            .iter()
            .map(|j| Line { payer: j.payer, amount: domain::Money::from_fen(j.amount_fen) })
            .chain(self.parts.iter().map(|p| Line { payer: p.payer, amount: domain::Money::from_fen(p.amount_fen) }))
            .collect();
        domain::service::lines::Totals::of(&lines)
    }
}

/// A repair order the actor may see: within their data scope, or one of their own jobs'.
pub(crate) fn visible(c: &mut DbConnection, actor: &Actor, id: i64) -> AppResult<RepairOrderRow> {
    let row = storage::service::get(c, id).map_err(|e| match e {
        storage::StorageError::NotFound => AppError::NotFound,
        other => other.into(),
    })?;
    let vis = crate::kernel::scope::visibility(c, actor)?;
    if vis.allows(domain::ids::StoreId(row.store_id), domain::ids::UserId(row.owner_id)) {
        return Ok(row);
    }
    let mine = storage::service::lines::jobs_of(c, id)?.iter().any(|j| j.technician_id == Some(actor.user_id.0));
    if mine && row.store_id == actor.store_id.0 { Ok(row) } else { Err(AppError::NotFound) }
}

pub(crate) fn refused(code: &'static str) -> AppError {
    AppError::Conflict(Conflict::Refused { code })
}

/// The repair order's step on its timeline and in the audit log, in the caller's transaction.
pub(crate) fn log(
    c: &mut DbConnection,
    now: NaiveDateTime,
    actor: &Actor,
    row: &RepairOrderRow,
    (action, step): (Action, &str),
    note: &str,
    changes: Changes,
) -> AppResult<()> {
    storage::service::record(c, row.id, step, note, Some(actor.user_id.0), now)?;
    audit::record(c, now, actor, Record { action, entity_id: row.id, store_id: Some(row.store_id), changes })
}

/// Marks the lines waiting for the customer approved and applies `change` to the order; the
/// parts store hears of the part lines it is now to issue.
pub(crate) fn approve_lines(
    app: &crate::App,
    c: &mut DbConnection,
    now: NaiveDateTime,
    by: By<'_>,
    s: &State,
    change: &storage::service::Change,
) -> AppResult<RepairOrderRow> {
    storage::service::lines::approve_all(c, s.order.id)?;
    let row = storage::service::update(c, &s.order, change, now)?;
    let parts: Vec<PartRow> = s.parts.iter().filter(|p| !p.approved).cloned().collect();
    if !parts.is_empty() {
        crate::kernel::events::raise(
            app,
            c,
            now,
            by,
            Event::RepairPartsApproved { repair_order: &row, parts: &parts },
        )?;
    }
    Ok(row)
}

/// Registers the customer's part of the repair order with finance (a billable document).
pub(crate) fn bill(c: &mut DbConnection, row: &RepairOrderRow, now: NaiveDateTime) -> AppResult<()> {
    storage::billing::register(
        c,
        &storage::billing::Billable {
            document: domain::billing::Document { kind: domain::billing::DocumentKind::RepairOrder, id: row.id },
            store_id: row.store_id,
            owner_id: row.owner_id,
            customer_id: row.customer_id,
            number: &row.number,
            amount_fen: row.customer_fen,
            now,
        },
    )?;
    Ok(())
}

/// Finance confirmed money against a repair order: paid in full, the car may go back.
const PAID: Listener = Listener { name: "service.paid", hears: &[Kind::BillStanding], on: paid, prepare: None };

fn paid(r: &Raised<'_>, c: &mut DbConnection, event: &Event<'_>) -> AppResult<()> {
    let Event::BillStanding { bill, paid, paid_in_full, receipt } = event else { return Ok(()) };
    if bill.kind != domain::billing::DocumentKind::RepairOrder {
        return Ok(());
    }
    let row = storage::service::get(c, bill.document_id)?;
    let row = if *paid_in_full && !row.paid {
        storage::service::update(c, &row, &storage::service::Change { paid: Some(true), ..Default::default() }, r.now)?
    } else {
        row
    };
    let by = match r.by {
        By::Staff(a) => Some(a.user_id.0),
        By::Customer(_) => None,
    };
    storage::service::record(c, row.id, "paid", &format!("{receipt} · {paid}"), by, r.now)?;
    Ok(())
}

/// The parts store issued (or took back) pieces of a part line: the line says how many are out,
/// and the repair order's timeline says so.
const ISSUED: Listener =
    Listener { name: "service.parts_issued", hears: &[Kind::PartsIssued], on: issued, prepare: None };

fn issued(r: &Raised<'_>, c: &mut DbConnection, event: &Event<'_>) -> AppResult<()> {
    let Event::PartsIssued { repair_order_id, repair_part_id, issued, note } = event else { return Ok(()) };
    // What was billed is what left the shelves: a settled order's parts stay out.
    let status = storage::service::get(c, *repair_order_id)?.status;
    if !status.lines_open() && status != RepairStatus::Passed {
        return Err(refused("repair-lines-closed"));
    }
    storage::service::lines::set_issued(c, *repair_part_id, *issued)?;
    let step = if *issued > 0 { "parts_issued" } else { "parts_returned" };
    let by = match r.by {
        By::Staff(a) => Some(a.user_id.0),
        By::Customer(_) => None,
    };
    storage::service::record(c, *repair_order_id, step, note, by, r.now)?;
    Ok(())
}

/// A customer's erasure waits for their cars to leave the workshop; then what they said and the
/// walk-around notes go, the repairs stay with the car.
const ERASER: Eraser = Eraser { name: "service.repair_orders", holds, erase };

fn holds(c: &mut DbConnection, e: &Erasure<'_>) -> AppResult<Option<&'static str>> {
    Ok(storage::service::has_open(c, e.customer.id)?.then_some("customer-repair-open"))
}

fn erase(c: &mut DbConnection, e: &Erasure<'_>) -> AppResult<()> {
    Ok(storage::service::erase_customer(c, e.customer.id, ERASED)?)
}

/// What after-sales adds to the application (listed in `app::capabilities::ALL`).
pub const CAPABILITY: crate::kernel::registry::Capability = crate::kernel::registry::Capability {
    name: "service",
    listeners: &[PAID, ISSUED],
    timeline: &[views::timeline],
    vehicle_notes: &[],
    jobs: &[crate::kernel::registry::Job {
        name: "service.appointment_reminders",
        every_secs: 300,
        run: appointments::remind,
    }],
    permissions: &[
        Permission::ServiceRead,
        Permission::ServiceWrite,
        Permission::ServiceDispatch,
        Permission::ServiceQc,
        Permission::ServiceWork,
        Permission::ServiceSettingsManage,
    ],
    audit_actions: &[
        Action::RepairOrderReceived,
        Action::RepairOrderLineAdded,
        Action::RepairOrderLineRemoved,
        Action::RepairOrderEstimateApproved,
        Action::RepairOrderDispatched,
        Action::RepairOrderJobStep,
        Action::RepairOrderQc,
        Action::RepairOrderSettled,
        Action::RepairOrderHandedOver,
        Action::RepairOrderCancelled,
        Action::LabourRateSet,
        Action::RepairOrderLinkSent,
        Action::AppointmentBooked,
        Action::AppointmentClosed,
    ],
    erasers: &[ERASER],
    staff_notices: &[
        "mail-repair-job-assigned",
        "mail-repair-qc-failed",
        "mail-repair-ready-for-qc",
        "mail-repair-approved",
        "mail-appointment-by-customer",
    ],
};
