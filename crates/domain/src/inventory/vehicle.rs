//! One vehicle's life at the dealer, as two halves like an order's: **where it is** (on order
//! from the factory, in transit, in stock, in PDI, delivered) and **what it is promised to**
//! (free, reserved, allocated to an order). Commands move it, each checking its preconditions;
//! the status everybody sees is derived from both.

use crate::error::ErrorCode;
use serde::{Deserialize, Serialize};

/// Where the vehicle is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Whereabouts {
    /// Ordered from the factory, not shipped yet.
    Ordered,
    /// On a truck: from the factory, or between locations or stores.
    InTransit,
    /// At one of the store's locations.
    InStock,
    /// In the workshop for the pre-delivery inspection.
    InPdi,
    /// Handed over to its buyer.
    Delivered,
}

impl Whereabouts {
    pub const ALL: [Whereabouts; 5] = [Self::Ordered, Self::InTransit, Self::InStock, Self::InPdi, Self::Delivered];

    pub fn code(self) -> &'static str {
        match self {
            Self::Ordered => "ordered",
            Self::InTransit => "in_transit",
            Self::InStock => "in_stock",
            Self::InPdi => "in_pdi",
            Self::Delivered => "delivered",
        }
    }
}

/// What the vehicle is promised to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "commitment", rename_all = "snake_case")]
pub enum Commitment {
    Free,
    /// Held for a customer while a deal is being made (no order yet).
    Reserved,
    /// Allocated to a sales order.
    Allocated {
        order_id: i64,
    },
}

impl Commitment {
    /// The stored code (`free`, `reserved`, `allocated`); the order is a column of its own.
    pub fn code(self) -> &'static str {
        match self {
            Self::Free => "free",
            Self::Reserved => "reserved",
            Self::Allocated { .. } => "allocated",
        }
    }

    /// From the stored code and order: `None` when they do not fit together.
    pub fn from_parts(code: &str, order_id: Option<i64>) -> Option<Self> {
        match (code, order_id) {
            ("free", None) => Some(Self::Free),
            ("reserved", None) => Some(Self::Reserved),
            ("allocated", Some(order_id)) => Some(Self::Allocated { order_id }),
            _ => None,
        }
    }
}

/// What the store uses the vehicle for: stock for sale, a demo car (test drives), a loaner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Usage {
    #[default]
    Stock,
    Demo,
    Loaner,
}

impl Usage {
    pub const ALL: [Usage; 3] = [Self::Stock, Self::Demo, Self::Loaner];

    pub fn code(self) -> &'static str {
        match self {
            Self::Stock => "stock",
            Self::Demo => "demo",
            Self::Loaner => "loaner",
        }
    }
}

/// Who holds the certificate of conformity (合格证): with floor-plan financing the lender keeps it
/// until the car is paid off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Custody {
    Lender,
    #[default]
    Safe,
    Customer,
    RegistrationOffice,
}

impl Custody {
    pub const ALL: [Custody; 4] = [Self::Lender, Self::Safe, Self::Customer, Self::RegistrationOffice];

    pub fn code(self) -> &'static str {
        match self {
            Self::Lender => "lender",
            Self::Safe => "safe",
            Self::Customer => "customer",
            Self::RegistrationOffice => "registration_office",
        }
    }
}

/// The status shown in stock lists (DOMAIN.md §5 names), derived from both halves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VehicleStatus {
    Ordered,
    InTransit,
    InStock,
    Reserved,
    Allocated,
    InPdi,
    Delivered,
}

impl VehicleStatus {
    pub const ALL: [VehicleStatus; 7] =
        [Self::Ordered, Self::InTransit, Self::InStock, Self::Reserved, Self::Allocated, Self::InPdi, Self::Delivered];

    pub fn code(self) -> &'static str {
        match self {
            Self::Ordered => "ordered",
            Self::InTransit => "in_transit",
            Self::InStock => "in_stock",
            Self::Reserved => "reserved",
            Self::Allocated => "allocated",
            Self::InPdi => "in_pdi",
            Self::Delivered => "delivered",
        }
    }
}

