//! Identifiers of DOMAIN.md §5 and §7, each a type that only a valid value can inhabit.

mod credit_code;
mod email;
mod mobile;
mod plate;
mod resident_id;
mod vin;

pub use credit_code::{CreditCode, CreditCodeError};
pub use email::{Email, EmailError};
pub use mobile::{Mobile, MobileError};
pub use plate::{Plate, PlateError};
pub mod mobile_mask {
    pub use super::mobile::mask_mobile;
}
pub use resident_id::{Region, ResidentId, ResidentIdError, mask_id};
pub use vin::{Vin, VinError};
