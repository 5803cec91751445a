//! Transfers between the stores of a group: the sending store's logistics requests one for
//! free vehicles in stock, its general manager (not the requester) approves or refuses it,
//! logistics puts the vehicles on a truck (a shipment to the other store; each vehicle "in
//! transit", still the sender's), and the receiving store checks them in at its gate, where the
//! store's aging restarts and the group's goes on. The group's count of each vehicle never
//! changes on the way.

use super::shipments::{self, Truck};
use super::vehicles::{self, command_in, refused, state};
use crate::kernel::audit::{self, Action, Changes, Record};
use crate::{App, AppError, AppResult, Conflict, Page, PageRequest, require};
use chrono::{NaiveDate, NaiveDateTime};
use domain::FieldErrors;
use domain::error::ErrorCode;
use domain::inventory::{self as rules, Command, TransferStatus, TransferStep};
use domain::org::Actor;
use domain::rbac::Permission;
use storage::DbConnection;
use storage::inventory::transfers::{self as rows, NewTransfer, Stepped, TransferRow};
use storage::inventory::vehicles as vehicle_rows;

/// `TR-20261202-0003`.
pub fn number(store_day: NaiveDate, id: i64) -> String {
    format!("TR-{}-{id:04}", store_day.format("%Y%m%d"))
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct TransferVehicle {
    pub vehicle_id: i64,
    pub vin: String,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Transfer {
    pub id: i64,
    pub number: String,
    pub from_store_id: i64,
    pub to_store_id: i64,
    #[schema(value_type = String)]
    pub status: TransferStatus,
    pub reason: String,
    pub requested_by: i64,
    pub decided_by: Option<i64>,
    pub decision_note: String,
    /// The truck carrying it, once shipped.
    pub shipment_id: Option<i64>,
    pub vehicles: Vec<TransferVehicle>,
    pub version: i64,
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    pub created_at: NaiveDateTime,
}

fn view(c: &mut DbConnection, r: TransferRow) -> AppResult<Transfer> {
    let vehicles =
        rows::vehicles(c, r.id)?.into_iter().map(|(vehicle_id, vin)| TransferVehicle { vehicle_id, vin }).collect();
    Ok(Transfer {
        id: r.id,
        number: number(r.store_day, r.id),
        from_store_id: r.from_store_id,
        to_store_id: r.to_store_id,
        status: r.status,
        reason: r.reason,
        requested_by: r.requested_by,
        decided_by: r.decided_by,
        decision_note: r.decision_note,
        shipment_id: r.shipment_id,
        vehicles,
        version: r.version,
        created_at: r.created_at,
    })
}

/// A transfer from or to the actor's store (another's is not found).
fn visible(c: &mut DbConnection, actor: &Actor, id: i64) -> AppResult<TransferRow> {
    let r = rows::get(c, id)?;
    crate::kernel::scope::held(actor, r.group_id, &[Some(r.from_store_id), Some(r.to_store_id)], r)
}

/// A transfer of the actor's store at the `version` read, locked; the sending store's only.
fn sending(c: &mut DbConnection, actor: &Actor, id: i64, version: i64) -> AppResult<TransferRow> {
    rows::lock(c, id)?;
    let r = visible(c, actor, id)?;
    if r.from_store_id != actor.store_id.0 {
        return Err(AppError::Forbidden);
    }
    if r.version != version {
        return Err(AppError::Conflict(Conflict::Stale));
    }
    Ok(r)
}

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct TransferInput {
    /// Another store of the group.
    pub to_store_id: Option<i64>,
    /// Free vehicles in stock at the actor's store.
    pub vins: Vec<String>,
    pub reason: String,
}

/// Requests sending free vehicles in stock to another store of the group (`vehicle_manage`).
#[tracing::instrument(name = "inventory", skip_all, fields(use_case = "request_transfer", store = actor.store_id.0, actor = actor.user_id.0))]
pub fn request(app: &App, actor: &Actor, input: &TransferInput, key: Option<&str>) -> AppResult<Transfer> {
    let now = app.now();
    require(actor, Permission::VehicleManage)?;
    let key = crate::kernel::idempotency::Key::new(key, "transfer", input)?;
    let mut e = FieldErrors::new();
    let reason = domain::text::required(&input.reason, 500).map_err(|err| e.add("reason", err.code())).ok();
    let mut vins: Vec<String> =
        input.vins.iter().map(|v| v.trim().to_ascii_uppercase()).filter(|v| !v.is_empty()).collect();
    vins.sort();
    vins.dedup();
    if vins.is_empty() {
        e.add("vins", "required");
    }
    match input.to_store_id {
        None => e.add("to_store_id", "required"),
        Some(s) if s == actor.store_id.0 => e.add("to_store_id", rules::TransferError::SameStore.code()),
        Some(_) => {}
    }
    e.into_result()?;
    let (reason, to_store) = (reason.unwrap_or_default(), input.to_store_id.unwrap_or(0));
    app.db.write(|c| {
        if let Some(id) = key.existing(c, actor)? {
            let row = rows::get(c, id)?;
            return view(c, row);
        }
        let store =
            storage::org::get_store(c, to_store).map_err(|_| AppError::field("to_store_id", "value-unknown"))?;
        if store.group_id != actor.group_id.0 || !store.active {
            return Err(AppError::field("to_store_id", "value-unknown"));
        }
        let mut ids = Vec::new();
        for vin in &vins {
            let v = vehicle_rows::by_vin(c, vin)?
                .filter(|v| v.store_id == actor.store_id.0)
                .ok_or_else(|| AppError::field("vins", "shipment-vin-unknown"))?;
            // Only a free vehicle in stock leaves (the rules say why another cannot).
            rules::apply(state(&v)?, Command::TransferOut).map_err(|err| refused(err.code()))?;
            if rows::open_of_vehicle(c, v.id)?.is_some() {
                return Err(refused("transfer-vehicle-on-transfer"));
            }
            ids.push(v.id);
        }
        let n = NewTransfer {
            group_id: actor.group_id.0,
            from_store_id: actor.store_id.0,
            to_store_id: to_store,
            reason: &reason,
            requested_by: actor.user_id.0,
            store_day: crate::kernel::calendar::day(c, now, actor.store_id.0)?,
            now,
        };
        let id = rows::insert(c, &n, &ids)?;
        key.remember(c, actor, id, now)?;
        let changes =
            Changes::new().created("to_store_id", to_store).created("vins", vins.join(" ")).created("reason", &reason);
        audit::record(
            c,
            now,
            actor,
            Record { action: Action::TransferRequested, entity_id: id, store_id: Some(actor.store_id.0), changes },
        )?;
        let row = rows::get(c, id)?;
        view(c, row)
    })
}

/// The general manager of the sending store approves (`approve`) or refuses the request;
/// never their own.
#[tracing::instrument(name = "inventory", skip_all, fields(use_case = "decide_transfer", store = actor.store_id.0, actor = actor.user_id.0))]
pub fn decide(app: &App, actor: &Actor, id: i64, version: i64, approve: bool, note: &str) -> AppResult<Transfer> {
    let now = app.now();
    require(actor, Permission::TransferApprove)?;
    let note = domain::text::optional(note, 500).map_err(|e| AppError::field("note", e.code()))?.unwrap_or_default();
    if !approve && note.is_empty() {
        return Err(AppError::field("note", "required"));
    }
    app.db.write(|c| {
        let row = sending(c, actor, id, version)?;
        let (requester, approver) = (row.requested_by, actor.user_id.0);
        let step = if approve {
            TransferStep::Approve { requester, approver }
        } else {
            TransferStep::Reject { requester, approver }
        };
        let status = rules::advance(row.status, step).map_err(|e| refused(e.code()))?;
        let s = Stepped { status, decided_by: Some(approver), decision_note: &note, shipment_id: None };
        stepped(c, now, actor, &row, &s)
    })
}

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ShipInput {
    pub version: i64,
    pub carrier: String,
    pub tracking_no: String,
    pub eta: Option<NaiveDate>,
}

/// Puts an approved transfer's vehicles on a truck to the other store (`vehicle_manage`): each
/// goes "in transit", and the other store sees the truck coming.
#[tracing::instrument(name = "inventory", skip_all, fields(use_case = "ship_transfer", store = actor.store_id.0, actor = actor.user_id.0))]
pub fn ship(app: &App, actor: &Actor, id: i64, input: &ShipInput) -> AppResult<Transfer> {
    let now = app.now();
    require(actor, Permission::VehicleManage)?;
    let today = crate::kernel::calendar::today(app, actor)?;
    let mut e = FieldErrors::new();
    let carrier = domain::text::required(&input.carrier, 100).map_err(|err| e.add("carrier", err.code())).ok();
    let tracking = domain::text::optional(&input.tracking_no, 60).map_err(|err| e.add("tracking_no", err.code())).ok();
    crate::kernel::calendar::check_expected(&mut e, "eta", input.eta, today, "shipment-eta-past");
    e.into_result()?;
    let (carrier, tracking) = (carrier.unwrap_or_default(), tracking.flatten().unwrap_or_default());
    app.db.write(|c| {
        let row = sending(c, actor, id, input.version)?;
        let status = rules::advance(row.status, TransferStep::Ship).map_err(|e| refused(e.code()))?;
        let truck = Truck {
            to_store: row.to_store_id,
            from_store: Some(row.from_store_id),
            carrier: &carrier,
            tracking_no: &tracking,
            eta: input.eta,
        };
        let shipment = shipments::open(c, now, actor, &truck)?;
        let shipped_day = storage::inventory::shipments::get(c, shipment)?.store_day;
        let note = format!("{} → {}", number(row.store_day, id), shipments::number(shipped_day, shipment));
        for (vid, _) in rows::vehicles(c, id)? {
            let v = vehicles::locked_any(c, vid)?;
            command_in(app, c, now, actor, &v, Command::TransferOut, &note, None)?;
            storage::inventory::shipments::add_vehicle(
                c,
                domain::ids::ShipmentId(shipment),
                domain::ids::VehicleId(vid),
            )?;
        }
        let s = Stepped {
            status,
            decided_by: row.decided_by,
            decision_note: &row.decision_note,
            shipment_id: Some(shipment),
        };
        stepped(c, now, actor, &row, &s)
    })
}

/// Cancels a transfer not shipped yet, with a reason (`vehicle_manage` of the sending store).
#[tracing::instrument(name = "inventory", skip_all, fields(use_case = "cancel_transfer", store = actor.store_id.0, actor = actor.user_id.0))]
pub fn cancel(app: &App, actor: &Actor, id: i64, version: i64, reason: &str) -> AppResult<Transfer> {
    let now = app.now();
    require(actor, Permission::VehicleManage)?;
    let reason = domain::text::required(reason, 500).map_err(|e| AppError::field("reason", e.code()))?;
    app.db.write(|c| {
        let row = sending(c, actor, id, version)?;
        let status = rules::advance(row.status, TransferStep::Cancel).map_err(|e| refused(e.code()))?;
        let s = Stepped { status, decided_by: row.decided_by, decision_note: &reason, shipment_id: None };
        stepped(c, now, actor, &row, &s)
    })
}

/// The last vehicle of the transfer's truck is in at the other store: the transfer is done.
pub(super) fn received(c: &mut DbConnection, now: NaiveDateTime, actor: &Actor, shipment_id: i64) -> AppResult<()> {
    let Some(row) = rows::of_shipment(c, shipment_id)? else { return Ok(()) };
    let status = rules::advance(row.status, TransferStep::Receive).map_err(|e| refused(e.code()))?;
    let s =
        Stepped { status, decided_by: row.decided_by, decision_note: &row.decision_note, shipment_id: row.shipment_id };
    stepped(c, now, actor, &row, &s).map(|_| ())
}

fn stepped(
    c: &mut DbConnection,
    now: NaiveDateTime,
    actor: &Actor,
    row: &TransferRow,
    s: &Stepped<'_>,
) -> AppResult<Transfer> {
    rows::update(c, row, s, now)?;
    let changes = Changes::new().field("status", row.status.code(), s.status.code()).created_if(
        "note",
        (!s.decision_note.is_empty() && s.decision_note != row.decision_note).then_some(s.decision_note),
    );
    audit::record(
        c,
        now,
        actor,
        Record { action: Action::TransferUpdated, entity_id: row.id, store_id: Some(row.from_store_id), changes },
    )?;
    let row = rows::get(c, row.id)?;
    view(c, row)
}

pub fn get(app: &App, actor: &Actor, id: i64) -> AppResult<Transfer> {
    require(actor, Permission::VehicleRead)?;
    app.db.read(|c| {
        let row = visible(c, actor, id)?;
        view(c, row)
    })
}

/// Transfers from or to the actor's store, newest first.
pub fn list(app: &App, actor: &Actor, status: Option<TransferStatus>, page: PageRequest) -> AppResult<Page<Transfer>> {
    require(actor, Permission::VehicleRead)?;
    app.db.read(|c| {
        let page = rows::list(c, actor.store_id.0, status, page)?;
        let (total, p, per_page) = (page.total, page.page, page.per_page);
        let items = page.items.into_iter().map(|r| view(c, r)).collect::<AppResult<_>>()?;
        Ok(Page { items, total, page: p, per_page })
    })
}

/// The group's stores by id, with their names (where transfers go and come from).
pub fn stores(app: &App, actor: &Actor) -> AppResult<Vec<(i64, String, bool)>> {
    require(actor, Permission::VehicleRead)?;
    let stores = app.db.read(|c| Ok::<_, AppError>(storage::org::list_stores(c, actor.group_id.0)?))?;
    Ok(stores.into_iter().map(|s| (s.id, format!("{} {}", s.code, s.name), s.active)).collect())
}
