//! Parts (配件): the group's catalogue, each store's stock per warehouse and bin, what repair
//! orders take from it, and purchase orders to the maker (DOMAIN.md §6).
//!
//! Stock never goes below zero: an issue takes pieces only while they are on the shelf, so the
//! last piece leaves once however many clerks press at the same moment. A part at or below its
//! reorder point, counting what is already on order, is suggested for the next purchase order.

use crate::code::coded;
use crate::error::ErrorCode;

#[cfg(test)]
mod tests;

coded! {
    /// Why stock changed.
    MovementKind {
        /// Received from the maker against a purchase order.
        Receipt => "receipt",
        /// Issued to a repair order (领料).
        Issue => "issue",
        /// Back on the shelf from a repair order (退料).
        Return => "return",
        /// Counted stock differs from the books (盘点).
        Adjustment => "adjustment",
    }
}

coded! {
    /// Where a repair order's part line stands with the parts store.
    RequestStatus {
        /// Approved by the customer: to be issued.
        Open => "open",
        /// On its way to the car.
        Issued => "issued",
        /// The repair order was cancelled with the piece out: it is to come back.
        ToReturn => "to_return",
        /// Back on the shelf after a cancellation.
        Returned => "returned",
        /// Cancelled before it was issued.
        Cancelled => "cancelled",
    }
}

coded! {
    /// Where a purchase order to the maker stands.
    PurchaseStatus {
        Draft => "draft",
        /// Sent to the maker: its quantities count as on order.
        Ordered => "ordered",
        /// Some lines received, not all.
        PartlyReceived => "partly_received",
        Received => "received",
        Cancelled => "cancelled",
    }
}

crate::codes!(
    MovementKind => "stock movement",
    RequestStatus => "part request status",
    PurchaseStatus => "purchase order status",
);

impl PurchaseStatus {
    /// Its open quantities are on their way (count against the reorder point).
    pub fn on_order(self) -> bool {
        matches!(self, Self::Ordered | Self::PartlyReceived)
    }

    /// Lines may still be added or changed.
    pub fn editable(self) -> bool {
        self == Self::Draft
    }
}

/// Bad values typed for a part, a stock row or a purchase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PartsInputError {
    #[error("a part number is 3 to 30 letters, digits, '-', '.' or '/'")]
    PartNo,
    #[error("a quantity is a whole number from 1 to 99,999")]
    Quantity,
    #[error("a level is a whole number from 0 to 99,999")]
    Level,
}

impl ErrorCode for PartsInputError {
    fn code(&self) -> &'static str {
        match self {
            Self::PartNo => "part-number-invalid",
            Self::Quantity => "part-quantity-invalid",
            Self::Level => "part-level-invalid",
        }
    }
}

/// A maker's part number as typed: trimmed, upper case, 3 to 30 of `A–Z 0–9 - . /`.
pub fn part_number(typed: &str) -> Result<String, PartsInputError> {
    let n = typed.trim().to_uppercase();
    let ok = (3..=30).contains(&n.len())
        && n.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || matches!(c, '-' | '.' | '/'))
        && n.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
    if ok { Ok(n) } else { Err(PartsInputError::PartNo) }
}

/// A quantity moved or ordered: 1 to 99,999 pieces.
pub fn quantity(typed: &str) -> Result<i32, PartsInputError> {
    typed.trim().parse::<i32>().ok().filter(|q| (1..=99_999).contains(q)).ok_or(PartsInputError::Quantity)
}

/// A reorder point or quantity: 0 to 99,999 pieces.
pub fn level(typed: &str) -> Result<i32, PartsInputError> {
    let t = typed.trim();
    if t.is_empty() {
        return Ok(0);
    }
    t.parse::<i32>().ok().filter(|q| (0..=99_999).contains(q)).ok_or(PartsInputError::Level)
}

/// How many pieces to order so that the shelf is above the reorder point again: `None` while
/// what is on hand and on order is above it (or no point is set). At least the reorder
/// quantity, and never fewer than what brings the stock back over the point.
pub fn reorder(on_hand: i32, on_order: i32, point: i32, reorder_qty: i32) -> Option<i32> {
    let available = on_hand.saturating_add(on_order);
    if point == 0 || available > point {
        return None;
    }
    Some(reorder_qty.max(point - available + 1).max(1))
}

/// What an issue of `quantity` pieces from a shelf of `on_hand` leaves, or `None` when there
/// are not that many.
pub fn take(on_hand: i32, quantity: i32) -> Option<i32> {
    (quantity > 0 && quantity <= on_hand).then_some(on_hand - quantity)
}

/// The status of a purchase order once its lines' `(ordered, received)` are as given.
pub fn received_status(lines: &[(i32, i32)]) -> PurchaseStatus {
    let all = lines.iter().all(|(q, r)| r >= q);
    let any = lines.iter().any(|(_, r)| *r > 0);
    match (all, any) {
        (true, _) => PurchaseStatus::Received,
        (false, true) => PurchaseStatus::PartlyReceived,
        (false, false) => PurchaseStatus::Ordered,
    }
}

/// A purchase order's number: `{store}-CG{yyyymmdd}-{seq:04}` (采购), per store and day.
pub fn purchase_number(store_code: &str, day: chrono::NaiveDate, seq: i64) -> String {
    format!("{store_code}-CG{}-{seq:04}", day.format("%Y%m%d"))
}
