//! Logistics' cards on the home page: trucks on the way to the store (the gate's work), and for
//! the general manager the transfers waiting for a decision. Each counts what its list shows.

use crate::html::home::{Card, CardCtx, CardItem};
use app::PageRequest;
use domain::inventory::{ShipmentStatus, TransferStatus};
use domain::org::Actor;
use domain::rbac::Permission;

pub fn home_cards(app: &app::App, actor: &Actor, cc: &CardCtx) -> Result<Vec<Card>, app::AppError> {
    let l = cc.l;
    let first = PageRequest::new(Some(1), Some(5));
    let mut cards = Vec::new();
    if actor.can(Permission::VehicleManage) {
        let trucks = app::inventory::shipments::list(app, actor, Some(ShipmentStatus::InTransit), first)?;
        cards.push(Card {
            id: "queue-trucks-coming".into(),
            title: l.t("queue-trucks-coming"),
            hint: l.t("queue-trucks-coming-hint"),
            count: trucks.total,
            href: "/shipments?status=in_transit".into(),
            empty: l.t("queue-trucks-coming-empty"),
            items: trucks
                .items
                .into_iter()
                .map(|s| CardItem {
                    href: format!("/shipments/{}", s.id),
                    title: s.carrier.clone(),
                    detail: match s.eta {
                        Some(d) => format!(
                            "{} · {} {d}",
                            l.t_args("queue-trucks-vehicles", &[("n", s.count.to_string())]),
                            l.t("field-eta")
                        ),
                        None => l.t_args("queue-trucks-vehicles", &[("n", s.count.to_string())]),
                    },
                    number: s.number,
                    badge: None,
                    age: cc.age(&s.shipped_at),
                })
                .collect(),
        });
    }
    if actor.can(Permission::TransferApprove) {
        let waiting = app::inventory::transfers::list(app, actor, Some(TransferStatus::Requested), first)?;
        cards.push(Card {
            id: "queue-transfers-to-approve".into(),
            title: l.t("queue-transfers-to-approve"),
            hint: l.t("queue-transfers-to-approve-hint"),
            count: waiting.total,
            href: "/transfers?status=requested".into(),
            empty: l.t("queue-transfers-to-approve-empty"),
            items: waiting
                .items
                .into_iter()
                .map(|t| CardItem {
                    href: format!("/transfers/{}", t.id),
                    title: t.reason.clone(),
                    detail: t.vehicles.iter().map(|v| v.vin.clone()).collect::<Vec<_>>().join(" "),
                    number: t.number,
                    badge: None,
                    age: cc.age(&t.created_at),
                })
                .collect(),
        });
    }
    Ok(cards)
}
