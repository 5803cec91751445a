//! Recalls (召回) and service campaigns (服务活动) from the maker (issue 31): group data naming cars
//! by VIN lists and ranges (`domain::campaigns`). Each store sees the cars it serves that a
//! campaign names, tells their owners through the outbox and tracks the work per VIN; the desk
//! is warned when a car in front of it is named (a vehicle note, see
//! `kernel::vehicle_notes`). The work is done when a repair order with a job named with the
//! campaign's code is settled (`RepairOrderSettled`), or recorded by hand.

mod cars;
mod manage;
mod matching;

pub use cars::{CONTACT_BATCH, CampaignCar, CarQuery, Contacted, DoneInput, contact, done, list as cars};
pub use manage::{Campaign, CampaignInput, CampaignQuery, close, get, list, record};
pub use matching::run as match_new_cars;

use crate::kernel::events::{Event, Kind, Listener, Raised};
use crate::kernel::vehicle_notes::VehicleNote;
use crate::{AppError, AppResult, Conflict};
use domain::campaigns::CampaignKind;
use domain::org::Actor;
use domain::rbac::Permission;
use storage::DbConnection;
use storage::customers::vehicles::CustomerVehicleRow;

pub(crate) fn refused(code: &'static str) -> AppError {
    AppError::Conflict(Conflict::Refused { code })
}

/// A settled repair order with a job named with an open campaign's code completes that campaign
/// for the car.
const SETTLED: Listener =
    Listener { name: "campaigns.done_on_settlement", hears: &[Kind::RepairOrderSettled], on: settled, prepare: None };

fn settled(r: &Raised<'_>, c: &mut DbConnection, event: &Event<'_>) -> AppResult<()> {
    let Event::RepairOrderSettled { repair_order: ro } = event else { return Ok(()) };
    let actor = r.by.staff()?;
    let named = storage::campaigns::naming(c, actor.group_id.0, &ro.vin)?;
    if named.is_empty() {
        return Ok(());
    }
    let jobs = storage::service::lines::jobs_of(c, ro.id)?;
    for k in named {
        if !jobs.iter().any(|j| j.name.to_uppercase().contains(&k.code)) {
            continue;
        }
        let car = match storage::campaigns::car(c, domain::ids::CampaignId(k.id), ro.customer_vehicle_id)? {
            Some(car) => car,
            None => {
                let found = storage::campaigns::Candidate {
                    id: ro.customer_vehicle_id,
                    store_id: ro.store_id,
                    customer_id: ro.customer_id,
                    vin: ro.vin.clone(),
                };
                storage::campaigns::add_cars(c, k.id, (&[found], 0), r.now)?;
                storage::campaigns::car(c, domain::ids::CampaignId(k.id), ro.customer_vehicle_id)?
                    .ok_or_else(|| AppError::internal("campaign car just added"))?
            }
        };
        if car.done_at.is_none() {
            cars::complete_in(c, actor, (&k, &car), Some(ro.id), r.now)?;
        }
    }
    Ok(())
}

/// The open campaigns that name the car, for whoever may read campaigns: open ones to do, done
/// ones for the record.
fn notes(c: &mut DbConnection, actor: &Actor, car: &CustomerVehicleRow) -> AppResult<Vec<VehicleNote>> {
    if !actor.can(Permission::CampaignRead) {
        return Ok(Vec::new());
    }
    let done = storage::campaigns::of_vehicle(c, car.id)?;
    Ok(storage::campaigns::naming(c, actor.group_id.0, &car.vin)?
        .into_iter()
        .map(|k| {
            let is_done = done.iter().any(|d| d.campaign_id == k.id && d.done_at.is_some());
            VehicleNote {
                kind: match k.kind {
                    CampaignKind::Recall => "recall",
                    CampaignKind::Service => "service_campaign",
                },
                title: domain::campaigns::job_name(&k.code, &k.title),
                detail: k.remedy,
                open: !is_done,
                href: Some(format!("/service/campaigns/{}", k.id)),
            }
        })
        .collect())
}

/// What recalls and service campaigns add to the application (in `app::capabilities::ALL`).
pub const CAPABILITY: crate::kernel::registry::Capability = crate::kernel::registry::Capability {
    name: "campaigns",
    listeners: &[SETTLED],
    vehicle_notes: &[notes],
    jobs: &[crate::kernel::registry::Job { name: "campaigns.match", every_secs: 3600, run: match_new_cars }],
    permissions: &[Permission::CampaignRead, Permission::CampaignManage, Permission::CampaignContact],
    audit_actions: &[
        crate::kernel::audit::Action::CampaignRecorded,
        crate::kernel::audit::Action::CampaignClosed,
        crate::kernel::audit::Action::CampaignOwnersContacted,
        crate::kernel::audit::Action::CampaignCarDone,
    ],
    ..crate::kernel::registry::Capability::named("campaigns")
};
