//! Trucks bringing vehicles from the factory: created with the VINs they carry (each goes "in
//! transit"), updated as the carrier reports (a new ETA, "arrived" at the gate), and checked in
//! one VIN at a time, typed or scanned, with the arrival inspection. The orders whose vehicles
//! a truck carries say "in transit", then "arrived", in the same transactions.

use super::vehicles::{self, command_in, refused};
use crate::kernel::audit::{self, Action, Changes, Record};
use crate::{App, AppError, AppResult, Conflict, Page, PageRequest, require};
use chrono::{NaiveDate, NaiveDateTime};
use domain::FieldErrors;
use domain::error::ErrorCode;
use domain::inventory::{self as rules, Command, ShipmentStatus, Whereabouts};
use domain::org::Actor;
use domain::rbac::Permission;
use domain::sales::VehicleFact;
use storage::DbConnection;
use storage::inventory::shipments::{self as rows, NewShipment, NewShipmentEvent, ShipmentRow};
use storage::inventory::vehicles as vehicle_rows;

/// `SH-20261202-0007`: the day it left and its id.
pub fn number(store_day: NaiveDate, id: i64) -> String {
    format!("SH-{}-{id:04}", store_day.format("%Y%m%d"))
}

/// One vehicle on the truck and its check-in.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Carried {
    pub vehicle_id: i64,
    pub vin: String,
    pub order_id: Option<i64>,
    #[serde(serialize_with = "crate::kernel::json::rfc3339_opt")]
    pub received_at: Option<NaiveDateTime>,
    pub location_id: Option<i64>,
    /// `ok` or `damaged` once checked in.
    pub inspection: Option<String>,
    pub inspection_note: String,
}

/// A carrier's report or the gate's record.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ShipmentEvent {
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    pub at: NaiveDateTime,
    pub status: String,
    pub eta: Option<NaiveDate>,
    pub note: String,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Shipment {
    pub id: i64,
    pub number: String,
    /// Where it goes.
    pub store_id: i64,
    /// Another store of the group it comes from; empty from the factory.
    pub from_store_id: Option<i64>,
    pub carrier: String,
    pub tracking_no: String,
    #[schema(value_type = String)]
    pub status: ShipmentStatus,
    pub eta: Option<NaiveDate>,
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    pub shipped_at: NaiveDateTime,
    #[serde(serialize_with = "crate::kernel::json::rfc3339_opt")]
    pub arrived_at: Option<NaiveDateTime>,
    #[serde(serialize_with = "crate::kernel::json::rfc3339_opt")]
    pub received_at: Option<NaiveDateTime>,
    /// How many vehicles it carries and how many are checked in.
    pub count: usize,
    pub checked_in: usize,
    /// The vehicles (empty in lists) and the updates, oldest first (empty in lists).
    pub vehicles: Vec<Carried>,
    pub events: Vec<ShipmentEvent>,
    pub version: i64,
}

pub(super) fn view(c: &mut DbConnection, r: ShipmentRow, full: bool) -> AppResult<Shipment> {
    let carried: Vec<Carried> = rows::carried(c, r.id)?
        .into_iter()
        .map(|k| Carried {
            vehicle_id: k.vehicle_id,
            vin: k.vin,
            order_id: k.order_id,
            received_at: k.received_at,
            location_id: k.location_id,
            inspection: k.inspection,
            inspection_note: k.inspection_note,
        })
        .collect();
    let events = if full {
        rows::events(c, r.id)?
            .into_iter()
            .map(|e| ShipmentEvent { at: e.at, status: e.status, eta: e.eta, note: e.note })
            .collect()
    } else {
        Vec::new()
    };
    Ok(Shipment {
        id: r.id,
        number: number(r.store_day, r.id),
        store_id: r.store_id,
        from_store_id: r.from_store_id,
        carrier: r.carrier,
        tracking_no: r.tracking_no,
        status: r.status,
        eta: r.eta,
        shipped_at: r.shipped_at,
        arrived_at: r.arrived_at,
        received_at: r.received_at,
        count: carried.len(),
        checked_in: carried.iter().filter(|k| k.received_at.is_some()).count(),
        vehicles: if full { carried } else { Vec::new() },
        events,
        version: r.version,
    })
}

