//! The sales cards of the home page: one per work queue of the user's role.

use super::list::status_class;
use crate::html::cards::{Card, CardCtx, CardItem};
use app::sales::{Queue, queues};
use domain::org::Actor;

/// The list of everything in a queue.
pub fn queue_href(queue: Queue) -> String {
    format!("/orders?queue={}", queue.code())
}

pub fn home_cards(app: &app::App, actor: &Actor, cc: &CardCtx) -> Result<Vec<Card>, app::AppError> {
    let l = cc.l;
    Ok(queues(app, actor)?
        .into_iter()
        .map(|q| {
            let code = q.queue.code();
            Card {
                id: format!("queue-{code}"),
                title: l.t(&format!("queue-{code}")),
                hint: l.t(&format!("queue-{code}-hint")),
                count: q.count,
                href: queue_href(q.queue),
                empty: l.t(&format!("queue-{code}-empty")),
                items: q
                    .items
                    .into_iter()
                    .map(|o| {
                        let late = q.late.iter().find(|x| x.order_id == o.id);
                        let badge = match late {
                            Some(x) => (
                                super::stages::late_label(l, x.minutes),
                                if x.escalated { "text-bg-danger" } else { "text-bg-warning" },
                            ),
                            None => (l.t(&format!("status-{}", o.status.code())), status_class(o.status.code())),
                        };
                        CardItem {
                            href: format!("/orders/{}", o.id),
                            title: o.customer_name,
                            detail: o.vehicle,
                            number: o.order_no,
                            badge: Some(badge),
                            age: cc.age(&o.updated_at),
                        }
                    })
                    .collect(),
            }
        })
        .collect())
}
