//! What sales adds to a customer's timeline: their orders, and the cars handed over.

use crate::AppResult;
use crate::kernel::timeline::{Moment, Names};
use domain::org::Actor;
use domain::rbac::Permission;
use domain::sales::Status;
use storage::DbConnection;
use storage::customers::CustomerRow;
use storage::scope::Visibility;

/// The customer's orders within the reader's scope (`order_read`), and for each delivered one
/// the car handed over (its VIN, on the day of delivery).
pub fn timeline_of_customer(
    c: &mut DbConnection,
    actor: &Actor,
    customer: &CustomerRow,
    names: &Names,
) -> AppResult<Vec<Moment>> {
    if !actor.can(Permission::OrderRead) {
        return Ok(Vec::new());
    }
    let vis = Visibility::of(c, actor)?;
    let orders = storage::sales::orders_of_customer(c, &vis, customer.id)?;
    let ids: Vec<i64> = orders.iter().map(|o| o.id).collect();
    let delivered_on = storage::sales::reached(c, &ids, Status::Delivered.code())?;
    let vehicles = storage::inventory::vehicles::of_orders(c, &ids)?;
    let mut moments = Vec::new();
    for o in &orders {
        let href = Some(format!("/orders/{}", o.id));
        let model = names.model(o.model_id);
        moments.push(Moment {
            at: o.created_at,
            kind: "order",
            labels: vec![("status", o.status.code().to_string())],
            subject: format!("{} {model}", o.order_no),
            note: String::new(),
            by: names.user(o.owner_id),
            href: href.clone(),
        });
        let handed_over = delivered_on.iter().find(|(id, _)| *id == o.id).map(|(_, at)| *at);
        if let Some(at) = handed_over {
            let vin = vehicles.iter().find(|v| v.order_id == Some(o.id)).map(|v| v.vin.clone()).unwrap_or_default();
            moments.push(Moment {
                at,
                kind: "delivery",
                labels: Vec::new(),
                subject: format!("{model} {vin}").trim().to_string(),
                note: String::new(),
                by: names.user(o.owner_id),
                href,
            });
        }
    }
    Ok(moments)
}
