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
    let status = state(&r)?.status();
    Ok(Vehicle {
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

/// A vehicle of the actor's store (another store's is not found).
pub(super) fn visible(c: &mut DbConnection, actor: &Actor, id: i64) -> AppResult<VehicleRow> {
    let r = rows::get(c, id)?;
    if !actor.may_access_store(domain::ids::StoreId(r.store_id), domain::ids::GroupId(r.group_id)) {
        return Err(AppError::NotFound);
    }
    Ok(r)
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
    let colours = storage::catalogue::list_colours(c, actor.group_id.0, trim.model_id)?;
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
        Some(l) if received.is_some() => Some(super::locations::usable(c, actor.store_id.0, l, "location_id")?.id),
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

/// The order's specification: its trim and colours.
pub(super) fn spec_of(order: &storage::sales::OrderRow) -> AppResult<Spec> {
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

pub(super) fn refused(code: &'static str) -> AppError {
    AppError::Conflict(Conflict::Refused { code })
}

/// Allocates vehicle `id` (read at `version`) to an approved order of its store and exact
/// specification (`vehicle_allocate`); the order then says "allocated".
#[tracing::instrument(name = "inventory", skip_all, fields(use_case = "allocate_vehicle", store = actor.store_id.0, actor = actor.user_id.0, vehicle = id, order = order_id))]
pub fn allocate(app: &App, actor: &Actor, id: i64, version: i64, order_id: i64) -> AppResult<Vehicle> {
    let now = app.now();
    require(actor, Permission::VehicleAllocate)?;
    app.db.write(|c| {
        storage::sales::lock(c, order_id)?;
        let order = crate::kernel::scope::order(c, actor, order_id)?;
        let row = visible(c, actor, id)?;
        if row.version != version {
            return Err(AppError::Conflict(Conflict::Stale));
        }
        allocate_in(app, c, now, actor, &row, &order)?;
        view(actor, rows::get(c, id)?)
    })
}

/// Allocates a vehicle read (and, with its order, locked) to `order` in the caller's
/// transaction; the order says "allocated" or "ordered from the factory".
pub(super) fn allocate_in(
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
    super::vehicle_standing(app, c, now, actor, order, fact_of(after.whereabouts, false), &row.vin)?;
    Ok(())
}

/// What an order says of its allocated vehicle, from where the vehicle is (`received`: it has
/// just come in, not been picked from stock).
pub(super) fn fact_of(whereabouts: Whereabouts, received: bool) -> VehicleFact {
    match whereabouts {
        Whereabouts::Ordered => VehicleFact::OrderedFromFactory,
        Whereabouts::InTransit => VehicleFact::InTransit,
        Whereabouts::InStock | Whereabouts::InPdi | Whereabouts::Delivered if received => VehicleFact::Arrived,
        _ => VehicleFact::Allocated,
    }
}

/// Moves vehicle `id` (read at `version`) by a logistics `command` (`vehicle_manage`): shipped
/// from the factory, received at the store, delivered to its buyer. The order it is allocated to
/// follows ("in transit", "arrived"). Shipments and receiving against factory orders build on
/// this.
#[tracing::instrument(name = "inventory", skip_all, fields(use_case = "move_vehicle", store = actor.store_id.0, actor = actor.user_id.0, vehicle = id))]
pub fn apply(app: &App, actor: &Actor, id: i64, version: i64, command: Command, note: &str) -> AppResult<Vehicle> {
    let now = app.now();
    require(actor, Permission::VehicleManage)?;
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
pub(super) fn command_in(
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
            super::vehicle_standing(app, c, now, actor, &order, fact_of(after.whereabouts, true), note)?;
        }
    }
    Ok(after)
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
                if !matches!(state(&row)?.whereabouts, Whereabouts::InStock | Whereabouts::InPdi) {
                    return Err(refused("vehicle-not-in-stock"));
                }
                Some(super::locations::usable(c, row.store_id, l, "location_id")?)
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
                super::vehicle_standing(app, c, now, actor, &order, VehicleFact::None, &reason)?;
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
pub(super) fn move_to(
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
