//! A vehicle committed: allocated to an order, moved by its commands (shipped, received,
//! transferred), its papers kept, released, moved between locations.

use super::*;

/// The order's specification: its trim and colours.
pub(crate) fn spec_of(order: &storage::sales::OrderRow) -> AppResult<Spec> {
    let terms: Terms = serde_json::from_str(&order.terms).map_err(AppError::internal)?;
    Ok(Spec {
        trim_id: order.trim_id,
        exterior_colour_id: terms.exterior_colour_id.unwrap_or(0),
        interior_colour_id: terms.interior_colour_id,
    })
}

/// Vehicles an order may have: free, of its store and exact specification; in stock first, then
/// in transit and on order; oldest first.
pub fn candidates(app: &App, actor: &Actor, order_id: i64) -> AppResult<Vec<Vehicle>> {
    require(actor, Permission::VehicleRead)?;
    app.db.read(|c| {
        let order = crate::kernel::scope::order(c, actor, order_id)?;
        let spec = spec_of(&order)?;
        rows::candidates(c, order.store_id, spec, 50)?.into_iter().map(|r| view(actor, r)).collect()
    })
}

pub(crate) fn refused(code: &'static str) -> AppError {
    AppError::Conflict(Conflict::Refused { code })
}

/// Allocates vehicle `id` (read at `version`) to an approved order of its store and exact
/// specification (`vehicle_allocate`); the order then says "allocated".
#[tracing::instrument(name = "inventory", skip_all, fields(use_case = "allocate_vehicle", store = actor.store_id.0, actor = actor.user_id.0, vehicle = id.0, order = order_id.0))]
pub fn allocate(
    app: &App,
    actor: &Actor,
    id: domain::ids::VehicleId,
    version: i64,
    order_id: domain::ids::OrderId,
) -> AppResult<Vehicle> {
    let now = app.now();
    require(actor, Permission::VehicleAllocate)?;
    app.db.write(|c| {
        storage::sales::lock(c, order_id.0)?;
        let order = crate::kernel::scope::order(c, actor, order_id.0)?;
        let row = visible(c, actor, id.0)?;
        if row.version != version {
            return Err(AppError::Conflict(Conflict::Stale));
        }
        allocate_in(app, c, now, actor, &row, &order)?;
        view(actor, rows::get(c, id.0)?)
    })
}

/// Allocates a vehicle read (and, with its order, locked) to `order` in the caller's
/// transaction; the order says "allocated" or "ordered from the factory".
pub(crate) fn allocate_in(
    app: &App,
    c: &mut DbConnection,
    now: chrono::NaiveDateTime,
    actor: &Actor,
    row: &VehicleRow,
    order: &storage::sales::OrderRow,
) -> AppResult<()> {
    if order.stage()? != domain::sales::Stage::Approved {
        return Err(refused("vehicle-order-not-approved"));
    }
    if rows::of_order(c, order.id)?.is_some() {
        return Err(refused("vehicle-order-has-vehicle"));
    }
    let command = Command::Allocate { order_id: order.id, order_store_id: order.store_id, order_spec: spec_of(order)? };
    let after = rules::apply(state(row)?, command).map_err(|e| refused(e.code()))?;
    move_to(
        c,
        now,
        actor,
        (row, &after),
        Step { action: "allocated", note: "", received: None, location: row.location_id },
    )?;
    crate::inventory::vehicle_standing(app, c, now, actor, order, fact_of(after.whereabouts, false), &row.vin)?;
    Ok(())
}

/// What an order says of its allocated vehicle, from where the vehicle is (`received`: it has
/// just come in, not been picked from stock).
fn fact_of(whereabouts: Whereabouts, received: bool) -> VehicleFact {
    match whereabouts {
        Whereabouts::Ordered => VehicleFact::OrderedFromFactory,
        Whereabouts::InTransit => VehicleFact::InTransit,
        Whereabouts::InStock | Whereabouts::InPdi | Whereabouts::Delivered if received => VehicleFact::Arrived,
        _ => VehicleFact::Allocated,
    }
}

/// Moves vehicle `id` (read at `version`) by a logistics `command` (`vehicle_manage`): shipped
/// from the factory, received at the store, into and out of the PDI bay (delivery to the buyer
/// is the handover's, `on_delivered`). The order it is allocated to
/// follows ("in transit", "arrived"). Shipments and receiving against factory orders build on
/// this.
#[tracing::instrument(name = "inventory", skip_all, fields(use_case = "move_vehicle", store = actor.store_id.0, actor = actor.user_id.0, vehicle = id))]
pub fn apply(app: &App, actor: &Actor, id: i64, version: i64, command: Command, note: &str) -> AppResult<Vehicle> {
    let now = app.now();
    require(actor, Permission::VehicleManage)?;
    if matches!(command, Command::Deliver) {
        // A car leaves the stock to its buyer only by delivery's handover (`on_delivered`).
        return Err(refused("vehicle-delivered-by-handover"));
    }
    app.db.write(|c| {
        let row = locked(c, actor, id, version)?;
        command_in(app, c, now, actor, &row, command, note, row.location_id)?;
        view(actor, rows::get(c, id)?)
    })
}

