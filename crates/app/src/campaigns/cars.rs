//! A store's cars in a campaign: listed with their owners, the owners told through the outbox
//! (a recall whatever they agreed to, a service campaign only with their consent), and the work
//! recorded as done on a repair order (by hand, or when the order is settled, see `mod.rs`).

use super::refused;
use crate::kernel::audit::{self, Action, Changes, Record};
use crate::kernel::notify::{self, Notice, Sent};
use crate::kernel::scope::visibility;
use crate::{App, AppError, AppResult, require};
use chrono::NaiveDateTime;
use domain::FieldErrors;
use domain::campaigns::CampaignKind;
use domain::org::Actor;
use domain::rbac::Permission;
use domain::service::RepairStatus;
use storage::DbConnection;
use storage::campaigns::{self as rows, CarFilter, CarRow, CarState};
use storage::{Page, PageRequest};

/// Owners told per press (the rest on the next).
pub const CONTACT_BATCH: i64 = 500;

/// A car of the store a campaign names.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct CampaignCar {
    pub id: i64,
    pub campaign_id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub customer_vehicle_id: i64,
    pub vin: String,
    pub plate: Option<String>,
    /// pending | notified | done
    pub state: &'static str,
    #[serde(serialize_with = "crate::kernel::json::rfc3339_opt")]
    #[schema(value_type = Option<String>)]
    pub notified_at: Option<NaiveDateTime>,
    #[serde(serialize_with = "crate::kernel::json::rfc3339_opt")]
    #[schema(value_type = Option<String>)]
    pub done_at: Option<NaiveDateTime>,
    pub repair_order_id: Option<i64>,
    pub version: i64,
}

fn state(r: &CarRow) -> &'static str {
    match (r.done_at, r.notified_at) {
        (Some(_), _) => "done",
        (None, Some(_)) => "notified",
        (None, None) => "pending",
    }
}

