//! The customer 360's timeline: what happened with the customer, newest first, gathered from
//! every capability that has something to say (leads, contacts and test drives from CRM, orders
//! and the cars handed over from sales; later service visits, callbacks, complaints, surveys).
//!
//! A capability appends to the timeline by adding its [`Source`] to [`SOURCES`]: a function that
//! returns its moments for one customer, applying its own permission and data scope (a reader who
//! may not see leads sees none, a team manager sees the team's).

use crate::kernel::scope::visibility;
use crate::{App, AppResult, require};
use chrono::NaiveDateTime;
use domain::org::Actor;
use domain::rbac::Permission;
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

/// Every capability's source; a new one adds its own here.
pub const SOURCES: &[Source] = &[crate::crm::timeline::moments, crate::sales::timeline_of_customer];

/// Names the sources share: the store's staff and the group's models, loaded once.
pub struct Names {
    staff: Vec<(i64, String)>,
    models: Vec<(i64, String)>,
}

impl Names {
    fn load(c: &mut DbConnection, actor: &Actor, store_id: i64) -> AppResult<Self> {
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

/// The customer's timeline, newest first, as far as `actor` may see (`customer_read` on the
/// customer, then each source's own permission).
pub fn of_customer(app: &App, actor: &Actor, customer_id: i64) -> AppResult<Vec<Moment>> {
    require(actor, Permission::CustomerRead)?;
    app.db.read(|c| {
        let vis = visibility(c, actor)?;
        let customer = storage::customers::get_visible(c, &vis, customer_id)?;
        let names = Names::load(c, actor, customer.store_id)?;
        let mut moments = Vec::new();
        for source in SOURCES {
            moments.extend(source(c, actor, &customer, &names)?);
        }
        moments.sort_by_key(|m| std::cmp::Reverse(m.at));
        Ok(moments)
    })
}
