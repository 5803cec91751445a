//! One vehicle: registered by logistics (on order from the factory, or straight into stock),
//! allocated to an approved order of its store and exact specification, released with a
//! reason. An allocation records "allocated" on the order in the same transaction; two
//! allocations of one VIN, or of two VINs to one order, cannot both commit (the order's row is
//! locked, and the database keeps one vehicle per order).

use crate::kernel::audit::{self, Action, Changes, Record};
use crate::kernel::error::on_duplicate;
use crate::{App, AppError, AppResult, Conflict, require};
use chrono::NaiveDate;
use domain::FieldErrors;
use domain::error::ErrorCode;
use domain::ident::Vin;
use domain::inventory::{self as rules, Command, Commitment, Custody, Spec, Usage, VehicleStatus, Whereabouts};
use domain::org::Actor;
use domain::rbac::Permission;
use domain::sales::{Terms, VehicleFact};
use storage::DbConnection;
use storage::inventory::vehicles::{self as rows, Moved, NewEvent, NewVehicle, VehicleRow};

/// A vehicle as staff see it; the cost only for those who may see it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Vehicle {
    pub id: i64,
    pub store_id: i64,
    pub vin: String,
    /// False: accepted without a valid check digit (a store setting, for imports).
    pub vin_checked: bool,
    pub engine_no: Option<String>,
    pub certificate_no: Option<String>,
    #[schema(value_type = String)]
    pub custody: Custody,
    pub trim_id: i64,
    pub exterior_colour_id: i64,
    pub interior_colour_id: Option<i64>,
    pub production_date: Option<NaiveDate>,
    pub cost_fen: Option<i64>,
    pub list_price_fen: i64,
    #[schema(value_type = String)]
    pub status: VehicleStatus,
    #[schema(value_type = String)]
    pub whereabouts: Whereabouts,
    pub order_id: Option<i64>,
    #[schema(value_type = String)]
    pub usage: Usage,
    pub location_id: Option<i64>,
    pub store_received_on: Option<NaiveDate>,
    pub first_received_on: Option<NaiveDate>,
    pub version: i64,
    /// What the reader may do on the vehicle's page now (`release`, `keep`, `park`): the rules'
    /// `available_actions`, kept to the ones the reader's role may take.
    pub actions: Vec<String>,
}

/// The rules' actions for `v` that `actor`'s role may take.
fn actions(actor: &Actor, v: rules::Vehicle) -> Vec<String> {
    rules::vehicle::available_actions(v)
        .into_iter()
        .filter(|a| match a {
            rules::vehicle::Action::Release => actor.can(Permission::VehicleAllocate),
            rules::vehicle::Action::KeepPapers | rules::vehicle::Action::Park => actor.can(Permission::VehicleManage),
        })
        .map(|a| a.code().to_string())
        .collect()
}

/// The rules' view of a row; a commitment the row cannot hold is corrupt data, named.
pub(super) fn state(r: &VehicleRow) -> AppResult<rules::Vehicle> {
    let commitment = Commitment::from_parts(&r.commitment, r.order_id).ok_or_else(|| {
        AppError::internal(format!("vehicle {}: commitment {:?} with order {:?}", r.id, r.commitment, r.order_id))
    })?;
    Ok(rules::Vehicle {
        store_id: r.store_id,
        spec: Spec {
            trim_id: r.trim_id,
            exterior_colour_id: r.exterior_colour_id,
            interior_colour_id: r.interior_colour_id,
        },
        whereabouts: r.whereabouts,
        commitment,
        usage: r.usage,
    })
}

