//! The sales order (DOMAIN.md §2-3): its number, its price, and its lifecycle.

pub mod approval;
pub mod change;
pub mod codes;
pub mod limits;
pub mod number;
pub mod pricing;
pub mod state;
pub mod terms;

pub use change::{ChangeError, ChangeStatus};
pub use codes::StageName;
pub use number::OrderNo;
pub use pricing::{Discount, Fee, FeeKind, Quote, QuoteInput};
pub use state::{Command, Facts, Party, Stage, Status, TransitionError, VehicleFact, available_commands};
pub use terms::{Channel, Loan, PaymentMethod, Terms};
