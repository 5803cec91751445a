//! Money of a sale (DOMAIN.md §3): payments and the 定金 cap, the order's ledger and the facts it
//! gives, the outcome of a cancellation with money received, refunds, contracts' and invoices'
//! states. Pure rules; amounts in fen.

pub mod contract;
pub mod ledger;
pub mod payment;
pub mod refund;

pub use contract::{ContractStatus, SigningError};
pub use ledger::Ledger;
pub use payment::{Method, PaymentError, PaymentKind, PaymentStatus, earnest_cap, split_earnest};
pub use refund::{Breach, Outcome, RefundKind, RefundStatus, outcome};

crate::codes!(
    PaymentKind => "payment kind",
    Method => "payment method",
    PaymentStatus => "payment status",
    Breach => "cancellation party",
    RefundKind => "refund kind",
    RefundStatus => "refund status",
    ContractStatus => "contract status",
    contract::InvoiceStatus => "invoice status",
);

#[cfg(test)]
mod tests;