/// Moves a vehicle read (and, with its order, locked) by a logistics `command` in the caller's
/// transaction, parking it at `location`; the order it is allocated to follows ("in transit",
/// "arrived").
#[allow(clippy::too_many_arguments)]
pub(crate) fn command_in(
    app: &App,
    c: &mut DbConnection,
    now: chrono::NaiveDateTime,
    actor: &Actor,
    row: &VehicleRow,
    command: Command,
    note: &str,
    location: Option<i64>,
) -> AppResult<rules::Vehicle> {
    let after = rules::apply(state(row)?, command).map_err(|e| refused(e.code()))?;
    let action = match command {
        Command::Ship | Command::TransferOut => "shipped",
        Command::Receive { .. } => "received",
        Command::Deliver => "delivered",
        Command::StartPdi => "pdi_started",
        Command::FinishPdi => "pdi_finished",
        Command::Reserve => "reserved",
        Command::Allocate { .. } | Command::Release => return Err(refused("vehicle-committed")),
    };
    let received = match command {
        Command::Receive { .. } => Some(crate::kernel::calendar::day(c, now, row.store_id)?),
        _ => None,
    };
    move_to(c, now, actor, (row, &after), Step { action, note, received, location })?;
    if let (Some(o), Command::Ship | Command::Receive { .. }) = (after.order(), command) {
        let order = storage::sales::get(c, o)?;
        if !order.stage()?.is_terminal() {
            crate::inventory::vehicle_standing(app, c, now, actor, &order, fact_of(after.whereabouts, true), note)?;
        }
    }
    if let (Some(o), Command::Deliver) = (after.order(), command) {
        let order = storage::sales::get(c, o)?;
        let on = crate::kernel::calendar::day(c, now, row.store_id)?;
        let vehicle = rows::get(c, row.id)?;
        let handed = crate::kernel::events::Event::VehicleHandedOver { order: &order, vehicle: &vehicle, on };
        crate::kernel::events::raise(app, c, now, crate::kernel::events::By::Staff(actor), handed)?;
    }
    Ok(after)
}

/// The handover was completed (delivery's `Delivered`): the order's car leaves the stock and its
/// certificate (合格证) goes to the buyer; the car becomes theirs (`VehicleHandedOver`). A
/// certificate the lender still holds refuses the handover.
pub(crate) fn on_delivered(
    r: &crate::kernel::events::Raised<'_>,
    c: &mut DbConnection,
    event: &crate::kernel::events::Event<'_>,
) -> AppResult<()> {
    let crate::kernel::events::Event::Delivered { order, vehicle_id, note, .. } = *event else {
        return Ok(());
    };
    let actor = r.by.staff()?;
    let row = rows::get(c, vehicle_id)?;
    if row.order_id != Some(order.id) {
        return Err(refused("vehicle-not-allocated"));
    }
    if row.custody == Custody::Lender {
        return Err(refused("vehicle-certificate-with-lender"));
    }
    command_in(r.app, c, r.now, actor, &row, Command::Deliver, note, None)?;
    let row = rows::get(c, vehicle_id)?;
    if row.custody != Custody::Customer {
        rows::keep(c, &row, None, Custody::Customer, r.now)?;
        let status = state(&row)?.status();
        rows::record(
            c,
            &NewEvent {
                vehicle_id: row.id,
                at: r.now,
                actor_id: Some(actor.user_id.0),
                action: "custody_customer",
                status: status.code(),
                order_id: row.order_id,
                note,
            },
        )?;
    }
    Ok(())
}

/// Where a vehicle stands and who holds its certificate, as logistics changes them.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct KeepInput {
    pub version: i64,
    /// A location of the vehicle's store (only while it is at the store); left out: unchanged.
    pub location_id: Option<i64>,
    /// `lender`, `safe`, `customer` or `registration_office`; left out: unchanged.
    pub custody: Option<String>,
    pub note: String,
}

