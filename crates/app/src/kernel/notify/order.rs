//! The two sides of an order told of one fact: the buyer (by SMS or e-mail, with their page's
//! link) and the order's advisor (as they chose), each with the words of their own notice.

use super::{Notice, to_customer, to_staff};
use crate::{App, AppResult};
use storage::DbConnection;
use storage::sales::OrderRow;

/// Tells the buyer of `order` (notice `buyer_key`) and its advisor (notice `staff_key`) the same
/// fact, with the values `args` and each their link.
pub fn to_buyer_and_owner(
    app: &App,
    c: &mut DbConnection,
    order: &OrderRow,
    (buyer_key, staff_key): (&'static str, &'static str),
    args: &[(&'static str, String)],
) -> AppResult<()> {
    let whole = storage::scope::Visibility::whole_store(order.store_id);
    let customer = storage::customers::get_visible(c, &whole, order.customer_id)?;
    let store = storage::org::get_store(c, order.store_id)?;
    let with = |key| {
        args.iter().fold(
            Notice::new(key).arg("order", &order.order_no).arg("customer", &customer.name).arg("store", &store.name),
            |n, (k, v)| n.arg(k, v),
        )
    };
    if customer.anonymised_at.is_none() {
        let link = crate::kernel::links::customer_url(
            app,
            domain::ids::OrderId(order.id),
            domain::ids::CustomerId(order.customer_id),
        );
        to_customer(
            app,
            c,
            order.store_id,
            (Some(&customer.mobile), customer.email.as_deref()),
            &with(buyer_key).arg("link", link),
        )?;
    }
    let owner = storage::users::get(c, order.owner_id)?;
    let link = format!("{}/orders/{}", app.messages.public_url, order.id);
    to_staff(app, c, &owner, &with(staff_key).arg("link", link))
}
