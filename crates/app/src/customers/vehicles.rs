//! Customers' vehicles: the cars a customer owns, found by VIN or plate at the service desk. A car
//! bought elsewhere is added here; a car sold here joins its buyer at delivery. Ownership ends
//! (sold on, scrapped) without losing the record.

use crate::kernel::audit::{self, Action, Changes, Record};
use crate::kernel::error::Conflict;
use crate::kernel::scope::visibility;
use crate::{App, AppError, AppResult, require};
use chrono::NaiveDate;
use domain::FieldErrors;
use domain::customer::VehicleOrigin;
use domain::ident::{Plate, Vin, VinError};
use domain::org::Actor;
use domain::rbac::Permission;
use storage::customers::vehicles::{CustomerVehicleRow, NewCustomerVehicle};

/// A car as the customer's profile lists it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct CustomerVehicle {
    pub id: i64,
    pub customer_id: i64,
    pub vin: String,
    /// The VIN's check digit matches (false: accepted as printed on the papers).
    pub vin_checked: bool,
    pub plate: Option<String>,
    pub description: String,
    pub trim_id: Option<i64>,
    /// sold_here | elsewhere
    #[schema(value_type = String)]
    pub origin: VehicleOrigin,
    pub registered_on: Option<NaiveDate>,
    pub owned_since: NaiveDate,
    /// Set when the customer no longer owns the car.
    pub owned_until: Option<NaiveDate>,
    pub mileage_km: Option<i64>,
    pub version: i64,
}

impl From<CustomerVehicleRow> for CustomerVehicle {
    fn from(r: CustomerVehicleRow) -> Self {
        CustomerVehicle {
            id: r.id,
            customer_id: r.customer_id,
            vin: r.vin,
            vin_checked: r.vin_checked,
            plate: r.plate,
            description: r.description,
            trim_id: r.trim_id,
            origin: r.origin,
            registered_on: r.registered_on,
            owned_since: r.owned_since,
            owned_until: r.owned_until,
            mileage_km: r.mileage_km,
            version: r.version,
        }
    }
}

/// A car found by VIN or plate, with its owner.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct FoundVehicle {
    pub vehicle: CustomerVehicle,
    pub customer_name: String,
}

/// A car bought elsewhere, as typed at the service desk.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct VehicleInput {
    #[serde(default)]
    pub vin: String,
    /// Accept a VIN whose check digit does not match, as printed on the registration certificate
    /// (many European makers do not use the check digit).
    #[serde(default, deserialize_with = "crate::kernel::input::flag")]
    pub accept_unchecked_vin: bool,
    /// GA 36-2018: 沪A12345, 沪AD12345 (new energy); blank when not registered yet.
    #[serde(default)]
    pub plate: String,
    /// Make and model as the papers name them ("大众 帕萨特 2019款").
    #[serde(default)]
    pub description: String,
    /// `YYYY-MM-DD`, not in the future.
    #[serde(default)]
    pub registered_on: String,
    /// `YYYY-MM-DD`, not in the future; blank: today.
    #[serde(default)]
    pub owned_since: String,
    #[serde(default)]
    pub mileage_km: String,
    /// The catalogue's trim, when the car is one the group sells (its model's service schedule
    /// then times the reminders); blank: unknown.
    #[serde(default, deserialize_with = "crate::kernel::input::id_text")]
    #[schema(value_type = Option<i64>)]
    pub trim_id: String,
}

struct Checked {
    vin: Vin,
    vin_checked: bool,
    plate: Option<Plate>,
    description: String,
    registered_on: Option<NaiveDate>,
    owned_since: NaiveDate,
    mileage_km: Option<i64>,
}

/// A date field: blank is `None`; a date after `today` or not `YYYY-MM-DD` is an error.
fn past_date(e: &mut FieldErrors, field: &str, input: &str, today: NaiveDate) -> Option<NaiveDate> {
    let s = input.trim();
    if s.is_empty() {
        return None;
    }
    match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        Ok(d) if d > today => {
            e.add(field, "date-in-future");
            None
        }
        Ok(d) => Some(d),
        Err(_) => {
            e.add(field, "date-invalid");
            None
        }
    }
}