pub(super) fn view(actor: &Actor, r: VehicleRow) -> AppResult<Vehicle> {
    let rules = state(&r)?;
    let status = rules.status();
    Ok(Vehicle {
        actions: actions(actor, rules),
        id: r.id,
        store_id: r.store_id,
        vin: r.vin,
        vin_checked: r.vin_checked,
        engine_no: r.engine_no,
        certificate_no: r.certificate_no,
        custody: r.custody,
        trim_id: r.trim_id,
        exterior_colour_id: r.exterior_colour_id,
        interior_colour_id: r.interior_colour_id,
        production_date: r.production_date,
        cost_fen: r.cost_fen.filter(|_| actor.can(Permission::VehicleCostView)),
        list_price_fen: r.list_price_fen,
        status,
        whereabouts: r.whereabouts,
        order_id: r.order_id,
        usage: r.usage,
        location_id: r.location_id,
        store_received_on: r.store_received_on,
        first_received_on: r.first_received_on,
        version: r.version,
    })
}

/// A vehicle at the `version` read, with the order it is allocated to locked (read again once
/// the order is), so that the order's facts follow it one write at a time.
pub(super) fn locked(c: &mut DbConnection, actor: &Actor, id: i64, version: i64) -> AppResult<VehicleRow> {
    if let Some(o) = visible(c, actor, id)?.order_id {
        storage::sales::lock(c, o)?;
    }
    let row = visible(c, actor, id)?;
    if row.version != version {
        return Err(AppError::Conflict(Conflict::Stale));
    }
    Ok(row)
}

/// A vehicle at its current version with its order locked, whatever its store: for a use case
/// whose authority is another record (a truck checked in at the actor's store).
pub(super) fn locked_any(c: &mut DbConnection, id: i64) -> AppResult<VehicleRow> {
    if let Some(o) = rows::get(c, id)?.order_id {
        storage::sales::lock(c, o)?;
    }
    Ok(rows::get(c, id)?)
}

/// A vehicle within the actor's reach (`scope::held`).
pub(super) fn visible(c: &mut DbConnection, actor: &Actor, id: i64) -> AppResult<VehicleRow> {
    let r = rows::get(c, id)?;
    crate::kernel::scope::held(actor, r.group_id, &[Some(r.store_id)], r)
}

/// What logistics types to register a vehicle.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct VehicleInput {
    pub vin: String,
    /// Accept a VIN whose check digit does not match (imports from makers that do not use it),
    /// if the store's setting allows it; the vehicle is then marked unchecked.
    pub accept_unchecked_vin: bool,
    pub engine_no: String,
    pub certificate_no: String,
    pub trim_id: Option<i64>,
    pub exterior_colour_id: Option<i64>,
    pub interior_colour_id: Option<i64>,
    pub production_date: Option<NaiveDate>,
    pub cost_fen: Option<i64>,
    /// Defaults to the trim's guide price.
    pub list_price_fen: Option<i64>,
    /// `ordered` (from the factory) or `in_stock` (received today).
    pub whereabouts: String,
    /// `stock`, `demo` or `loaner`.
    pub usage: String,
    /// Where a vehicle received today is parked (a location of the store).
    pub location_id: Option<i64>,
}

/// A registration's input, checked: what can be known without the database.
pub(super) struct Checked {
    vin: Vin,
    vin_checked: bool,
    engine_no: Option<String>,
    certificate_no: Option<String>,
    whereabouts: Whereabouts,
    usage: Usage,
    spec: Spec,
    production_date: Option<NaiveDate>,
    cost_fen: Option<i64>,
    list_price_fen: Option<i64>,
    location_id: Option<i64>,
}

