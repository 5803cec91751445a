//! Pure business types and rules of autodms: no I/O, no web, no database.
//!
//! Every value that crosses a boundary is parsed into one of these types first, so an invalid
//! value cannot exist past the web layer ("parse, don't validate").

pub mod billing;
pub mod calendar;
pub mod campaigns;
pub mod capitals;
pub mod care;
pub mod catalogue;
pub mod code;
pub mod crm;
pub mod customer;
pub mod delivery;
pub mod error;
pub mod finance;
pub mod ident;
pub mod ids;
pub mod inventory;
pub mod loaners;
pub mod money;
pub mod org;
pub mod parts;
pub mod rbac;
pub mod sales;
pub mod service;
pub mod tax;
pub mod text;
pub mod workdays;

pub use code::Code;
pub use error::{FieldError, FieldErrors};
pub use money::Money;
