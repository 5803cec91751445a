//! Parts (issue 31): the group's catalogue, the store's shelves, what repair orders take from
//! them and what is bought from the maker. The rules are `domain::parts`'s; the shelves are the
//! store's the user works in now. Parts learns of approved part lines and cancelled repair
//! orders from after-sales' events and tells it what left the shelves the same way.

mod catalogue;
mod issue;
mod purchases;
mod shelves;

pub use catalogue::{PartDetail, PartInput, PartView, create, get, search, update};
pub use issue::{QueueItem, RequestQuery, issue, queue, request_counts, take_back};
pub use purchases::{
    LineInput, PurchaseLine, PurchaseOrder, PurchaseQuery, ReceiveInput, ReceiveLine, add_line, cancel, draft,
    from_suggestions, list as purchases, order, purchase, receive, remove_line,
};
pub use shelves::{AdjustInput, LevelsInput, Suggestion, adjust, set_levels, suggestions};

pub use storage::parts::Filter as PartFilter;
pub use storage::parts::requests::Filter as RequestFilter;

use crate::kernel::events::{Event, Kind, Listener, Raised};
use crate::{AppError, AppResult, Conflict};
use domain::parts::RequestStatus;
use domain::rbac::Permission;
use storage::DbConnection;

pub(crate) fn refused(code: &'static str) -> AppError {
    AppError::Conflict(Conflict::Refused { code })
}

/// A row of the actor's store, or not found.
pub(crate) fn of_store<T>(actor: &domain::org::Actor, store_id: i64, row: T) -> AppResult<T> {
    if store_id == actor.store_id.0 { Ok(row) } else { Err(AppError::NotFound) }
}

/// Approved part lines become requests in the parts store's queue, one per line, for the
/// catalogue part of its number.
const APPROVED: Listener =
    Listener { name: "parts.requests", hears: &[Kind::RepairPartsApproved], on: requested, prepare: None };

fn requested(r: &Raised<'_>, c: &mut DbConnection, event: &Event<'_>) -> AppResult<()> {
    let Event::RepairPartsApproved { repair_order, parts } = event else { return Ok(()) };
    let group = storage::org::get_store(c, repair_order.store_id)?.group_id;
    for line in parts.iter() {
        let Some(part) = storage::parts::by_number(c, group, &line.part_no)? else {
            return Err(AppError::field("part_no", "part-not-in-catalogue"));
        };
        let new = storage::parts::requests::NewRequest {
            store_id: repair_order.store_id,
            repair_order_id: repair_order.id,
            repair_part_id: line.id,
            part_id: part.id,
            quantity: line.quantity,
        };
        storage::parts::requests::insert(c, &new, r.now)?;
    }
    Ok(())
}

/// A cancelled repair order needs nothing more: open requests end, issued pieces are to come
/// back to the shelf (the queue's "to return").
const CANCELLED: Listener =
    Listener { name: "parts.cancelled", hears: &[Kind::RepairOrderCancelled], on: cancelled, prepare: None };

fn cancelled(r: &Raised<'_>, c: &mut DbConnection, event: &Event<'_>) -> AppResult<()> {
    let Event::RepairOrderCancelled { repair_order } = event else { return Ok(()) };
    for request in storage::parts::requests::of_repair_order(c, repair_order.id)? {
        let to = match request.status {
            RequestStatus::Open => RequestStatus::Cancelled,
            RequestStatus::Issued => RequestStatus::ToReturn,
            _ => continue,
        };
        storage::parts::requests::step(c, &request, to, None, r.now)?;
    }
    Ok(())
}

/// What parts adds to the application (listed in `app::capabilities::ALL`).
pub const CAPABILITY: crate::kernel::registry::Capability = crate::kernel::registry::Capability {
    name: "parts",
    listeners: &[APPROVED, CANCELLED],
    timeline: &[],
    vehicle_notes: &[],
    jobs: &[],
    permissions: &[
        Permission::PartsRead,
        Permission::PartsIssue,
        Permission::PartsPurchase,
        Permission::PartsCatalogueManage,
    ],
    audit_actions: &[
        crate::kernel::audit::Action::PartCreated,
        crate::kernel::audit::Action::PartUpdated,
        crate::kernel::audit::Action::StockLevelsSet,
        crate::kernel::audit::Action::StockAdjusted,
        crate::kernel::audit::Action::PartIssued,
        crate::kernel::audit::Action::PartReturned,
        crate::kernel::audit::Action::PurchaseOrderCreated,
        crate::kernel::audit::Action::PurchaseOrderOrdered,
        crate::kernel::audit::Action::PurchaseOrderReceived,
        crate::kernel::audit::Action::PurchaseOrderCancelled,
    ],
    erasers: &[],
    staff_notices: &[],
};