fn check(input: &VehicleInput, today: NaiveDate) -> Result<Checked, FieldErrors> {
    let mut e = FieldErrors::new();
    let vin = match Vin::parse(&input.vin) {
        Ok(v) => Some((v, true)),
        Err(VinError::CheckDigit) if input.accept_unchecked_vin => {
            Vin::parse_without_check(&input.vin).ok().map(|v| (v, false))
        }
        Err(err) => e.check::<Vin, _>("vin", Err(err)).map(|v| (v, true)),
    };
    let plate = e.check("plate", domain::text::optional_with(&input.plate, Plate::parse));
    let description = e.check("description", domain::text::required(&input.description, 100));
    let registered_on = past_date(&mut e, "registered_on", &input.registered_on, today);
    let owned_since = past_date(&mut e, "owned_since", &input.owned_since, today).unwrap_or(today);
    let mileage_km = match input.mileage_km.trim() {
        "" => None,
        m => match m.parse::<i64>() {
            Ok(km) if (0..=3_000_000).contains(&km) => Some(km),
            _ => {
                e.add("mileage_km", "mileage-invalid");
                None
            }
        },
    };
    e.into_result()?;
    let (vin, vin_checked) = vin.expect("checked");
    Ok(Checked {
        vin,
        vin_checked,
        plate: plate.expect("checked"),
        description: description.expect("checked"),
        registered_on,
        owned_since,
        mileage_km,
    })
}

/// A VIN or plate owned now by a customer of the store.
fn taken(e: storage::StorageError) -> AppError {
    let field = if e.is_duplicate_of("plate") { "plate" } else { "vin" };
    match e {
        storage::StorageError::Duplicate(_) => {
            AppError::Conflict(Conflict::Duplicate { field, code: "customer-vehicle-taken", existing: None })
        }
        other => other.into(),
    }
}

/// Adds a car bought elsewhere to customer `customer_id`.
pub fn add(app: &App, actor: &Actor, customer_id: i64, input: &VehicleInput) -> AppResult<CustomerVehicle> {
    let now = app.now();
    require(actor, Permission::CustomerWrite)?;
    let today = crate::kernel::calendar::today(app, actor)?;
    let v = check(input, today)?;
    app.db.write(|c| {
        let vis = visibility(c, actor)?;
        let customer = storage::customers::get_visible(c, &vis, customer_id)?;
        if customer.anonymised_at.is_some() {
            return Err(AppError::field("vin", "customer-anonymised"));
        }
        let trim_id = match input.trim_id.trim() {
            "" => None,
            typed => {
                let id = typed.parse::<i64>().map_err(|_| AppError::field("trim_id", "value-unknown"))?;
                let trim = storage::catalogue::trim_of_group(c, actor.group_id, id)?;
                Some(trim.ok_or_else(|| AppError::field("trim_id", "value-unknown"))?.id)
            }
        };
        let row = storage::customers::vehicles::insert(
            c,
            &NewCustomerVehicle {
                store_id: customer.store_id,
                customer_id,
                vin: v.vin.as_str(),
                vin_checked: v.vin_checked,
                plate: v.plate.as_ref().map(Plate::as_str),
                description: &v.description,
                trim_id,
                origin: VehicleOrigin::Elsewhere,
                vehicle_id: None,
                registered_on: v.registered_on,
                owned_since: v.owned_since,
                mileage_km: v.mileage_km,
                created_by: actor.user_id.0,
                now,
            },
        )
        .map_err(taken)?;
        record_added(c, now, actor, &row, None)?;
        Ok(row.into())
    })
}

/// The cars of customer `customer_id`, owned now first.
pub fn of_customer(app: &App, actor: &Actor, customer_id: i64) -> AppResult<Vec<CustomerVehicle>> {
    require(actor, Permission::CustomerRead)?;
    app.db.read(|c| {
        let vis = visibility(c, actor)?;
        storage::customers::get_visible(c, &vis, customer_id)?;
        Ok(storage::customers::vehicles::of_customer(c, customer_id)?.into_iter().map(Into::into).collect())
    })
}

/// What the capabilities have to say about car `id` of the actor's store (an open recall): for
/// the desk (`customer_read`) and the workshop (`service_read`); each source applies its own
/// permission.
pub fn notes(app: &App, actor: &Actor, id: i64) -> AppResult<Vec<crate::kernel::vehicle_notes::VehicleNote>> {
    if !actor.can(Permission::ServiceRead) {
        require(actor, Permission::CustomerRead)?;
    }
    app.db.read(|c| {
        let car = storage::customers::vehicles::get(c, id)?;
        if car.store_id != actor.store_id.0 {
            return Err(storage::StorageError::NotFound.into());
        }
        let mut out = Vec::new();
        for source in app.capabilities.iter().flat_map(|k| k.vehicle_notes) {
            out.extend(source(c, actor, &car)?);
        }
        Ok(out)
    })
}

