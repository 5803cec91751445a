//! CRM (issue 17): inquiries become leads owned by an advisor, followed up on the cadence of
//! their intent tier, given up only with a manager's approval, and turned into orders. The rules
//! are `domain::crm`'s; the data scope is the lead's owner, as for customers and orders.

pub mod digest;
pub mod follow_ups;
pub mod leads;
pub mod settings;
pub mod test_drives;
pub mod timeline;
mod views;

pub use follow_ups::{ContactInput, DueCount, DueItem};
pub use leads::{InquiryInput, LeadEdit, LeadFacts, LeadFilter, LeadSort};
pub use views::{FollowUp, Lead, LeadModel};

use crate::{AppError, AppResult};
use domain::org::Actor;
use domain::rbac::{Permission, Role};
use storage::DbConnection;
use storage::scope::Visibility;

/// The roles that own leads (a lead is assigned to someone who sells).
pub fn sells(role: Role) -> bool {
    role.has(Permission::LeadWrite) && role.has(Permission::OrderWrite)
}

/// The owner a lead may be given by `actor`: an active user of the store whose role sells and,
/// for a team-scoped manager, of their team (`lead_assign` for anyone but themselves).
pub(crate) fn check_owner(c: &mut DbConnection, actor: &Actor, owner_id: i64) -> AppResult<()> {
    let user = storage::users::get(c, owner_id).map_err(|_| AppError::field("owner_id", "owner-unknown"))?;
    let role = user.role;
    if user.store_id != actor.store_id.0 || !user.active {
        return Err(AppError::field("owner_id", "owner-unknown"));
    }
    if !sells(role) {
        return Err(AppError::field("owner_id", "lead-owner-does-not-sell"));
    }
    if owner_id == actor.user_id.0 {
        return Ok(());
    }
    if !actor.can(Permission::LeadAssign) {
        return Err(AppError::field("owner_id", "lead-owner-not-allowed"));
    }
    let vis = Visibility::of(c, actor)?;
    if vis.owners().is_some_and(|o| !o.contains(&owner_id)) {
        return Err(AppError::field("owner_id", "lead-owner-not-allowed"));
    }
    Ok(())
}

fn refused(code: &'static str) -> AppError {
    AppError::Conflict(crate::Conflict::Refused { code })
}

/// The CRM's part of a customer's erasure: it holds while a lead is open or dormant; the leads'
/// personal fields, the follow-ups' notes, the test drives' licences and impressions, and their
/// audit values go.
const ERASER: crate::kernel::erasure::Eraser =
    crate::kernel::erasure::Eraser { name: "crm.leads", holds: lead_open, erase: erase_leads };

fn lead_open(
    c: &mut storage::DbConnection,
    e: &crate::kernel::erasure::Erasure<'_>,
) -> crate::AppResult<Option<&'static str>> {
    let leads = storage::crm::leads::all_of_customer(c, e.customer.id)?;
    let open = leads.iter().any(|l| l.stage.is_open() || l.stage == domain::crm::LeadStage::Dormant);
    Ok(open.then_some("customer-lead-open"))
}

fn erase_leads(c: &mut storage::DbConnection, e: &crate::kernel::erasure::Erasure<'_>) -> crate::AppResult<()> {
    let ids: Vec<i64> = storage::crm::leads::all_of_customer(c, e.customer.id)?.iter().map(|l| l.id).collect();
    storage::crm::leads::erase_personal(c, e.customer.id)?;
    storage::crm::follow_ups::erase_notes(c, &ids)?;
    storage::crm::test_drives::erase_personal(c, e.customer.id)?;
    crate::kernel::erasure::redact(c, "lead", &ids)
}

/// What crm adds to the application (listed in `app::capabilities::ALL`).
pub const CAPABILITY: crate::kernel::registry::Capability = crate::kernel::registry::Capability {
    name: "crm",
    listeners: LISTENERS,
    timeline: &[timeline::moments],
    vehicle_notes: &[],
    jobs: &[crate::kernel::registry::Job { name: "crm.follow_up_digest", every_secs: 300, run: digest::send_due }],
    permissions: &[
        domain::rbac::Permission::LeadRead,
        domain::rbac::Permission::LeadWrite,
        domain::rbac::Permission::LeadAssign,
        domain::rbac::Permission::LeadLostApprove,
        domain::rbac::Permission::CrmSettingsManage,
    ],
    audit_actions: &[
        crate::kernel::audit::Action::LeadCreated,
        crate::kernel::audit::Action::LeadUpdated,
        crate::kernel::audit::Action::LeadAssigned,
        crate::kernel::audit::Action::LeadContacted,
        crate::kernel::audit::Action::LeadLostRequested,
        crate::kernel::audit::Action::LeadLostDecided,
        crate::kernel::audit::Action::CrmSettingsUpdated,
        crate::kernel::audit::Action::LeadTestDriveBooked,
        crate::kernel::audit::Action::LeadTestDriveUpdated,
    ],
    erasers: &[ERASER],
    staff_notices: &["mail-follow-up-digest"],
};

const LISTENERS: &[crate::kernel::events::Listener] = &[crate::kernel::events::Listener {
    name: "crm.lead_ordered",
    hears: &[crate::kernel::events::Kind::OrderCreated],
    on: |r, c, event| match *event {
        // The lead the order came from becomes ordered and points at it.
        crate::kernel::events::Event::OrderCreated { order, lead_id: Some(lead) } => leads::ordered_in(
            c,
            r.now,
            r.by.staff()?,
            domain::ids::LeadId(lead),
            domain::ids::OrderId(order.id),
            domain::ids::CustomerId(order.customer_id),
        ),
        _ => Ok(()),
    },
    prepare: None,
}];