/// A shipment to or from the actor's store (another's is not found).
pub(super) fn visible(c: &mut DbConnection, actor: &Actor, id: i64) -> AppResult<ShipmentRow> {
    let r = rows::get(c, id)?;
    crate::kernel::scope::held(actor, r.group_id, &[Some(r.store_id), r.from_store_id], r)
}

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ShipmentInput {
    pub carrier: String,
    pub tracking_no: String,
    pub eta: Option<NaiveDate>,
    /// The VINs on the truck: vehicles of the store on order from the factory.
    pub vins: Vec<String>,
}

/// Most vehicles one truck carries (a car carrier takes about eight; a train more).
const MAX_VEHICLES: usize = 60;

/// Records a truck leaving the factory for the actor's store with `vins` (`vehicle_manage`):
/// each vehicle goes "in transit", and so do the orders they are allocated to.
#[tracing::instrument(name = "inventory", skip_all, fields(use_case = "create_shipment", store = actor.store_id.0, actor = actor.user_id.0))]
pub fn create(app: &App, actor: &Actor, input: &ShipmentInput, key: Option<&str>) -> AppResult<Shipment> {
    let now = app.now();
    require(actor, Permission::VehicleManage)?;
    let key = crate::kernel::idempotency::Key::new(key, "shipment", input)?;
    let today = crate::kernel::calendar::today(app, actor)?;
    let mut e = FieldErrors::new();
    let carrier = domain::text::required(&input.carrier, 100).map_err(|err| e.add("carrier", err.code())).ok();
    let tracking = domain::text::optional(&input.tracking_no, 60).map_err(|err| e.add("tracking_no", err.code())).ok();
    crate::kernel::calendar::check_expected(&mut e, "eta", input.eta, today, "shipment-eta-past");
    let mut vins: Vec<String> =
        input.vins.iter().map(|v| v.trim().to_ascii_uppercase()).filter(|v| !v.is_empty()).collect();
    vins.sort();
    vins.dedup();
    if vins.is_empty() {
        e.add("vins", "required");
    } else if vins.len() > MAX_VEHICLES {
        e.add("vins", "shipment-too-many");
    }
    e.into_result()?;
    let (carrier, tracking) = (carrier.unwrap_or_default(), tracking.flatten().unwrap_or_default());
    app.db.write(|c| {
        if let Some(id) = key.existing(c, actor)? {
            let row = rows::get(c, id)?;
            return view(c, row, true);
        }
        let truck = Truck {
            to_store: actor.store_id.0,
            from_store: None,
            carrier: &carrier,
            tracking_no: &tracking,
            eta: input.eta,
        };
        let id = open(c, now, actor, &truck)?;
        let no = number(rows::get(c, id)?.store_day, id);
        for vin in &vins {
            let found = vehicle_rows::by_vin(c, vin)?.filter(|v| v.store_id == actor.store_id.0);
            let Some(found) = found else { return Err(AppError::field("vins", "shipment-vin-unknown")) };
            if found.whereabouts != Whereabouts::Ordered {
                return Err(AppError::field("vins", "vehicle-not-ordered"));
            }
            let row = vehicles::locked(c, actor, found.id, found.version)?;
            rows::add_vehicle(c, domain::ids::ShipmentId(id), domain::ids::VehicleId(row.id))?;
            command_in(app, c, now, actor, &row, Command::Ship, &no, row.location_id)?;
        }
        key.remember(c, actor, id, now)?;
        let changes = Changes::new().created("carrier", &carrier).created("vins", vins.join(" "));
        let event =
            Record { action: Action::ShipmentCreated, entity_id: id, store_id: Some(actor.store_id.0), changes };
        audit::record(c, now, actor, event)?;
        let row = rows::get(c, id)?;
        view(c, row, true)
    })
}

/// A truck leaving: where to, from which store (none: the factory), who carries it.
pub(super) struct Truck<'a> {
    pub to_store: i64,
    pub from_store: Option<i64>,
    pub carrier: &'a str,
    pub tracking_no: &'a str,
    pub eta: Option<NaiveDate>,
}

/// Records a truck on the road with its first update; its vehicles are the caller's to add.
pub(super) fn open(c: &mut DbConnection, now: NaiveDateTime, actor: &Actor, truck: &Truck<'_>) -> AppResult<i64> {
    let store_day = crate::kernel::calendar::day(c, now, actor.store_id.0)?;
    let id = rows::insert(
        c,
        &NewShipment {
            group_id: actor.group_id.0,
            store_id: truck.to_store,
            from_store_id: truck.from_store,
            carrier: truck.carrier,
            tracking_no: truck.tracking_no,
            eta: truck.eta,
            store_day,
            now,
        },
    )?;
    let event = NewShipmentEvent {
        shipment_id: id,
        at: now,
        actor_id: Some(actor.user_id.0),
        status: ShipmentStatus::InTransit,
        eta: truck.eta,
        note: "",
    };
    rows::record(c, &event)?;
    Ok(id)
}