/// Moves vehicle `id` (read at `version`) to another location of its store and/or hands its
/// certificate (合格证) to someone else (`vehicle_manage`), each change a line of its history
/// ("moved to 二号库", "certificate to the lender") with the note, audited together.
#[tracing::instrument(name = "inventory", skip_all, fields(use_case = "keep_vehicle", store = actor.store_id.0, actor = actor.user_id.0, vehicle = id))]
pub fn keep(app: &App, actor: &Actor, id: i64, input: &KeepInput) -> AppResult<Vehicle> {
    let now = app.now();
    require(actor, Permission::VehicleManage)?;
    let note =
        domain::text::optional(&input.note, 500).map_err(|e| AppError::field("note", e.code()))?.unwrap_or_default();
    let custody = match input.custody.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(code) => Some(
            Custody::ALL
                .into_iter()
                .find(|k| k.code() == code)
                .ok_or_else(|| AppError::field("custody", "value-unknown"))?,
        ),
    };
    if input.location_id.is_none() && custody.is_none() {
        return Err(AppError::field("custody", "vehicle-keep-nothing"));
    }
    app.db.write(|c| {
        let row = locked(c, actor, id, input.version)?;
        let location = match input.location_id {
            Some(l) if Some(l) != row.location_id => {
                if !rules::vehicle::available_actions(state(&row)?).contains(&rules::vehicle::Action::Park) {
                    return Err(refused("vehicle-not-in-stock"));
                }
                Some(crate::inventory::locations::usable(c, row.store_id, l, "location_id")?)
            }
            _ => None,
        };
        let custody = custody.filter(|k| *k != row.custody);
        if location.is_none() && custody.is_none() {
            return view(actor, row);
        }
        rows::keep(
            c,
            &row,
            location.as_ref().map_or(row.location_id, |l| Some(l.id)),
            custody.unwrap_or(row.custody),
            now,
        )?;
        let status = state(&row)?.status();
        let mut line = |action: &str, note: &str| {
            rows::record(
                c,
                &NewEvent {
                    vehicle_id: row.id,
                    at: now,
                    actor_id: Some(actor.user_id.0),
                    action,
                    status: status.code(),
                    order_id: row.order_id,
                    note,
                },
            )
        };
        if let Some(l) = &location {
            let text = if note.is_empty() { l.name.clone() } else { format!("{} · {note}", l.name) };
            line("relocated", &text)?;
        }
        if let Some(k) = custody {
            line(&format!("custody_{}", k.code()), &note)?;
        }
        let changes = Changes::new()
            .field("location_id", row.location_id, location.as_ref().map_or(row.location_id, |l| Some(l.id)))
            .field("custody", row.custody.code(), custody.unwrap_or(row.custody).code())
            .created_if("note", (!note.is_empty()).then_some(note.as_str()));
        audit::record(
            c,
            now,
            actor,
            Record { action: Action::VehicleKept, entity_id: row.id, store_id: Some(row.store_id), changes },
        )?;
        view(actor, rows::get(c, id)?)
    })
}

/// Releases vehicle `id` from its reservation or order with a reason (`vehicle_allocate`); the
/// order goes back to waiting for a vehicle.
#[tracing::instrument(name = "inventory", skip_all, fields(use_case = "release_vehicle", store = actor.store_id.0, actor = actor.user_id.0, vehicle = id))]
pub fn release(app: &App, actor: &Actor, id: i64, version: i64, reason: &str) -> AppResult<Vehicle> {
    let now = app.now();
    require(actor, Permission::VehicleAllocate)?;
    let reason = domain::text::required(reason, 500).map_err(|e| AppError::field("reason", ErrorCode::code(&e)))?;
    app.db.write(|c| {
        let row = locked(c, actor, id, version)?;
        let after = rules::apply(state(&row)?, Command::Release).map_err(|e| refused(e.code()))?;
        move_to(
            c,
            now,
            actor,
            (&row, &after),
            Step { action: "released", note: &reason, received: None, location: row.location_id },
        )?;
        if let Some(o) = row.order_id {
            let order = storage::sales::get(c, o)?;
            if !order.stage()?.is_terminal() {
                crate::inventory::vehicle_standing(app, c, now, actor, &order, VehicleFact::None, &reason)?;
            }
        }
        view(actor, rows::get(c, id)?)
    })
}

/// A line of a vehicle's history: what happened, the note left, and the day it came into a store
/// if it did (the store's aging restarts, the group's keeps its first day).
pub(super) struct Step<'a> {
    pub action: &'a str,
    pub note: &'a str,
    pub received: Option<NaiveDate>,
    /// Where the vehicle is parked afterwards.
    pub location: Option<i64>,
}

/// Writes the vehicle's new state with its history line and audit record.
fn move_to(
    c: &mut DbConnection,
    now: chrono::NaiveDateTime,
    actor: &Actor,
    (row, after): (&VehicleRow, &rules::Vehicle),
    step: Step<'_>,
) -> AppResult<()> {
    let Step { action, note, received, location } = step;
    let moved = Moved {
        store_id: after.store_id,
        whereabouts: after.whereabouts,
        commitment: after.commitment.code(),
        order_id: after.order(),
        location_id: location,
        store_received_on: received.or(row.store_received_on),
        first_received_on: row.first_received_on.or(received),
    };
    rows::update(c, row, &moved, now).map_err(|e| match e {
        storage::StorageError::Duplicate(_) => refused("vehicle-order-has-vehicle"),
        other => other.into(),
    })?;
    let (before, status) = (state(row)?.status(), after.status());
    rows::record(
        c,
        &NewEvent {
            vehicle_id: row.id,
            at: now,
            actor_id: Some(actor.user_id.0),
            action,
            status: status.code(),
            order_id: after.order().or(row.order_id),
            note,
        },
    )?;
    let changes = Changes::new()
        .field("status", before.code(), status.code())
        .field("order_id", row.order_id, after.order())
        .created_if("reason", (!note.is_empty()).then_some(note));
    let action = match action {
        "allocated" => Action::VehicleAllocated,
        "released" => Action::VehicleReleased,
        _ => Action::VehicleMoved,
    };
    audit::record(c, now, actor, Record { action, entity_id: row.id, store_id: Some(row.store_id), changes })
}
