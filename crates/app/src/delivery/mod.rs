//! Delivery (issue 30): the pre-delivery inspection of an order's car and its handover to the
//! buyer. These checklists are the only source of the order's "ready for delivery" and
//! "delivered": delivery raises `PdiRecorded` and `Delivered`, sales records the facts, inventory
//! lets the car leave the stock and customers makes it the buyer's. The rules are
//! `domain::delivery`'s.

mod calendar;
pub mod checklists;
mod followups;
mod handover;
mod inspection;
mod photos;

pub use calendar::{
    Booking, BookingInput, BuyerDelivery, CalendarEntry, HoursInput, Slot, between, book, book_by_link, for_buyer,
    set_store_hours, slots, store_hours,
};
pub use followups::{Survey, SurveyInput, Task, answer as answer_survey, finish as finish_task, mine as my_tasks};
pub use handover::{HandoverInput, hand_over};
pub use inspection::{CheckedInput, InspectionInput, inspect};
pub use photos::{Photo, add as add_photo, get as photo};

use crate::kernel::erasure::{ERASED, Eraser, Erasure};
use crate::{App, AppResult, require};
use chrono::{NaiveDate, NaiveDateTime};
use domain::catalogue::FuelType;
use domain::delivery::{Blocker, Checked, HandoverDocument, Readiness, Section};
use domain::org::Actor;
use domain::rbac::Permission;
use domain::sales::{Status, VehicleFact};
use storage::DbConnection;
use storage::delivery::{HandoverRow, InspectionRow};
use storage::sales::OrderRow;

/// An item of the checklist the car is inspected by.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ChecklistItem {
    pub key: String,
    #[schema(value_type = String)]
    pub section: Section,
    /// A store's own item's words (a standard item's are `pdi-item-<key>` in the locale files).
    pub label: Option<String>,
}

/// A recorded inspection.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Inspection {
    pub id: i64,
    pub passed: bool,
    pub failed_items: i32,
    #[schema(value_type = Vec<Object>)]
    pub results: Vec<Checked>,
    pub note: String,
    pub inspected_by: String,
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    pub inspected_at: NaiveDateTime,
    pub inspected_on: NaiveDate,
}

/// The handover as recorded.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Handover {
    pub delivered_on: NaiveDate,
    /// The day the 三包 clocks run from: the invoice date.
    pub warranty_from: NaiveDate,
    #[schema(value_type = Vec<String>)]
    pub documents: Vec<HandoverDocument>,
    pub key_count: i32,
    pub odometer_km: i64,
    /// The name the buyer signed as (`—` once erased).
    pub signed_by: String,
    pub signed: bool,
    pub note: String,
    pub handed_over_by: String,
}

/// An order's delivery: its car, the checklist, the inspections, what still blocks the handover
/// and, once done, the handover.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Delivery {
    pub order_id: i64,
    pub order_no: String,
    /// The buyer, as the handover's signature names them by default.
    pub customer_name: String,
    #[schema(value_type = String)]
    pub status: Status,
    pub vin: Option<String>,
    #[schema(value_type = Option<String>)]
    pub fuel_type: Option<FuelType>,
    pub checklist: Vec<ChecklistItem>,
    /// The words of the store's own items (key, label), for inspections and photos that name them.
    pub own_labels: Vec<(String, String)>,
    /// The latest first.
    pub inspections: Vec<Inspection>,
    /// The valid invoice's date, if one is issued.
    pub invoice_date: Option<NaiveDate>,
    /// Why the car cannot be handed over yet (empty: it can).
    #[schema(value_type = Vec<String>)]
    pub blockers: Vec<Blocker>,
    pub handover: Option<Handover>,
    /// The handover's booking in force.
    pub booking: Option<Booking>,
    /// The buyer's answers to the survey after delivery.
    pub survey: Option<Survey>,
    /// The follow-ups after delivery (the sales callback, a detractor's call), with their
    /// assignee's name.
    pub tasks: Vec<(Task, String)>,
    /// The PDI photos, in the order they were taken.
    pub photos: Vec<Photo>,
    /// The starts of the store's delivery slots (`HH:MM`), for a booking form.
    pub slot_starts: Vec<String>,
    /// What the reader may do now: `inspect`, `book`, `hand_over`.
    pub actions: Vec<&'static str>,
}

/// Everything the use cases and the view read of an order's delivery, in one transaction.
pub(crate) struct State {
    pub order: OrderRow,
    pub vehicle: Option<storage::inventory::vehicles::VehicleRow>,
    pub fuel_type: Option<FuelType>,
    pub inspections: Vec<InspectionRow>,
    pub invoice: Option<storage::finance::invoices::InvoiceRow>,
    pub handover: Option<HandoverRow>,
    /// The booking in force.
    pub booking: Option<storage::delivery::calendar::BookingRow>,
    pub survey: Option<storage::delivery::followups::SurveyRow>,
    pub tasks: Vec<storage::delivery::followups::TaskRow>,
}

