//! Checking in the VINs a truck brings (the yard's gate): each vehicle into stock at its
//! location, its order told "arrived", the shipment completed by the last VIN and, for a transfer
//! between stores, the transfer received.

use super::shipments::{Shipment, number, view, visible};
use super::transfers;
use super::vehicles::{self, command_in};
use crate::kernel::audit::{self, Action, Changes, Record};
use crate::{App, AppError, AppResult, require};
use domain::error::ErrorCode;
use domain::inventory::{self as rules, CheckIn, Command, Inspection, ShipmentStatus};
use domain::org::Actor;
use domain::rbac::Permission;
use storage::inventory::shipments::{self as rows, CheckedIn, NewShipmentEvent};

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CheckInInput {
    /// As typed or scanned.
    pub vin: String,
    /// Where the vehicle is parked.
    pub location_id: Option<i64>,
    /// `ok` (default) or `damaged` (then the note says what was seen).
    pub inspection: String,
    pub note: String,
}

/// What checking in a VIN did.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct CheckedInVin {
    pub vin: String,
    /// It had been checked in before: nothing changed.
    pub already: bool,
    pub shipment: Shipment,
}

/// Checks in one VIN from shipment `id` at the actor's store (`vehicle_manage`): a VIN the
/// truck does not carry is refused and changes nothing; the vehicle goes into stock at the
/// location, its order says "arrived", and the last VIN completes the shipment.
#[tracing::instrument(name = "inventory", skip_all, fields(use_case = "check_in_vehicle", store = actor.store_id.0, actor = actor.user_id.0))]
pub fn check_in(app: &App, actor: &Actor, id: i64, input: &CheckInInput) -> AppResult<CheckedInVin> {
    let now = app.now();
    require(actor, Permission::VehicleManage)?;
    let vin: String = input.vin.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
    if vin.is_empty() {
        return Err(AppError::field("vin", "required"));
    }
    let inspection = match input.inspection.as_str() {
        "" => Inspection::Ok,
        code => <Inspection as domain::Code>::from_code(code)
            .ok_or_else(|| AppError::field("inspection", "value-unknown"))?,
    };
    let note =
        domain::text::optional(&input.note, 500).map_err(|e| AppError::field("note", e.code()))?.unwrap_or_default();
    app.db.write(|c| {
        rows::lock(c, id)?;
        let row = visible(c, actor, id)?;
        if row.store_id != actor.store_id.0 {
            return Err(AppError::NotFound);
        }
        let location =
            input.location_id.map(|l| super::locations::usable(c, row.store_id, l, "location_id")).transpose()?;
        let carried = rows::carried(c, id)?;
        let pairs: Vec<(&str, bool)> = carried.iter().map(|k| (k.vin.as_str(), k.received_at.is_some())).collect();
        let last = match rules::check_in(&pairs, &vin, inspection, &note) {
            Ok(CheckIn::AlreadyIn) => return Ok(CheckedInVin { vin, already: true, shipment: view(c, row, true)? }),
            Ok(CheckIn::Receive { last }) => last,
            Err(e) => return Err(AppError::field("vin", e.code())),
        };
        let k = carried.iter().find(|k| k.vin == vin).ok_or(AppError::NotFound)?;
        // The vehicle may still be the sending store's: the shipment to this store is the
        // authority here, not the vehicle's store.
        let v = vehicles::locked_any(c, k.vehicle_id)?;
        let no = number(row.store_day, id);
        let note_line = if note.is_empty() { no.clone() } else { format!("{no}: {note}") };
        let location_id = location.map(|l| l.id).or(v.location_id);
        command_in(app, c, now, actor, &v, Command::Receive { store_id: row.store_id }, &note_line, location_id)?;
        rows::check_in(
            c,
            domain::ids::ShipmentId(id),
            domain::ids::VehicleId(v.id),
            &CheckedIn { at: now, by: actor.user_id.0, location_id, inspection: inspection.code(), note: &note },
        )?;
        if last {
            transfers::received(c, now, actor, id)?;
        }
        if last || row.status == ShipmentStatus::InTransit {
            let status = if last { ShipmentStatus::Received } else { ShipmentStatus::Arrived };
            rows::set_status(c, &row, status, row.eta, now)?;
            rows::record(
                c,
                &NewShipmentEvent {
                    shipment_id: id,
                    at: now,
                    actor_id: Some(actor.user_id.0),
                    status,
                    eta: row.eta,
                    note: "",
                },
            )?;
        }
        let changes = Changes::new()
            .created("vin", &vin)
            .created("inspection", inspection.code())
            .created_if("note", (!note.is_empty()).then_some(note.as_str()));
        let event = Record { action: Action::ShipmentUpdated, entity_id: id, store_id: Some(row.store_id), changes };
        audit::record(c, now, actor, event)?;
        let row = rows::get(c, id)?;
        Ok(CheckedInVin { vin, already: false, shipment: view(c, row, true)? })
    })
}
