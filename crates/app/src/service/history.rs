//! A car's service history (维修履历): every repair order of the car at the store, with its jobs
//! (who did them, the hours clocked), the parts fitted, the mileage and who pays what, printable.

use crate::{App, AppError, AppResult, require};
use chrono::NaiveDate;
use domain::org::Actor;
use domain::rbac::Permission;
use domain::service::{Payer, RepairStatus, System};

/// A job of a visit.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct HistoryJob {
    pub name: String,
    #[schema(value_type = String)]
    pub system: System,
    pub fault: String,
    #[schema(value_type = String)]
    pub payer: Payer,
    pub technician: Option<String>,
    /// Hours clocked, in hundredths.
    pub clocked_x100: i32,
}

/// A part fitted at a visit.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct HistoryPart {
    pub part_no: String,
    pub name: String,
    pub quantity: i32,
    #[schema(value_type = String)]
    pub payer: Payer,
}

/// A visit: one repair order.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Visit {
    pub repair_order_id: i64,
    pub number: String,
    #[schema(value_type = String)]
    pub status: RepairStatus,
    pub received_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub mileage_km: i64,
    pub complaints: String,
    pub advisor: String,
    pub total_fen: i64,
    pub jobs: Vec<HistoryJob>,
    pub parts: Vec<HistoryPart>,
}

/// A car with its visits, newest first.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct VehicleHistory {
    pub customer_vehicle_id: i64,
    pub vin: String,
    pub plate: Option<String>,
    pub description: String,
    pub customer_id: i64,
    pub customer_name: String,
    pub visits: Vec<Visit>,
}

/// The service history of customer vehicle `id` at the actor's store (`service_read`): every
/// repair order of the car there, whoever received it, because whoever works on the car (a
/// technician included) reads its past, as the 三包 clocks do.
pub fn of_vehicle(app: &App, actor: &Actor, id: i64) -> AppResult<VehicleHistory> {
    require(actor, Permission::ServiceRead)?;
    app.db.read(|c| {
        let car = storage::customers::vehicles::get(c, id)?;
        if car.store_id != actor.store_id.0 {
            return Err(AppError::NotFound);
        }
        let vis = storage::scope::Visibility::whole_store(car.store_id);
        let staff = storage::users::list_for_store(c, car.store_id)?;
        let name = |id: i64| staff.iter().find(|u| u.id == id).map(|u| u.display_name.clone()).unwrap_or_default();
        let mut visits = Vec::new();
        for o in storage::service::history::of_vehicle(c, &vis, id)? {
            let jobs = storage::service::lines::jobs_of(c, o.id)?
                .into_iter()
                .map(|j| HistoryJob {
                    name: j.name,
                    system: j.system,
                    fault: j.fault,
                    payer: j.payer,
                    technician: j.technician_id.map(name),
                    clocked_x100: j.clocked_x100,
                })
                .collect();
            let parts = storage::service::lines::parts_of(c, o.id)?
                .into_iter()
                .map(|p| HistoryPart { part_no: p.part_no, name: p.name, quantity: p.quantity, payer: p.payer })
                .collect();
            visits.push(Visit {
                repair_order_id: o.id,
                advisor: name(o.owner_id),
                number: o.number,
                status: o.status,
                received_on: o.received_on,
                closed_on: o.closed_on,
                mileage_km: o.mileage_km,
                complaints: o.complaints,
                total_fen: o.total_fen,
                jobs,
                parts,
            });
        }
        let customer_name =
            storage::customers::by_ids(c, car.store_id, &[car.customer_id])?.pop().map(|k| k.name).unwrap_or_default();
        Ok(VehicleHistory {
            customer_vehicle_id: car.id,
            vin: car.vin,
            plate: car.plate,
            description: car.description,
            customer_id: car.customer_id,
            customer_name,
            visits,
        })
    })
}