/// Every field's errors at once, or the input checked.
pub(super) fn check(today: NaiveDate, input: &VehicleInput) -> AppResult<Checked> {
    let mut e = FieldErrors::new();
    let vin = match Vin::parse(&input.vin) {
        Ok(v) => Some((v, true)),
        Err(domain::ident::VinError::CheckDigit) if input.accept_unchecked_vin => {
            Vin::parse_without_check(&input.vin).ok().map(|v| (v, false))
        }
        Err(err) => {
            e.add("vin", err.code());
            None
        }
    };
    let doc = |e: &mut FieldErrors, field: &'static str, s: &str| match domain::text::document_number(s) {
        Some(n) if n.is_empty() => None,
        Some(n) => Some(n),
        None => {
            e.add(field, "invoice-doc-no-format");
            None
        }
    };
    let engine_no = doc(&mut e, "engine_no", &input.engine_no);
    let certificate_no = doc(&mut e, "certificate_no", &input.certificate_no);
    let whereabouts = match input.whereabouts.as_str() {
        "" | "ordered" => Whereabouts::Ordered,
        "in_stock" => Whereabouts::InStock,
        _ => {
            e.add("whereabouts", "value-unknown");
            Whereabouts::Ordered
        }
    };
    let usage = match input.usage.as_str() {
        "" => Usage::Stock,
        code => <Usage as domain::Code>::from_code(code).unwrap_or_else(|| {
            e.add("usage", "value-unknown");
            Usage::Stock
        }),
    };
    if input.cost_fen.is_some_and(|f| f < 0) {
        e.add("cost_fen", "money-negative");
    }
    if input.list_price_fen.is_some_and(|f| f <= 0) {
        e.add("list_price_fen", "money-negative");
    }
    if input.production_date.is_some_and(|d| d > today) {
        e.add("production_date", "vehicle-production-future");
    }
    if input.trim_id.is_none() {
        e.add("trim_id", "required");
    }
    if input.exterior_colour_id.is_none() {
        e.add("exterior_colour_id", "required");
    }
    e.into_result()?;
    let Some((vin, vin_checked)) = vin else { return Err(AppError::field("vin", "vin-check")) };
    Ok(Checked {
        vin,
        vin_checked,
        engine_no,
        certificate_no,
        whereabouts,
        usage,
        spec: Spec {
            trim_id: input.trim_id.unwrap_or(0),
            exterior_colour_id: input.exterior_colour_id.unwrap_or(0),
            interior_colour_id: input.interior_colour_id,
        },
        production_date: input.production_date,
        cost_fen: input.cost_fen,
        list_price_fen: input.list_price_fen,
        location_id: input.location_id,
    })
}

/// Registers a vehicle of the actor's store (`vehicle_manage`). A VIN already registered is a
/// 409 naming the field.
#[tracing::instrument(name = "inventory", skip_all, fields(use_case = "register_vehicle", store = actor.store_id.0, actor = actor.user_id.0))]
pub fn register(app: &App, actor: &Actor, input: &VehicleInput, key: Option<&str>) -> AppResult<Vehicle> {
    let now = app.now();
    require(actor, Permission::VehicleManage)?;
    let key = crate::kernel::idempotency::Key::new(key, "vehicle", input)?;
    let checked = check(crate::kernel::calendar::today(app, actor)?, input)?;
    app.db.write(|c| {
        if let Some(id) = key.existing(c, actor)? {
            return view(actor, rows::get(c, id)?);
        }
        let row = insert(c, now, actor, &checked, None)?;
        key.remember(c, actor, row.id, now)?;
        view(actor, row)
    })
}