/// The cars owned now that match `query`: a plate, a whole VIN, or a VIN's last six characters or
/// more. Anything shorter finds nothing.
pub fn find(app: &App, actor: &Actor, query: &str) -> AppResult<Vec<FoundVehicle>> {
    require(actor, Permission::CustomerRead)?;
    let q: String = query.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
    let plate = Plate::parse(&q).ok();
    let vin_tail =
        (q.len() >= 6 && q.len() <= 17 && q.bytes().all(|b| b.is_ascii_alphanumeric())).then_some(q.as_str());
    app.db.read(|c| {
        let vis = visibility(c, actor)?;
        let found = storage::customers::vehicles::find(c, &vis, vin_tail, plate.as_ref().map(Plate::as_str))?;
        Ok(found
            .into_iter()
            .map(|f| FoundVehicle { vehicle: f.vehicle.into(), customer_name: f.customer_name })
            .collect())
    })
}

/// Ends the customer's ownership of car `id` on `on` (blank: today): sold on, scrapped.
pub fn release(app: &App, actor: &Actor, id: i64, version: i64, on: &str) -> AppResult<CustomerVehicle> {
    let now = app.now();
    require(actor, Permission::CustomerWrite)?;
    let today = crate::kernel::calendar::today(app, actor)?;
    let mut e = FieldErrors::new();
    let day = past_date(&mut e, "owned_until", on, today).unwrap_or(today);
    e.into_result()?;
    app.db.write(|c| {
        let vis = visibility(c, actor)?;
        let before = storage::customers::vehicles::get(c, id)?;
        storage::customers::get_visible(c, &vis, before.customer_id)?;
        if before.owned_until.is_some() {
            return Err(AppError::Conflict(Conflict::Refused { code: "customer-vehicle-released" }));
        }
        if day < before.owned_since {
            return Err(AppError::field("owned_until", "date-before-owned-since"));
        }
        let row = storage::customers::vehicles::end(c, &before, version, day, now)?;
        audit::record(
            c,
            now,
            actor,
            Record {
                action: Action::CustomerVehicleReleased,
                entity_id: row.id,
                store_id: Some(row.store_id),
                changes: Changes::new().field("owned_until", None::<NaiveDate>, row.owned_until),
            },
        )?;
        Ok(row.into())
    })
}

/// A car sold here becomes its buyer's on the day it is handed over. Whoever owned that VIN
/// before in the store (a demonstrator's earlier buyer, a trade-in) no longer does from that day.
pub(super) fn on_handed_over(
    r: &crate::kernel::events::Raised<'_>,
    c: &mut storage::DbConnection,
    event: &crate::kernel::events::Event<'_>,
) -> AppResult<()> {
    let crate::kernel::events::Event::VehicleHandedOver { order, vehicle, on } = *event else {
        return Ok(());
    };
    let owned = storage::customers::vehicles::of_vin(c, order.store_id, &vehicle.vin)?;
    if let Some(current) = owned {
        if current.customer_id == order.customer_id {
            return Ok(());
        }
        storage::customers::vehicles::end(c, &current, current.version, on, r.now)?;
    }
    let trim = storage::catalogue::get_trim(c, vehicle.group_id, vehicle.trim_id)?;
    let model = storage::catalogue::get_model(c, vehicle.group_id, trim.model_id)?;
    let brand = storage::catalogue::get_brand(c, vehicle.group_id, model.brand_id)?;
    let description = format!("{} {} {}", brand.name, model.name, trim.name);
    let row = storage::customers::vehicles::insert(
        c,
        &NewCustomerVehicle {
            store_id: order.store_id,
            customer_id: order.customer_id,
            vin: &vehicle.vin,
            vin_checked: vehicle.vin_checked,
            plate: None,
            description: &description,
            trim_id: Some(vehicle.trim_id),
            origin: VehicleOrigin::SoldHere,
            vehicle_id: Some(vehicle.id),
            registered_on: None,
            owned_since: on,
            mileage_km: None,
            created_by: r.by.staff()?.user_id.0,
            now: r.now,
        },
    )?;
    record_added(c, r.now, r.by.staff()?, &row, Some(&order.order_no))
}

/// The audit record of a car added to a customer (from an order when it was sold here).
fn record_added(
    c: &mut storage::DbConnection,
    now: chrono::NaiveDateTime,
    actor: &Actor,
    row: &CustomerVehicleRow,
    order_no: Option<&String>,
) -> AppResult<()> {
    let changes = Changes::new()
        .created("customer_id", row.customer_id)
        .created("vin", &row.vin)
        .created_if("plate", row.plate.as_ref())
        .created("description", &row.description)
        .created("origin", row.origin.code())
        .created_if("order_no", order_no);
    let record =
        Record { action: Action::CustomerVehicleAdded, entity_id: row.id, store_id: Some(row.store_id), changes };
    audit::record(c, now, actor, record)?;
    Ok(())
}