/// The specification an order asks for and a vehicle has: allocation needs the exact one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Spec {
    pub trim_id: i64,
    pub exterior_colour_id: i64,
    pub interior_colour_id: Option<i64>,
}

/// The state of one vehicle that the rules need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vehicle {
    pub store_id: i64,
    pub spec: Spec,
    pub whereabouts: Whereabouts,
    pub commitment: Commitment,
    pub usage: Usage,
}

impl Vehicle {
    pub fn status(&self) -> VehicleStatus {
        match (self.whereabouts, self.commitment) {
            (Whereabouts::Delivered, _) => VehicleStatus::Delivered,
            (Whereabouts::InPdi, _) => VehicleStatus::InPdi,
            (_, Commitment::Allocated { .. }) => VehicleStatus::Allocated,
            (Whereabouts::Ordered, _) => VehicleStatus::Ordered,
            (Whereabouts::InTransit, _) => VehicleStatus::InTransit,
            (Whereabouts::InStock, Commitment::Reserved) => VehicleStatus::Reserved,
            (Whereabouts::InStock, Commitment::Free) => VehicleStatus::InStock,
        }
    }

    /// The order the vehicle is allocated to.
    pub fn order(&self) -> Option<i64> {
        match self.commitment {
            Commitment::Allocated { order_id } => Some(order_id),
            _ => None,
        }
    }
}

/// What can happen to a vehicle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// The factory (or the sending location) loads it on a truck.
    Ship,
    /// It arrives at a location of `store_id` (a transfer between stores changes the store).
    Receive {
        store_id: i64,
    },
    /// Held for a customer without an order yet.
    Reserve,
    /// Allocated to an open order of the same store and the exact specification.
    Allocate {
        order_id: i64,
        order_store_id: i64,
        order_spec: Spec,
    },
    /// Reserved or allocated no more (a reason is recorded by the caller).
    Release,
    /// Sent away to another location or store: only a free vehicle in stock.
    TransferOut,
    StartPdi,
    FinishPdi,
    Deliver,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum VehicleError {
    #[error("the vehicle is delivered")]
    Delivered,
    #[error("the vehicle is not waiting at the factory")]
    NotOrdered,
    #[error("the vehicle is not in transit")]
    NotInTransit,
    #[error("the vehicle is not in stock")]
    NotInStock,
    #[error("the vehicle is reserved or allocated")]
    Committed,
    #[error("the vehicle is not reserved or allocated")]
    NotCommitted,
    #[error("the vehicle's specification is not the order's")]
    OtherSpec,
    #[error("the vehicle belongs to another store")]
    OtherStore,
    #[error("a demo or loaner car is not sold from stock")]
    NotForSale,
    #[error("only an allocated vehicle goes to PDI or to its buyer")]
    NotAllocated,
    #[error("the vehicle is not in PDI")]
    NotInPdi,
}

impl ErrorCode for VehicleError {
    fn code(&self) -> &'static str {
        match self {
            Self::Delivered => "vehicle-delivered",
            Self::NotOrdered => "vehicle-not-ordered",
            Self::NotInTransit => "vehicle-not-in-transit",
            Self::NotInStock => "vehicle-not-in-stock",
            Self::Committed => "vehicle-committed",
            Self::NotCommitted => "vehicle-not-committed",
            Self::OtherSpec => "vehicle-other-spec",
            Self::OtherStore => "vehicle-other-store",
            Self::NotForSale => "vehicle-not-for-sale",
            Self::NotAllocated => "vehicle-not-allocated",
            Self::NotInPdi => "vehicle-not-in-pdi",
        }
    }
}

/// What staff may do with a vehicle on its page, besides the moves logistics' documents make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Release a reservation or an allocation ([`Command::Release`]).
    Release,
    /// Record who holds the certificate and keys (custody).
    KeepPapers,
    /// Park it at another location of the store.
    Park,
}

