//! What CRM adds to a customer's timeline: their leads, the contacts logged and the test drives.

use crate::AppResult;
use crate::kernel::timeline::{Moment, Names};
use domain::org::Actor;
use domain::rbac::Permission;
use storage::DbConnection;
use storage::customers::CustomerRow;
use storage::scope::Visibility;

/// The customer's leads within the reader's scope (`lead_read`), with their contacts and drives.
pub fn moments(c: &mut DbConnection, actor: &Actor, customer: &CustomerRow, names: &Names) -> AppResult<Vec<Moment>> {
    if !actor.can(Permission::LeadRead) {
        return Ok(Vec::new());
    }
    let vis = Visibility::of(c, actor)?;
    let leads = storage::crm::leads::of_customer(c, &vis, customer.id)?;
    let ids: Vec<i64> = leads.iter().map(|l| l.id).collect();
    let models = storage::crm::leads::models_of(c, &ids)?;
    let href = |lead_id: i64| Some(format!("/leads/{lead_id}"));
    let mut moments = Vec::new();
    for l in &leads {
        let interest: Vec<String> =
            models.iter().filter(|(lead, _)| *lead == l.id).map(|(_, m)| names.model(*m)).collect();
        moments.push(Moment {
            at: l.created_at,
            kind: "lead",
            labels: vec![
                ("channel", l.channel.code().to_string()),
                ("lead-stage", l.stage.code().to_string()),
                ("lead-tier", l.tier.code().to_string()),
            ],
            subject: interest.join(" / "),
            note: l.notes.clone(),
            by: names.user(l.owner_id),
            href: href(l.id),
        });
    }
    for f in storage::crm::follow_ups::done_of_leads(c, &ids)? {
        let Some(at) = f.done_at else { continue };
        let mut labels = Vec::new();
        if let Some(k) = f.kind {
            labels.push(("lead-contact", k.code().to_string()));
        }
        if let Some(o) = f.outcome {
            labels.push(("lead-outcome", o.code().to_string()));
        }
        moments.push(Moment {
            at,
            kind: "contact",
            labels,
            subject: String::new(),
            note: f.note,
            by: names.user(f.owner_id),
            href: href(f.lead_id),
        });
    }
    let cars = storage::crm::test_drives::demo_cars(c, customer.store_id)?;
    for d in storage::crm::test_drives::of_leads(c, &ids)? {
        let mut labels = vec![("test-drive-status", d.status.code().to_string())];
        if let Some(v) = d.verdict {
            labels.push(("test-drive-verdict", v.code().to_string()));
        }
        let car = match cars.iter().find(|(id, _, _)| *id == d.vehicle_id) {
            Some((id, _, _)) => {
                Some(storage::inventory::vehicles::label(c, actor.group_id, domain::ids::VehicleId(*id))?)
            }
            None => None,
        };
        moments.push(Moment {
            at: d.starts_at,
            kind: "test_drive",
            labels,
            subject: car.unwrap_or_default(),
            note: d.impression,
            by: names.user(d.owner_id),
            href: href(d.lead_id),
        });
    }
    Ok(moments)
}