fn view(r: CarRow, customer_name: String, plate: Option<String>) -> CampaignCar {
    CampaignCar {
        state: state(&r),
        id: r.id,
        campaign_id: r.campaign_id,
        customer_id: r.customer_id,
        customer_name,
        customer_vehicle_id: r.customer_vehicle_id,
        vin: r.vin,
        plate,
        notified_at: r.notified_at,
        done_at: r.done_at,
        repair_order_id: r.repair_order_id,
        version: r.version,
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct CarQuery {
    /// pending | notified | done | open | all (default: all)
    pub state: Option<String>,
    /// The owner's name, a plate or a VIN (part).
    pub q: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

impl CarQuery {
    pub fn parse(&self) -> Result<CarFilter, FieldErrors> {
        let state = match self.state.as_deref().map(str::trim).unwrap_or("") {
            "" | "all" => None,
            "pending" => Some(CarState::Pending),
            "notified" => Some(CarState::Notified),
            "done" => Some(CarState::Done),
            "open" => Some(CarState::Open),
            _ => {
                let mut e = FieldErrors::new();
                e.add("state", "value-unknown");
                return Err(e);
            }
        };
        Ok(CarFilter { state, q: self.q.clone() })
    }
}

/// The store's cars campaign `id` names, as far as the reader may see (`campaign_read`), the
/// open ones first.
pub fn list(app: &App, actor: &Actor, id: i64, f: &CarFilter, page: PageRequest) -> AppResult<Page<CampaignCar>> {
    require(actor, Permission::CampaignRead)?;
    app.db.read(|c| {
        rows::get(c, actor.group_id, id)?;
        let vis = visibility(c, actor)?;
        Ok(rows::cars(c, &vis, id, f, page)?.map(|l| view(l.car, l.customer_name, l.plate)))
    })
}

/// What telling the owners did.
#[derive(Debug, Clone, Copy, serde::Serialize, utoipa::ToSchema)]
pub struct Contacted {
    /// Messages queued (each car once).
    pub sent: usize,
    /// Owners who could not be told: no address, or (a service campaign) no consent to offers.
    pub not_sent: usize,
    /// Owners still to tell after this press (more than one batch).
    pub left: i64,
}

/// Tells the owners of the store's cars in campaign `id` not told yet (`campaign_contact`), at
/// most `CONTACT_BATCH` per call: a recall as a service message, a service campaign as an
/// offer (only to owners who accept them). A car whose owner cannot be told stays to tell.
pub fn contact(app: &App, actor: &Actor, id: i64) -> AppResult<Contacted> {
    let now = app.now();
    require(actor, Permission::CampaignContact)?;
    app.db.write(|c| {
        let k = rows::lock(c, actor.group_id, id)?;
        if k.status != domain::campaigns::CampaignStatus::Open {
            return Err(refused("campaign-closed"));
        }
        let store = storage::org::get_store(c, actor.store_id.0)?;
        let cars = rows::to_notify(c, domain::ids::StoreId(store.id), id, CONTACT_BATCH)?;
        let (mut told, mut not_sent) = (Vec::new(), 0);
        for car in &cars {
            if tell(app, c, (&k, &store.name), car)? {
                told.push(car.id);
            } else {
                not_sent += 1;
            }
        }
        rows::mark_notified(c, &told, now)?;
        let left = rows::progress(c, store.id, &[id])?.pop().map(|(_, p)| p.cars - p.notified - p.done).unwrap_or(0);
        let changes = Changes::new().created("sent", told.len()).created("not_sent", not_sent);
        let event =
            Record { action: Action::CampaignOwnersContacted, entity_id: id, store_id: Some(store.id), changes };
        audit::record(c, now, actor, event)?;
        Ok(Contacted { sent: told.len(), not_sent, left: left.max(0) })
    })
}

/// Queues the message about `car`: whether it could go.
fn tell(app: &App, c: &mut DbConnection, (k, store): (&rows::CampaignRow, &str), car: &CarRow) -> AppResult<bool> {
    let Some(customer) = storage::customers::by_ids(c, car.store_id, &[car.customer_id])?.pop() else {
        return Ok(false);
    };
    let vehicle = storage::customers::vehicles::get(c, car.customer_vehicle_id)?;
    let car_name = vehicle.plate.unwrap_or_else(|| car.vin.clone());
    let fill = |n: Notice| {
        n.arg("customer", &customer.name)
            .arg("car", &car_name)
            .arg("store", store)
            .arg("code", &k.code)
            .arg("title", &k.title)
            .arg("remedy", &k.remedy)
    };
    Ok(match k.kind {
        CampaignKind::Recall => {
            let notice = fill(Notice::new("mail-campaign-recall"));
            let to = (Some(customer.mobile.as_str()), customer.email.as_deref());
            !matches!(notify::to_customer(app, c, car.store_id, to, &notice)?, Sent::Nothing)
        }
        CampaignKind::Service => {
            let notice = fill(Notice::marketing("mail-campaign-service"));
            notify::send_marketing(app, c, &customer, &notice)?.is_ok()
        }
    })
}

/// The work done on a car, as typed.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct DoneInput {
    /// The car (`customer_vehicle_id`) the work was done on.
    #[serde(deserialize_with = "crate::kernel::input::id_text")]
    #[schema(value_type = i64)]
    pub customer_vehicle_id: String,
    /// The repair order's number it was done on (blank: done elsewhere, e.g. at another dealer).
    pub repair_order_number: String,
}

/// Records campaign `id`'s work as done on a car of the store (`service_write`): on one of its
/// repair orders (not cancelled), or elsewhere.
pub fn done(app: &App, actor: &Actor, id: i64, input: &DoneInput) -> AppResult<CampaignCar> {
    let now = app.now();
    require(actor, Permission::ServiceWrite)?;
    let vehicle_id = input.customer_vehicle_id.trim().parse::<i64>().ok().filter(|v| *v > 0);
    let Some(vehicle_id) = vehicle_id else { return Err(AppError::field("customer_vehicle_id", "required")) };
    app.db.write(|c| {
        let k = rows::lock(c, actor.group_id, id)?;
        let car = rows::car(c, domain::ids::CampaignId(id), vehicle_id)?
            .filter(|r| r.store_id == actor.store_id.0)
            .ok_or_else(|| AppError::field("customer_vehicle_id", "campaign-car-unknown"))?;
        if car.done_at.is_some() {
            return Err(refused("campaign-car-done"));
        }
        let number = input.repair_order_number.trim();
        let repair_order = if number.is_empty() {
            None
        } else {
            let ro = storage::service::by_number(c, actor.store_id.0, &number.to_uppercase())?
                .filter(|r| r.customer_vehicle_id == vehicle_id && r.status != RepairStatus::Cancelled)
                .ok_or_else(|| AppError::field("repair_order_number", "campaign-repair-order-unknown"))?;
            Some(ro.id)
        };
        let after = complete_in(c, actor, (&k, &car), repair_order, now)?;
        let plate = storage::customers::vehicles::get(c, vehicle_id)?.plate;
        let name =
            storage::customers::by_ids(c, car.store_id, &[car.customer_id])?.pop().map(|k| k.name).unwrap_or_default();
        Ok(view(after, name, plate))
    })
}

/// Marks the car done and records it in the audit log as `actor`'s.
pub(super) fn complete_in(
    c: &mut DbConnection,
    actor: &Actor,
    (k, car): (&rows::CampaignRow, &CarRow),
    repair_order: Option<i64>,
    now: NaiveDateTime,
) -> AppResult<CarRow> {
    let after = rows::complete(c, car, (repair_order, actor.user_id.0), now)?;
    let changes = Changes::new()
        .created("campaign", &k.code)
        .created("vin", &car.vin)
        .created_if("repair_order_id", repair_order);
    let event = Record { action: Action::CampaignCarDone, entity_id: car.id, store_id: Some(car.store_id), changes };
    audit::record(c, now, actor, event)?;
    Ok(after)
}