/// Writes a checked vehicle of the actor's store (announced on `factory_order_id` if given)
/// with its first history line and audit record.
pub(super) fn insert(
    c: &mut DbConnection,
    now: chrono::NaiveDateTime,
    actor: &Actor,
    v: &Checked,
    factory_order_id: Option<i64>,
) -> AppResult<VehicleRow> {
    let trim = storage::catalogue::get_trim(c, actor.group_id.0, v.spec.trim_id).map_err(|e| match e {
        storage::StorageError::NotFound => AppError::field("trim_id", "value-unknown"),
        other => other.into(),
    })?;
    let colours = storage::catalogue::list_colours(c, actor.group_id, domain::ids::ModelId(trim.model_id))?;
    let known = |id: i64| colours.iter().any(|k| k.id == id);
    if !known(v.spec.exterior_colour_id) {
        return Err(AppError::field("exterior_colour_id", "value-unknown"));
    }
    if v.spec.interior_colour_id.is_some_and(|i| !known(i)) {
        return Err(AppError::field("interior_colour_id", "value-unknown"));
    }
    if !v.vin_checked && !storage::org::get_store(c, actor.store_id.0)?.accept_unchecked_vins {
        return Err(AppError::field("vin", "vehicle-vin-unchecked-not-allowed"));
    }
    let received = if v.whereabouts == Whereabouts::InStock {
        Some(crate::kernel::calendar::day(c, now, actor.store_id.0)?)
    } else {
        None
    };
    let location = match v.location_id {
        Some(l) if received.is_some() => {
            Some(crate::inventory::locations::usable(c, actor.store_id.0, l, "location_id")?.id)
        }
        Some(_) => return Err(AppError::field("location_id", "vehicle-location-not-here")),
        None => None,
    };
    let id = rows::insert(
        c,
        &NewVehicle {
            group_id: actor.group_id.0,
            store_id: actor.store_id.0,
            vin: v.vin.as_str(),
            vin_checked: v.vin_checked,
            engine_no: v.engine_no.as_deref(),
            certificate_no: v.certificate_no.as_deref(),
            custody: Custody::Safe,
            trim_id: v.spec.trim_id,
            exterior_colour_id: v.spec.exterior_colour_id,
            interior_colour_id: v.spec.interior_colour_id,
            production_date: v.production_date,
            cost_fen: v.cost_fen,
            list_price_fen: v.list_price_fen.unwrap_or(trim.msrp_fen),
            whereabouts: v.whereabouts,
            usage: v.usage,
            location_id: location,
            received_on: received,
            factory_order_id,
            now,
        },
    )
    .map_err(on_duplicate("vin", "vehicle-vin-taken"))?;
    let row = rows::get(c, id)?;
    let status = state(&row)?.status();
    rows::record(
        c,
        &NewEvent {
            vehicle_id: id,
            at: now,
            actor_id: Some(actor.user_id.0),
            action: "registered",
            status: status.code(),
            order_id: None,
            note: "",
        },
    )?;
    let changes = Changes::new()
        .created("vin", v.vin.as_str())
        .created("status", status.code())
        .created_if("factory_order_id", factory_order_id);
    let event = Record { action: Action::VehicleRegistered, entity_id: id, store_id: Some(row.store_id), changes };
    audit::record(c, now, actor, event)?;
    Ok(row)
}

pub fn get(app: &App, actor: &Actor, id: i64) -> AppResult<Vehicle> {
    require(actor, Permission::VehicleRead)?;
    app.db.read(|c| {
        let r = visible(c, actor, id)?;
        view(actor, r)
    })
}

/// The vehicle allocated to an order the actor may read (its page shows the VIN and where the
/// car is).
pub fn of_order(app: &App, actor: &Actor, order_id: i64) -> AppResult<Option<Vehicle>> {
    require(actor, Permission::OrderRead)?;
    app.db.read(|c| {
        crate::kernel::scope::order(c, actor, order_id)?;
        rows::of_order(c, order_id)?.map(|r| view(actor, r)).transpose()
    })
}

/// Vehicles of the actor's store whose VIN ends with `tail` (4 to 17 letters and digits: staff
/// say the last 6 or 8), at most 50.
pub fn search(app: &App, actor: &Actor, tail: &str) -> AppResult<Vec<Vehicle>> {
    require(actor, Permission::VehicleRead)?;
    let tail = tail.trim().to_ascii_uppercase();
    if !(4..=17).contains(&tail.len()) || !tail.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(AppError::field("vin", "vehicle-vin-fragment"));
    }
    app.db.read(|c| rows::by_vin_tail(c, actor.store_id.0, &tail, 50)?.into_iter().map(|r| view(actor, r)).collect())
}

mod commitment;

pub use commitment::{KeepInput, allocate, apply, candidates, keep, release};
pub(crate) use commitment::{allocate_in, command_in, on_delivered, refused, spec_of};
