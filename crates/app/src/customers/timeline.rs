//! The customer 360's timeline: what happened with the customer, newest first, gathered from
//! every capability that has something to say (leads, contacts and test drives from CRM, orders
//! and the cars handed over from sales; later service visits, callbacks, complaints, surveys).
//!
//! A capability adds to the timeline by registering a [`Source`] (`Capability::timeline`): a
//! function that returns its moments for one customer, applying its own permission and data scope
//! (a reader who may not see leads sees none, a team manager sees the team's).

use crate::kernel::scope::visibility;
pub use crate::kernel::timeline::{Moment, Names, Source};
use crate::{App, AppResult, require};
use domain::org::Actor;
use domain::rbac::Permission;

/// The customer's timeline, newest first, as far as `actor` may see (`customer_read` on the
/// customer, then each source's own permission).
pub fn of_customer(app: &App, actor: &Actor, customer_id: i64) -> AppResult<Vec<Moment>> {
    require(actor, Permission::CustomerRead)?;
    app.db.read(|c| {
        let vis = visibility(c, actor)?;
        let customer = storage::customers::get_visible(c, &vis, customer_id)?;
        let names = Names::load(c, actor, customer.store_id)?;
        let mut moments = Vec::new();
        for source in app.capabilities.iter().flat_map(|k| k.timeline) {
            moments.extend(source(c, actor, &customer, &names)?);
        }
        moments.sort_by_key(|m| std::cmp::Reverse(m.at));
        Ok(moments)
    })
}