impl State {
    pub(crate) fn load(c: &mut DbConnection, actor: &Actor, order_id: i64) -> AppResult<Self> {
        let order = crate::kernel::scope::order(c, actor, order_id)?;
        Self::of(c, order)
    }

    /// The order of a buyer's link (the link was checked by the caller).
    pub(crate) fn load_by_link(c: &mut DbConnection, order_id: i64) -> AppResult<Self> {
        let order = storage::sales::get(c, order_id)?;
        Self::of(c, order)
    }

    fn of(c: &mut DbConnection, order: OrderRow) -> AppResult<Self> {
        let vehicle = storage::inventory::vehicles::of_order(c, order.id)?;
        let fuel_type = match &vehicle {
            Some(v) => Some(storage::catalogue::get_trim(c, v.group_id, v.trim_id)?.fuel_type),
            None => None,
        };
        let document = domain::billing::Document { kind: domain::billing::DocumentKind::SalesOrder, id: order.id };
        let invoice = storage::finance::invoices::of_document(c, document)?
            .into_iter()
            .find(|i| i.status == domain::finance::contract::InvoiceStatus::Valid);
        let inspections = storage::delivery::inspections_of(c, order.id)?;
        let handover = storage::delivery::handover_of(c, order.id)?;
        let booking = storage::delivery::calendar::of_order(c, order.id)?
            .into_iter()
            .find(|b| b.status == domain::delivery::slots::BookingStatus::Booked);
        let survey = storage::delivery::followups::survey_of(c, order.id)?;
        let tasks = storage::delivery::followups::tasks_of(c, order.id)?;
        Ok(Self { order, vehicle, fuel_type, inspections, invoice, handover, booking, survey, tasks })
    }

    /// The order's car is at the store (picked from stock, or arrived for it), in stock or in the
    /// PDI bay.
    pub(crate) fn arrived(&self) -> bool {
        use domain::inventory::Whereabouts as W;
        matches!(self.order.facts().vehicle, VehicleFact::Allocated | VehicleFact::Arrived)
            && self.vehicle.as_ref().is_some_and(|v| matches!(v.whereabouts, W::InStock | W::InPdi))
    }

    /// The latest inspection of the car the order has now passed.
    pub(crate) fn pdi_passed(&self) -> bool {
        let latest = self.inspections.first();
        latest.is_some_and(|i| i.passed && self.vehicle.as_ref().is_some_and(|v| v.id == i.vehicle_id))
    }

    pub(crate) fn blockers(&self) -> Vec<Blocker> {
        let facts = self.order.facts();
        domain::delivery::blockers(Readiness {
            order_open: self.order.stage().is_ok_and(|s| s == domain::sales::Stage::Approved),
            delivered: facts.delivered || self.handover.is_some(),
            arrived: self.arrived(),
            pdi_passed: self.pdi_passed(),
            paid_in_full: facts.paid_in_full,
            invoiced: self.invoice.is_some(),
            certificate_here: self.vehicle.as_ref().is_none_or(|v| v.custody != domain::inventory::Custody::Lender),
        })
    }

    /// What `actor` may do now.
    fn actions(&self, actor: &Actor) -> Vec<&'static str> {
        let blockers = self.blockers();
        let open = !blockers.iter().any(|b| matches!(b, Blocker::Delivered | Blocker::OrderNotOpen));
        let mut out = Vec::new();
        if open && self.arrived() && actor.can(Permission::DeliveryInspect) {
            out.push("inspect");
        }
        if open && self.vehicle.is_some() && actor.can(Permission::DeliveryHandOver) {
            out.push("book");
        }
        if blockers.is_empty() && actor.can(Permission::DeliveryHandOver) {
            out.push("hand_over");
        }
        out
    }
}

fn user_name(c: &mut DbConnection, id: i64) -> AppResult<String> {
    Ok(storage::users::get(c, id)?.display_name)
}

fn inspection_view(c: &mut DbConnection, r: InspectionRow) -> AppResult<Inspection> {
    Ok(Inspection {
        id: r.id,
        passed: r.passed,
        failed_items: r.failed_items,
        results: serde_json::from_str(&r.results).map_err(crate::AppError::internal)?,
        note: r.note,
        inspected_by: user_name(c, r.inspected_by)?,
        inspected_at: r.inspected_at,
        inspected_on: r.inspected_on,
    })
}

