//! Sales orders: the order row with its items, timeline and approval round; order numbers;
//! approval rules; the dated tax data; idempotency keys. The data scope is applied in the list
//! queries; orders read by key are checked with `Visibility::allows` before they are returned.

mod approvals;
pub mod changes;
mod counts;
mod idempotency;
mod list;
mod numbers;
mod order;
mod rules;
mod sql;
pub mod stages;
mod tax;
mod timeline;

pub use approvals::*;
pub use idempotency::*;
pub use list::*;
pub use numbers::*;
pub use order::*;
pub use rules::*;
pub use tax::*;
pub use timeline::*;
