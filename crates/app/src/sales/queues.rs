//! The sales work queues of the home page: for each role the orders waiting for it, counted, with
//! the first few (the longest waiting first where waiting is the point).

use super::OrderListRow;
use super::view::rows;
use crate::{App, AppResult};
use domain::org::Actor;
use domain::rbac::{Permission, Role};
use domain::sales::Status;
use storage::sales::{OrderFilter, OrderSort};
use storage::scope::Visibility;
use storage::{DbConnection, PageRequest};

/// What a queue holds. Each is an order list filter; the data scope narrows it as everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Queue {
    /// Drafts, most recently worked on first.
    Drafts,
    /// Drafts sent back (rejected by an approver, or the customer asked for a change) and not
    /// touched since.
    Returned,
    /// Sent to the customer and not confirmed yet, longest waiting first.
    AwaitingCustomer,
    /// Waiting at the actor's approval level, not asked for by them, oldest first.
    AwaitingMyApproval,
    /// Open orders, the ones unchanged longest first.
    StuckLongest,
    /// Approved, waiting for the contract and the money.
    AwaitingContractOrMoney,
    /// Paid, waiting for the vehicle to be ordered, allocated or to arrive.
    AwaitingVehicle,
    /// Past their stage's time limit, the latest first (with how late each is).
    Overdue,
}

impl Queue {
    pub fn code(self) -> &'static str {
        match self {
            Self::Drafts => "drafts",
            Self::Returned => "returned",
            Self::AwaitingCustomer => "awaiting-customer",
            Self::AwaitingMyApproval => "awaiting-my-approval",
            Self::StuckLongest => "stuck-longest",
            Self::AwaitingContractOrMoney => "awaiting-contract-or-money",
            Self::AwaitingVehicle => "awaiting-vehicle",
            Self::Overdue => "overdue-stages",
        }
    }

    pub const ALL: [Queue; 8] = [
        Self::Drafts,
        Self::Returned,
        Self::AwaitingCustomer,
        Self::AwaitingMyApproval,
        Self::StuckLongest,
        Self::AwaitingContractOrMoney,
        Self::AwaitingVehicle,
        Self::Overdue,
    ];

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|q| q.code() == code)
    }

    /// The queues a role works from, most urgent first.
    pub fn of(role: Role) -> &'static [Queue] {
        use Queue::*;
        match role {
            Role::SalesAdvisor => &[Overdue, Returned, AwaitingCustomer, Drafts],
            Role::SalesManager | Role::GeneralManager => &[AwaitingMyApproval, Overdue, StuckLongest],
            Role::Finance => &[AwaitingMyApproval, AwaitingContractOrMoney],
            Role::Inventory => &[AwaitingVehicle],
            Role::CustomerService => &[AwaitingCustomer],
            Role::GroupExecutive => &[StuckLongest],
            Role::ServiceAdvisor
            | Role::WorkshopForeman
            | Role::Technician
            | Role::PartsClerk
            | Role::Administrator => &[],
        }
    }

    fn permission(self) -> Permission {
        match self {
            Self::AwaitingMyApproval => Permission::OrderApprove,
            Self::Drafts | Self::Returned => Permission::OrderWrite,
            _ => Permission::OrderRead,
        }
    }

    /// The statuses the queue holds (empty: any).
    pub fn statuses(self) -> Vec<Status> {
        use Status::*;
        match self {
            Self::Drafts | Self::Returned => vec![Draft],
            Self::AwaitingCustomer => vec![AwaitingConfirmation],
            // The ids say which: an order waiting for approval, or a signed one whose change order is.
            Self::AwaitingMyApproval => Vec::new(),
            // A delivered order waits only for its closing: the car is with the buyer.
            Self::StuckLongest => Status::ALL.into_iter().filter(|s| s.is_open() && *s != Delivered).collect(),
            Self::AwaitingContractOrMoney => vec![Approved, ContractSigned],
            Self::AwaitingVehicle => vec![Paid, OrderedFromFactory, VehicleAllocated, InTransit],
            // The ids say which.
            Self::Overdue => Vec::new(),
        }
    }

    /// The order the list shows them in.
    pub fn sort(self) -> OrderSort {
        match self {
            Self::Drafts | Self::Returned => OrderSort::UpdatedDesc,
            _ => OrderSort::UpdatedAsc,
        }
    }
}

/// A queue with its count and its first orders.
#[derive(Debug, Clone)]
pub struct QueueView {
    pub queue: Queue,
    pub count: i64,
    pub items: Vec<OrderListRow>,
    /// How late each of the items is (the overdue queue only).
    pub late: Vec<super::stages::Late>,
}

/// How many orders a card shows.
const SHOWN: i64 = 5;

/// The queues of the actor's role that they may open, each with its first orders.
pub fn queues(app: &App, actor: &Actor) -> AppResult<Vec<QueueView>> {
    let mine: Vec<Queue> = Queue::of(actor.role).iter().copied().filter(|q| actor.can(q.permission())).collect();
    if mine.is_empty() {
        return Ok(Vec::new());
    }
    let now = app.now();
    app.db.read(|c| {
        let vis = crate::kernel::scope::visibility(c, actor)?;
        mine.into_iter()
            .map(|queue| {
                let filter = filter(c, actor, &vis, queue, now)?;
                let page = storage::sales::list(c, &vis, &filter, PageRequest { page: 1, per_page: SHOWN })?;
                let late = match queue {
                    Queue::Overdue => {
                        let all = super::stages::late_in_store(c, actor.store_id.0, now)?;
                        all.into_iter().filter(|l| page.items.iter().any(|o| o.id == l.order_id)).collect()
                    }
                    _ => Vec::new(),
                };
                Ok(QueueView { queue, count: page.total, items: rows(c, actor, page.items)?, late })
            })
            .collect()
    })
}

/// The order list's filter of a queue (what its card links to).
pub fn filter_of(app: &App, actor: &Actor, queue: Queue) -> AppResult<OrderFilter> {
    crate::require(actor, queue.permission())?;
    let now = app.now();
    app.db.read(|c| {
        let vis = crate::kernel::scope::visibility(c, actor)?;
        filter(c, actor, &vis, queue, now)
    })
}

fn filter(
    c: &mut DbConnection,
    actor: &Actor,
    vis: &Visibility,
    queue: Queue,
    now: chrono::NaiveDateTime,
) -> AppResult<OrderFilter> {
    let ids = match queue {
        Queue::Overdue => {
            Some(super::stages::late_in_store(c, actor.store_id.0, now)?.into_iter().map(|l| l.order_id).collect())
        }
        Queue::AwaitingMyApproval => Some(super::view::waiting_for(c, actor)?),
        Queue::Returned => Some(storage::sales::returned_drafts(c, vis)?),
        _ => None,
    };
    Ok(OrderFilter { statuses: queue.statuses(), sort: queue.sort(), ids, ..Default::default() })
}