fn handover_view(c: &mut DbConnection, r: HandoverRow) -> AppResult<Handover> {
    let codes: Vec<String> = serde_json::from_str(&r.documents).map_err(crate::AppError::internal)?;
    Ok(Handover {
        delivered_on: r.delivered_on,
        warranty_from: r.warranty_from,
        documents: HandoverDocument::ALL.into_iter().filter(|d| codes.iter().any(|c| c == d.code())).collect(),
        key_count: r.key_count,
        odometer_km: r.odometer_km,
        signed_by: r.signed_by,
        signed: r.signature_png.is_some(),
        note: r.note,
        handed_over_by: user_name(c, r.handed_over_by)?,
    })
}

fn view(c: &mut DbConnection, actor: &Actor, s: State) -> AppResult<Delivery> {
    let blockers = s.blockers();
    let actions = s.actions(actor);
    let store_list = checklists::of_store(c, s.order.store_id)?;
    let checklist = s
        .fuel_type
        .map(|fuel| domain::delivery::checklist_for(fuel, &store_list))
        .unwrap_or_default()
        .into_iter()
        .map(|i| ChecklistItem { key: i.key, section: i.section, label: i.label })
        .collect();
    let own_labels = checklists::labels(c, s.order.store_id)?;
    let State { order, vehicle, fuel_type, inspections, invoice, handover, booking, survey, tasks } = s;
    // The order was read within the reader's scope: its buyer is the order's.
    let (hours, _) = calendar::hours(c, order.store_id)?;
    let slot_starts =
        hours.starts().into_iter().map(|m| domain::delivery::slots::time_of(m).format("%H:%M").to_string()).collect();
    let customer_name = storage::customers::by_ids(c, order.store_id, &[order.customer_id])?
        .pop()
        .map(|k| k.name)
        .ok_or(crate::AppError::NotFound)?;
    Ok(Delivery {
        order_id: order.id,
        order_no: order.order_no,
        customer_name,
        status: order.status,
        vin: vehicle.map(|v| v.vin),
        fuel_type,
        checklist,
        own_labels,
        inspections: inspections.into_iter().map(|r| inspection_view(c, r)).collect::<AppResult<_>>()?,
        invoice_date: invoice.map(|i| i.invoice_date),
        blockers,
        handover: handover.map(|h| handover_view(c, h)).transpose()?,
        booking: booking.as_ref().map(Booking::from),
        photos: storage::delivery::photos_of(c, order.id)?.into_iter().map(Photo::from).collect(),
        slot_starts,
        survey: survey.map(Survey::from),
        tasks: tasks
            .into_iter()
            .map(|t| Ok((Task::from(t.clone()), user_name(c, t.assignee_id)?)))
            .collect::<AppResult<_>>()?,
        actions,
    })
}

/// Order `order_id`'s delivery as `actor` sees it (`order_read` within their scope).
pub fn of_order(app: &App, actor: &Actor, order_id: i64) -> AppResult<Delivery> {
    require(actor, Permission::OrderRead)?;
    app.db.read(|c| {
        let s = State::load(c, actor, order_id)?;
        view(c, actor, s)
    })
}

/// The handovers of a customer keep their signature and signed name until an erasure.
const ERASER: Eraser = Eraser { name: "delivery.signatures", holds: crate::kernel::erasure::never_holds, erase };

fn erase(c: &mut DbConnection, e: &Erasure<'_>) -> AppResult<()> {
    storage::delivery::erase_signatures(c, e.customer.id, ERASED)?;
    Ok(storage::delivery::followups::erase(c, e.customer.id, ERASED)?)
}

/// What delivery adds to the application (listed in `app::capabilities::ALL`).
pub const CAPABILITY: crate::kernel::registry::Capability = crate::kernel::registry::Capability {
    name: "delivery",
    listeners: &[],
    timeline: &[],
    vehicle_notes: &[],
    jobs: &[],
    permissions: &[Permission::DeliveryInspect, Permission::DeliveryHandOver, Permission::DeliverySettingsManage],
    audit_actions: &[
        crate::kernel::audit::Action::OrderPdiRecorded,
        crate::kernel::audit::Action::OrderHandedOver,
        crate::kernel::audit::Action::OrderDeliveryBooked,
        crate::kernel::audit::Action::DeliveryHoursSet,
        crate::kernel::audit::Action::PdiChecklistChanged,
        crate::kernel::audit::Action::OrderSurveyAnswered,
        crate::kernel::audit::Action::OrderFollowUpDone,
        crate::kernel::audit::Action::OrderPdiPhotoAdded,
    ],
    erasers: &[ERASER],
    staff_notices: &["mail-detractor", "mail-delivery-booked", "mail-delivery-moved"],
};
