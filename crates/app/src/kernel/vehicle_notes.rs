//! What capabilities have to say about a customer's car when it is in front of someone (the
//! service desk's reception, a repair order): an open recall, say. Each capability registers a
//! [`Source`]; `customers::vehicles::notes` asks them all.

use crate::AppResult;
use domain::org::Actor;
use storage::DbConnection;
use storage::customers::vehicles::CustomerVehicleRow;

/// One thing to tell whoever has the car in front of them.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct VehicleNote {
    /// What kind of note: `recall`, `service_campaign`...
    pub kind: &'static str,
    /// Its headline: the campaign's number and title.
    pub title: String,
    /// What to do about it.
    pub detail: String,
    /// Whether it still asks for something (false: done, shown for the record).
    pub open: bool,
    /// The record's page, if the reader may open it.
    pub href: Option<String>,
}

/// What a capability knows about the car, within what `actor` may see (its own permission
/// checked; nothing when the actor may not see it).
pub type Source = fn(&mut DbConnection, &Actor, &CustomerVehicleRow) -> AppResult<Vec<VehicleNote>>;