impl Action {
    pub fn code(self) -> &'static str {
        match self {
            Self::Release => "release",
            Self::KeepPapers => "keep",
            Self::Park => "park",
        }
    }
}

/// The actions the rules accept for `v` now: release when [`apply`] takes [`Command::Release`],
/// papers while the car is not delivered, parking while it is at the store (in stock or PDI).
pub fn available_actions(v: Vehicle) -> Vec<Action> {
    let mut out = Vec::new();
    if apply(v, Command::Release).is_ok() {
        out.push(Action::Release);
    }
    if v.whereabouts != Whereabouts::Delivered {
        out.push(Action::KeepPapers);
    }
    if matches!(v.whereabouts, Whereabouts::InStock | Whereabouts::InPdi) {
        out.push(Action::Park);
    }
    out
}

/// The vehicle after `command`, or why it cannot happen.
pub fn apply(v: Vehicle, command: Command) -> Result<Vehicle, VehicleError> {
    use Whereabouts as W;
    if v.whereabouts == W::Delivered {
        return Err(VehicleError::Delivered);
    }
    let free = v.commitment == Commitment::Free;
    Ok(match command {
        Command::Ship => match v.whereabouts {
            W::Ordered => Vehicle { whereabouts: W::InTransit, ..v },
            _ => return Err(VehicleError::NotOrdered),
        },
        Command::Receive { store_id } => match v.whereabouts {
            W::Ordered | W::InTransit => Vehicle { whereabouts: W::InStock, store_id, ..v },
            _ => return Err(VehicleError::NotInTransit),
        },
        Command::TransferOut => {
            if v.whereabouts != W::InStock {
                return Err(VehicleError::NotInStock);
            }
            if !free {
                return Err(VehicleError::Committed);
            }
            Vehicle { whereabouts: W::InTransit, ..v }
        }
        Command::Reserve => {
            if v.whereabouts != W::InStock {
                return Err(VehicleError::NotInStock);
            }
            if !free {
                return Err(VehicleError::Committed);
            }
            if v.usage != Usage::Stock {
                return Err(VehicleError::NotForSale);
            }
            Vehicle { commitment: Commitment::Reserved, ..v }
        }
        Command::Allocate { order_id, order_store_id, order_spec } => {
            if v.commitment != Commitment::Free && v.commitment != Commitment::Reserved {
                return Err(VehicleError::Committed);
            }
            if v.usage != Usage::Stock {
                return Err(VehicleError::NotForSale);
            }
            if v.store_id != order_store_id {
                return Err(VehicleError::OtherStore);
            }
            if v.spec != order_spec {
                return Err(VehicleError::OtherSpec);
            }
            Vehicle { commitment: Commitment::Allocated { order_id }, ..v }
        }
        Command::Release => {
            if free {
                return Err(VehicleError::NotCommitted);
            }
            if v.whereabouts == W::InPdi {
                return Err(VehicleError::Committed);
            }
            Vehicle { commitment: Commitment::Free, ..v }
        }
        Command::StartPdi => {
            if v.order().is_none() {
                return Err(VehicleError::NotAllocated);
            }
            if v.whereabouts != W::InStock {
                return Err(VehicleError::NotInStock);
            }
            Vehicle { whereabouts: W::InPdi, ..v }
        }
        Command::FinishPdi => {
            if v.whereabouts != W::InPdi {
                return Err(VehicleError::NotInPdi);
            }
            Vehicle { whereabouts: W::InStock, ..v }
        }
        Command::Deliver => {
            if v.order().is_none() {
                return Err(VehicleError::NotAllocated);
            }
            if !matches!(v.whereabouts, W::InStock | W::InPdi) {
                return Err(VehicleError::NotInStock);
            }
            Vehicle { whereabouts: W::Delivered, ..v }
        }
    })
}