pub fn get(app: &App, actor: &Actor, id: i64) -> AppResult<Shipment> {
    require(actor, Permission::VehicleRead)?;
    app.db.read(|c| {
        let row = visible(c, actor, id)?;
        view(c, row, true)
    })
}

/// Shipments to or from the store, those on the way first (soonest ETA first).
pub fn list(app: &App, actor: &Actor, status: Option<ShipmentStatus>, page: PageRequest) -> AppResult<Page<Shipment>> {
    require(actor, Permission::VehicleRead)?;
    app.db.read(|c| {
        let page = rows::list(c, actor.store_id.0, status, page)?;
        let (total, p, per_page) = (page.total, page.page, page.per_page);
        let items = page.items.into_iter().map(|r| view(c, r, false)).collect::<AppResult<_>>()?;
        Ok(Page { items, total, page: p, per_page })
    })
}

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ReportInput {
    /// `in_transit` (a new ETA or a note) or `arrived` (at the gate).
    pub status: String,
    pub eta: Option<NaiveDate>,
    pub note: String,
}

/// The carrier's update (`vehicle_manage`): a new ETA, or "arrived" at the gate, which the
/// orders whose vehicles it carries then say.
#[tracing::instrument(name = "inventory", skip_all, fields(use_case = "report_shipment", store = actor.store_id.0, actor = actor.user_id.0))]
pub fn report(app: &App, actor: &Actor, id: i64, version: i64, input: &ReportInput) -> AppResult<Shipment> {
    let now = app.now();
    require(actor, Permission::VehicleManage)?;
    let to = <ShipmentStatus as domain::Code>::from_code(&input.status)
        .filter(|s| *s != ShipmentStatus::Received)
        .ok_or_else(|| AppError::field("status", "value-unknown"))?;
    let note =
        domain::text::optional(&input.note, 500).map_err(|e| AppError::field("note", e.code()))?.unwrap_or_default();
    let mut e = FieldErrors::new();
    crate::kernel::calendar::check_expected(
        &mut e,
        "eta",
        input.eta,
        crate::kernel::calendar::today(app, actor)?,
        "shipment-eta-past",
    );
    e.into_result()?;
    app.db.write(|c| {
        rows::lock(c, id)?;
        let row = visible(c, actor, id)?;
        if row.version != version {
            return Err(AppError::Conflict(Conflict::Stale));
        }
        let status = rules::report(row.status, to).map_err(|e| refused(e.code()))?;
        let eta = input.eta.or(row.eta);
        rows::set_status(c, &row, status, eta, now)?;
        rows::record(
            c,
            &NewShipmentEvent { shipment_id: id, at: now, actor_id: Some(actor.user_id.0), status, eta, note: &note },
        )?;
        if status == ShipmentStatus::Arrived {
            for k in rows::carried(c, id)?.into_iter().filter(|k| k.received_at.is_none()) {
                if let Some(o) = k.order_id {
                    storage::sales::lock(c, o)?;
                    let order = storage::sales::get(c, o)?;
                    if !order.stage()?.is_terminal() {
                        super::vehicle_standing(
                            app,
                            c,
                            now,
                            actor,
                            &order,
                            VehicleFact::Arrived,
                            &number(row.store_day, id),
                        )?;
                    }
                }
            }
        }
        let changes = Changes::new()
            .field("status", row.status.code(), status.code())
            .field("eta", row.eta.map(|d| d.to_string()), eta.map(|d| d.to_string()))
            .created_if("note", (!note.is_empty()).then_some(note.as_str()));
        let event = Record { action: Action::ShipmentUpdated, entity_id: id, store_id: Some(row.store_id), changes };
        audit::record(c, now, actor, event)?;
        let row = rows::get(c, id)?;
        view(c, row, true)
    })
}

/// The shipment still on its way that carries vehicle `vehicle_id` (of the actor's store).
pub fn carrying(app: &App, actor: &Actor, vehicle_id: i64) -> AppResult<Option<i64>> {
    require(actor, Permission::VehicleRead)?;
    app.db.read(|c| {
        vehicles::visible(c, actor, vehicle_id)?;
        Ok(rows::open_of_vehicle(c, vehicle_id)?)
    })
}
