//! Purchase orders to the manufacturer: one specification and a quantity, for stock or for
//! customer orders waiting on them ("ordered from the factory"). The maker announces VINs on
//! them as it builds the cars; an announced VIN goes to the first linked order still waiting.

use super::vehicles::{self, Vehicle, VehicleInput, refused};
use crate::kernel::audit::{self, Action, Changes, Record};
use crate::{App, AppError, AppResult, Conflict, Page, PageRequest, require};
use chrono::{NaiveDate, NaiveDateTime};
use domain::FieldErrors;
use domain::error::ErrorCode;
use domain::inventory::{self as rules, FactoryOrderStatus, Spec};
use domain::org::Actor;
use domain::rbac::Permission;
use domain::sales::VehicleFact;
use storage::DbConnection;
use storage::inventory::factory_orders::{self as rows, FactoryOrderRow, NewFactoryOrder};

/// `FO-20261202-0012`: the day it was made and its id.
pub fn number(store_day: NaiveDate, id: i64) -> String {
    format!("FO-{}-{id:04}", store_day.format("%Y%m%d"))
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct FactoryOrder {
    pub id: i64,
    pub number: String,
    pub store_id: i64,
    pub trim_id: i64,
    pub exterior_colour_id: i64,
    pub interior_colour_id: Option<i64>,
    pub quantity: i32,
    /// VINs the maker has announced on it.
    pub announced: i64,
    pub expected_on: Option<NaiveDate>,
    #[schema(value_type = String)]
    pub status: FactoryOrderStatus,
    pub note: String,
    /// The customer orders it is for.
    pub order_ids: Vec<i64>,
    /// The announced vehicles (empty in lists).
    pub vehicles: Vec<Vehicle>,
    pub version: i64,
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    pub created_at: NaiveDateTime,
}

fn view(c: &mut DbConnection, actor: &Actor, r: FactoryOrderRow, with_vehicles: bool) -> AppResult<FactoryOrder> {
    let vehicles = if with_vehicles {
        storage::inventory::vehicles::of_factory_order(c, r.id)?
            .into_iter()
            .map(|v| vehicles::view(actor, v))
            .collect::<AppResult<_>>()?
    } else {
        Vec::new()
    };
    Ok(FactoryOrder {
        id: r.id,
        number: number(r.store_day, r.id),
        store_id: r.store_id,
        trim_id: r.trim_id,
        exterior_colour_id: r.exterior_colour_id,
        interior_colour_id: r.interior_colour_id,
        quantity: r.quantity,
        announced: rows::announced(c, r.id)?,
        expected_on: r.expected_on,
        status: r.status,
        note: r.note,
        order_ids: rows::linked_orders(c, r.id)?,
        vehicles,
        version: r.version,
        created_at: r.created_at,
    })
}

/// A factory order of the actor's store (another store's is not found).
fn visible(c: &mut DbConnection, actor: &Actor, id: i64) -> AppResult<FactoryOrderRow> {
    let r = rows::get(c, id)?;
    crate::kernel::scope::held(actor, r.group_id, &[Some(r.store_id)], r)
}

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct FactoryOrderInput {
    pub trim_id: Option<i64>,
    pub exterior_colour_id: Option<i64>,
    pub interior_colour_id: Option<i64>,
    pub quantity: Option<i32>,
    pub expected_on: Option<NaiveDate>,
    pub note: String,
    /// Approved orders of the same specification waiting for a car, at most `quantity`.
    pub order_ids: Vec<i64>,
    /// Keep it as a draft (not sent to the maker yet).
    pub draft: bool,
}

/// Most cars one factory order asks for.
pub(crate) const MAX_QUANTITY: i32 = 500;

/// Creates a factory order of the actor's store (`vehicle_manage`); the customer orders it is
/// for then say "ordered from the factory" (once it is placed).
#[tracing::instrument(name = "inventory", skip_all, fields(use_case = "create_factory_order", store = actor.store_id.0, actor = actor.user_id.0))]
pub fn create(app: &App, actor: &Actor, input: &FactoryOrderInput, key: Option<&str>) -> AppResult<FactoryOrder> {
    require(actor, Permission::VehicleManage)?;
    create_with(app, actor, input, &crate::kernel::idempotency::Key::new(key, "factory_order", input)?)
}

/// `create` under a key another use case made (a replenishment draft keys its own request).
pub(super) fn create_with(
    app: &App,
    actor: &Actor,
    input: &FactoryOrderInput,
    key: &crate::kernel::idempotency::Key<'_>,
) -> AppResult<FactoryOrder> {
    let now = app.now();
    require(actor, Permission::VehicleManage)?;
    let mut e = FieldErrors::new();
    let quantity = input.quantity.unwrap_or(0);
    if !(1..=MAX_QUANTITY).contains(&quantity) {
        e.add("quantity", "factory-order-quantity");
    }
    if input.trim_id.is_none() {
        e.add("trim_id", "required");
    }
    if input.exterior_colour_id.is_none() {
        e.add("exterior_colour_id", "required");
    }
    let today = crate::kernel::calendar::today(app, actor)?;
    crate::kernel::calendar::check_expected(
        &mut e,
        "expected_on",
        input.expected_on,
        today,
        "factory-order-expected-past",
    );
    if input.order_ids.len() > usize::try_from(quantity.max(0)).unwrap_or(0) {
        e.add("order_ids", "factory-order-more-orders");
    }
    let note = domain::text::optional(&input.note, 500)
        .map_err(|err| AppError::field("note", err.code()))?
        .unwrap_or_default();
    e.into_result()?;
    let spec = Spec {
        trim_id: input.trim_id.unwrap_or(0),
        exterior_colour_id: input.exterior_colour_id.unwrap_or(0),
        interior_colour_id: input.interior_colour_id,
    };
    let status = if input.draft { FactoryOrderStatus::Draft } else { FactoryOrderStatus::Placed };
    app.db.write(|c| {
        if let Some(id) = key.existing(c, actor)? {
            let row = rows::get(c, id)?;
            return view(c, actor, row, true);
        }
        known_spec(c, actor, spec)?;
        let store_day = crate::kernel::calendar::day(c, now, actor.store_id.0)?;
        let id = rows::insert(
            c,
            &NewFactoryOrder {
                group_id: actor.group_id.0,
                store_id: actor.store_id.0,
                spec,
                quantity,
                expected_on: input.expected_on,
                status,
                note: &note,
                created_by: actor.user_id.0,
                store_day,
                now,
            },
        )?;
        let mut ids = input.order_ids.clone();
        ids.sort_unstable();
        ids.dedup();
        for order_id in ids {
            link(app, c, now, actor, id, spec, order_id, status == FactoryOrderStatus::Placed)?;
        }
        key.remember(c, actor, id, now)?;
        let changes = Changes::new()
            .created("quantity", quantity)
            .created("trim_id", spec.trim_id)
            .created("status", status.code())
            .created("order_ids", format!("{:?}", input.order_ids));
        let event =
            Record { action: Action::FactoryOrderCreated, entity_id: id, store_id: Some(actor.store_id.0), changes };
        audit::record(c, now, actor, event)?;
        let row = rows::get(c, id)?;
        view(c, actor, row, true)
    })
}

/// The trim and colours exist in the group's catalogue and go together.
fn known_spec(c: &mut DbConnection, actor: &Actor, spec: Spec) -> AppResult<()> {
    let trim = storage::catalogue::get_trim(c, actor.group_id.0, spec.trim_id).map_err(|e| match e {
        storage::StorageError::NotFound => AppError::field("trim_id", "value-unknown"),
        other => other.into(),
    })?;
    let colours = storage::catalogue::list_colours(c, actor.group_id, domain::ids::ModelId(trim.model_id))?;
    let known = |id: i64| colours.iter().any(|k| k.id == id);
    if !known(spec.exterior_colour_id) {
        return Err(AppError::field("exterior_colour_id", "value-unknown"));
    }
    if spec.interior_colour_id.is_some_and(|i| !known(i)) {
        return Err(AppError::field("interior_colour_id", "value-unknown"));
    }
    Ok(())
}

/// Links an approved order of the factory order's store and specification that has no
/// vehicle yet; `placed`: it says "ordered from the factory" now.
#[allow(clippy::too_many_arguments)]
fn link(
    app: &App,
    c: &mut DbConnection,
    now: NaiveDateTime,
    actor: &Actor,
    factory_order_id: i64,
    spec: Spec,
    order_id: i64,
    placed: bool,
) -> AppResult<()> {
    storage::sales::lock(c, order_id)?;
    let order = crate::kernel::scope::order(c, actor, order_id).map_err(|e| match e {
        AppError::NotFound => AppError::field("order_ids", "value-unknown"),
        other => other,
    })?;
    if order.store_id != actor.store_id.0 {
        return Err(AppError::field("order_ids", "vehicle-other-store"));
    }
    if order.stage()? != domain::sales::Stage::Approved {
        return Err(refused("vehicle-order-not-approved"));
    }
    if vehicles::spec_of(&order)? != spec {
        return Err(refused("vehicle-other-spec"));
    }
    if storage::inventory::vehicles::of_order(c, order_id)?.is_some() {
        return Err(refused("vehicle-order-has-vehicle"));
    }
    rows::link(c, domain::ids::FactoryOrderId(factory_order_id), domain::ids::OrderId(order_id), now).map_err(|e| {
        match e {
            storage::StorageError::Duplicate(_) => refused("factory-order-order-linked"),
            other => other.into(),
        }
    })?;
    if placed {
        let no = number(rows::get(c, factory_order_id)?.store_day, factory_order_id);
        super::vehicle_standing(app, c, now, actor, &order, VehicleFact::OrderedFromFactory, &no)?;
    }
    Ok(())
}

pub fn get(app: &App, actor: &Actor, id: i64) -> AppResult<FactoryOrder> {
    require(actor, Permission::VehicleRead)?;
    app.db.read(|c| {
        let row = visible(c, actor, id)?;
        view(c, actor, row, true)
    })
}

/// The factory order a customer order waits on, if any.
pub fn of_order(app: &App, actor: &Actor, order_id: i64) -> AppResult<Option<FactoryOrder>> {
    require(actor, Permission::OrderRead)?;
    app.db.read(|c| {
        crate::kernel::scope::order(c, actor, order_id)?;
        match rows::of_order(c, order_id)? {
            Some(id) => {
                let row = rows::get(c, id)?;
                Ok(Some(view(c, actor, row, false)?))
            }
            None => Ok(None),
        }
    })
}

/// The store's factory orders, newest first.
pub fn list(
    app: &App,
    actor: &Actor,
    status: Option<FactoryOrderStatus>,
    page: PageRequest,
) -> AppResult<Page<FactoryOrder>> {
    require(actor, Permission::VehicleRead)?;
    app.db.read(|c| {
        let page = rows::list(c, actor.store_id.0, status, page)?;
        let (total, p, per_page) = (page.total, page.page, page.per_page);
        let items = page.items.into_iter().map(|r| view(c, actor, r, false)).collect::<AppResult<_>>()?;
        Ok(Page { items, total, page: p, per_page })
    })
}

/// Sends a draft to the maker (`vehicle_manage`): its orders say "ordered from the factory".
#[tracing::instrument(name = "inventory", skip_all, fields(use_case = "place_factory_order", store = actor.store_id.0, actor = actor.user_id.0))]
pub fn place(app: &App, actor: &Actor, id: i64, version: i64) -> AppResult<FactoryOrder> {
    let now = app.now();
    require(actor, Permission::VehicleManage)?;
    app.db.write(|c| {
        rows::lock(c, id)?;
        let row = current(c, actor, id, version)?;
        if row.status != FactoryOrderStatus::Draft {
            return Err(refused("factory-order-not-draft"));
        }
        rows::set_status(c, &row, FactoryOrderStatus::Placed, now)?;
        for order_id in rows::linked_orders(c, id)? {
            storage::sales::lock(c, order_id)?;
            let order = storage::sales::get(c, order_id)?;
            if !order.stage()?.is_terminal() && order.facts().vehicle == VehicleFact::None {
                super::vehicle_standing(
                    app,
                    c,
                    now,
                    actor,
                    &order,
                    VehicleFact::OrderedFromFactory,
                    &number(row.store_day, id),
                )?;
            }
        }
        status_changed(c, now, actor, &row, FactoryOrderStatus::Placed, "")?;
        let row = rows::get(c, id)?;
        view(c, actor, row, true)
    })
}

/// Cancels a factory order on which no VIN has been announced, with a reason
/// (`vehicle_manage`); the orders it was for wait for a vehicle again.
#[tracing::instrument(name = "inventory", skip_all, fields(use_case = "cancel_factory_order", store = actor.store_id.0, actor = actor.user_id.0))]
pub fn cancel(app: &App, actor: &Actor, id: i64, version: i64, reason: &str) -> AppResult<FactoryOrder> {
    let now = app.now();
    require(actor, Permission::VehicleManage)?;
    let reason = domain::text::required(reason, 500).map_err(|e| AppError::field("reason", e.code()))?;
    app.db.write(|c| {
        rows::lock(c, id)?;
        let row = current(c, actor, id, version)?;
        if !matches!(row.status, FactoryOrderStatus::Draft | FactoryOrderStatus::Placed) {
            return Err(refused("factory-order-not-open"));
        }
        if rows::announced(c, id)? > 0 {
            return Err(refused("factory-order-has-vehicles"));
        }
        rows::set_status(c, &row, FactoryOrderStatus::Cancelled, now)?;
        for order_id in rows::linked_orders(c, id)? {
            storage::sales::lock(c, order_id)?;
            let order = storage::sales::get(c, order_id)?;
            if !order.stage()?.is_terminal() && order.facts().vehicle == VehicleFact::OrderedFromFactory {
                super::vehicle_standing(app, c, now, actor, &order, VehicleFact::None, &reason)?;
            }
        }
        rows::unlink_all(c, id)?;
        status_changed(c, now, actor, &row, FactoryOrderStatus::Cancelled, &reason)?;
        let row = rows::get(c, id)?;
        view(c, actor, row, true)
    })
}

/// The factory order at the `version` the caller read.
fn current(c: &mut DbConnection, actor: &Actor, id: i64, version: i64) -> AppResult<FactoryOrderRow> {
    let row = visible(c, actor, id)?;
    if row.version != version {
        return Err(AppError::Conflict(Conflict::Stale));
    }
    Ok(row)
}

fn status_changed(
    c: &mut DbConnection,
    now: NaiveDateTime,
    actor: &Actor,
    row: &FactoryOrderRow,
    to: FactoryOrderStatus,
    reason: &str,
) -> AppResult<()> {
    let changes = Changes::new()
        .field("status", row.status.code(), to.code())
        .created_if("reason", (!reason.is_empty()).then_some(reason));
    let event =
        Record { action: Action::FactoryOrderUpdated, entity_id: row.id, store_id: Some(row.store_id), changes };
    audit::record(c, now, actor, event)
}

/// The maker announces a VIN built for factory order `id` (`vehicle_manage`): the vehicle is
/// registered "ordered" with the factory order's specification, and goes to the first linked
/// customer order still waiting for one. The order closes with its last VIN.
#[tracing::instrument(name = "inventory", skip_all, fields(use_case = "announce_vin", store = actor.store_id.0, actor = actor.user_id.0))]
pub fn announce(app: &App, actor: &Actor, id: i64, input: &VehicleInput, key: Option<&str>) -> AppResult<Vehicle> {
    let now = app.now();
    require(actor, Permission::VehicleManage)?;
    let key = crate::kernel::idempotency::Key::new(key, "vehicle", input)?;
    let fo = app.db.read(|c| visible(c, actor, id))?;
    let input = VehicleInput {
        trim_id: Some(fo.trim_id),
        exterior_colour_id: Some(fo.exterior_colour_id),
        interior_colour_id: fo.interior_colour_id,
        whereabouts: "ordered".into(),
        usage: "stock".into(),
        ..input.clone()
    };
    let checked = vehicles::check(crate::kernel::calendar::today(app, actor)?, &input)?;
    app.db.write(|c| {
        if let Some(vid) = key.existing(c, actor)? {
            return vehicles::view(actor, storage::inventory::vehicles::get(c, vid)?);
        }
        rows::lock(c, id)?;
        let fo = visible(c, actor, id)?;
        let announced = rows::announced(c, id)?;
        rules::announce(fo.status, fo.quantity, announced).map_err(|e| refused(e.code()))?;
        let mut row = vehicles::insert(c, now, actor, &checked, Some(id))?;
        for order_id in rows::linked_orders(c, id)? {
            storage::sales::lock(c, order_id)?;
            let order = storage::sales::get(c, order_id)?;
            let waiting = order.stage()? == domain::sales::Stage::Approved
                && storage::inventory::vehicles::of_order(c, order_id)?.is_none();
            if waiting {
                vehicles::allocate_in(app, c, now, actor, &row, &order)?;
                row = storage::inventory::vehicles::get(c, row.id)?;
                break;
            }
        }
        if announced + 1 == i64::from(fo.quantity) {
            rows::set_status(c, &fo, FactoryOrderStatus::Closed, now)?;
            status_changed(c, now, actor, &fo, FactoryOrderStatus::Closed, "")?;
        }
        key.remember(c, actor, row.id, now)?;
        vehicles::view(actor, row)
    })
}
