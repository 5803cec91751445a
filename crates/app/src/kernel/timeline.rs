//! The customer 360's timeline as capabilities add to it: one [`Moment`] per thing that happened,
//! from the [`Source`]s they register, with the [`Names`] every source shares.

use crate::AppResult;
use chrono::NaiveDateTime;
use domain::org::Actor;
use storage::DbConnection;
use storage::customers::CustomerRow;

/// One thing that happened, as the page and the API show it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Moment {
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    pub at: NaiveDateTime,
    /// What kind of record: `lead`, `contact`, `test_drive`, `order`, `delivery`...
    pub kind: &'static str,
    /// Codes to show as labels, each with the prefix that names its list
    /// (`["lead-stage", "new"]`, `["status", "delivered"]`).
    pub labels: Vec<(&'static str, String)>,
    /// What it is about: a model, an order number, a VIN.
    pub subject: String,
    /// What staff wrote (a contact's note, the customer's impression of a drive).
    pub note: String,
    /// The staff member who owns it.
    pub by: String,
    /// The record's page, if the reader may open it.
    pub href: Option<String>,
}

/// What a capability knows about a customer, within what `actor` may see.
pub type Source = fn(&mut DbConnection, &Actor, &CustomerRow, &Names) -> AppResult<Vec<Moment>>;

/// Names the sources share: the store's staff and the group's models, loaded once.
pub struct Names {
    staff: Vec<(i64, String)>,
    models: Vec<(i64, String)>,
}

impl Names {
    pub fn load(c: &mut DbConnection, actor: &Actor, store_id: i64) -> AppResult<Self> {
        let staff = storage::users::list_for_store(c, store_id)?.into_iter().map(|u| (u.id, u.display_name)).collect();
        let models =
            storage::catalogue::list_models(c, actor.group_id.0, None)?.into_iter().map(|m| (m.id, m.name)).collect();
        Ok(Self { staff, models })
    }

    pub fn user(&self, id: i64) -> String {
        self.staff.iter().find(|(u, _)| *u == id).map_or_else(|| format!("#{id}"), |(_, n)| n.clone())
    }

    pub fn model(&self, id: i64) -> String {
        self.models.iter().find(|(m, _)| *m == id).map_or_else(String::new, |(_, n)| n.clone())
    }
}
