//! The pre-delivery inspection (PDI): every item of the car's checklist passed or failed with a
//! note. A passed inspection makes the order "ready for delivery"; a failed one takes that back
//! until a later inspection passes.

use super::{Delivery, State, view};
use crate::kernel::audit::{self, Action, Changes, Record};
use crate::kernel::events::{By, Event, raise};
use crate::{App, AppError, AppResult, Conflict, require};
use domain::FieldErrors;
use domain::delivery::{Blocker, Checked, Outcome};
use domain::org::Actor;
use domain::rbac::Permission;

/// One item as the inspector answered it.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CheckedInput {
    /// The checklist item's key (`paint`, `charging_cable`, ...).
    pub key: String,
    /// `pass` or `fail`.
    pub outcome: String,
    /// What is wrong (required when the item fails).
    pub note: String,
}

/// A PDI as typed: every item of the checklist once.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct InspectionInput {
    pub results: Vec<CheckedInput>,
    /// Anything else the inspector wants to say.
    pub note: String,
}

fn parse(input: &InspectionInput) -> Result<(Vec<Checked>, String), FieldErrors> {
    let mut e = FieldErrors::new();
    let mut results = Vec::new();
    for r in &input.results {
        let key = r.key.trim();
        match r.outcome.trim() {
            "" => e.add(format!("item.{key}"), "pdi-item-unanswered"),
            o => match Outcome::ALL.into_iter().find(|x| x.code() == o) {
                Some(outcome) => {
                    results.push(Checked { key: key.to_string(), outcome, note: r.note.trim().to_string() })
                }
                None => e.add(format!("item.{key}"), "value-unknown"),
            },
        }
    }
    let note = e.check("note", domain::text::optional(&input.note, 500)).flatten().unwrap_or_default();
    e.into_result()?;
    Ok((results, note))
}

/// Records a PDI of order `order_id`'s car (`delivery_inspect`), once the car is at the store and
/// until it is handed over. Every item of the checklist for the car's fuel type is answered; a
/// failure needs its note.
#[tracing::instrument(name = "delivery", skip_all, fields(use_case = "inspect", store = actor.store_id.0, actor = actor.user_id.0, order = order_id))]
pub fn inspect(app: &App, actor: &Actor, order_id: i64, input: &InspectionInput) -> AppResult<Delivery> {
    let now = app.now();
    require(actor, Permission::DeliveryInspect)?;
    let (mut results, note) = parse(input)?;
    app.db.write(|c| {
        storage::sales::lock(c, order_id)?;
        let s = State::load(c, actor, order_id)?;
        if let Some(b) = s.blockers().into_iter().find(|b| matches!(b, Blocker::Delivered | Blocker::OrderNotOpen)) {
            return Err(AppError::Conflict(Conflict::Refused { code: refusal(b) }));
        }
        let (Some(vehicle), Some(fuel)) = (&s.vehicle, s.fuel_type) else {
            return Err(AppError::Conflict(Conflict::Refused { code: "delivery-not-arrived" }));
        };
        if !s.arrived() {
            return Err(AppError::Conflict(Conflict::Refused { code: "delivery-not-arrived" }));
        }
        let items = domain::delivery::checklist_for(fuel, &super::checklists::of_store(c, s.order.store_id)?);
        let passed = domain::delivery::inspect(&items, &results)?;
        // Kept in the checklist's order, whatever order they were typed in.
        results.sort_by_key(|r| items.iter().position(|i| i.key == r.key));
        let failed = results.iter().filter(|r| r.outcome == Outcome::Fail).count() as i32;
        let today = crate::kernel::calendar::day(c, now, s.order.store_id)?;
        let row = storage::delivery::insert_inspection(
            c,
            &storage::delivery::NewInspection {
                store_id: s.order.store_id,
                order_id: s.order.id,
                vehicle_id: vehicle.id,
                fuel_type: fuel,
                results: &serde_json::to_string(&results).map_err(AppError::internal)?,
                passed,
                failed_items: failed,
                note: &note,
                inspected_by: actor.user_id.0,
                now,
                today,
            },
        )?;
        audit::record(
            c,
            now,
            actor,
            Record {
                action: Action::OrderPdiRecorded,
                entity_id: s.order.id,
                store_id: Some(s.order.store_id),
                changes: Changes::new()
                    .created("pdi", row.id)
                    .created("vin", vehicle.vin.as_str())
                    .created("passed", passed)
                    .created("failed_items", failed)
                    .created_if("note", (!note.is_empty()).then_some(note.as_str())),
            },
        )?;
        let told = if passed { "PDI".to_string() } else { format!("PDI · {failed}") };
        raise(app, c, now, By::Staff(actor), Event::PdiRecorded { order: &s.order, passed, note: &told })?;
        let s = State::load(c, actor, order_id)?;
        view(c, actor, s)
    })
}

/// The refusal of a use case for what blocks it.
pub(super) fn refusal(b: Blocker) -> &'static str {
    match b {
        Blocker::OrderNotOpen => "delivery-order-not-open",
        Blocker::Delivered => "delivery-delivered",
        Blocker::NotArrived => "delivery-not-arrived",
        Blocker::PdiNotPassed => "delivery-pdi-not-passed",
        Blocker::NotPaid => "delivery-not-paid",
        Blocker::NoInvoice => "delivery-no-invoice",
        Blocker::CertificateWithLender => "vehicle-certificate-with-lender",
    }
}
