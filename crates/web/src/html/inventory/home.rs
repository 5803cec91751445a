//! Logistics' cards on the home page: trucks on the way to the store (the gate's work), the
//! stock thresholds crossed now (the in-app side of the stock alert), and for the general
//! manager the transfers waiting for a decision. Each counts what its list shows.

use crate::html::cards::{Card, CardCtx, CardItem};
use app::PageRequest;
use domain::inventory::{Level, ShipmentStatus, TransferStatus};
use domain::org::Actor;
use domain::rbac::Permission;

pub fn home_cards(app: &app::App, actor: &Actor, cc: &CardCtx) -> Result<Vec<Card>, app::AppError> {
    let l = cc.l;
    let first = PageRequest::new(Some(1), Some(5));
    let mut cards = Vec::new();
    if actor.can(Permission::VehicleManage) {
        let trucks = app::inventory::shipments::list(app, actor, Some(ShipmentStatus::InTransit), first)?;
        // A truck past its ETA is still 在途, but late: marked, so that logistics calls the carrier.
        let today = app::kernel::calendar::today(app, actor)?;
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
                    badge: s.eta.filter(|eta| *eta < today).map(|eta| {
                        (
                            l.t_args("queue-trucks-late", &[("days", (today - eta).num_days().to_string())]),
                            "text-bg-danger",
                        )
                    }),
                    number: s.number,
                    age: cc.age(&s.shipped_at),
                })
                .collect(),
        });
    }
    if actor.can(Permission::VehicleManage) {
        cards.push(stock_alerts(app, actor, cc)?);
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

/// The store's thresholds at low or high now, longest first: what to reorder or sell off.
fn stock_alerts(app: &app::App, actor: &Actor, cc: &CardCtx) -> Result<Card, app::AppError> {
    let l = cc.l;
    let names = app::inventory::stock::names(app, actor)?;
    let mut crossed: Vec<_> =
        app::inventory::thresholds::of_store(app, actor)?.into_iter().filter(|t| t.level != Level::Normal).collect();
    crossed.sort_by_key(|t| t.level_since);
    Ok(Card {
        id: "queue-stock-alerts".into(),
        title: l.t("queue-stock-alerts"),
        hint: l.t("queue-stock-alerts-hint"),
        count: i64::try_from(crossed.len()).unwrap_or(0),
        href: "/stock/thresholds?level=crossed".into(),
        empty: l.t("queue-stock-alerts-empty"),
        items: crossed
            .into_iter()
            .take(5)
            .map(|t| {
                let limit = if t.level == Level::Low { t.low } else { t.high };
                CardItem {
                    href: "/stock/thresholds".into(),
                    title: names.model_or_trim(t.model_id, t.trim_id),
                    detail: l.t_args(
                        &format!("queue-stock-alert-{}", t.level.code()),
                        &[("n", t.count.to_string()), ("limit", limit.unwrap_or_default().to_string())],
                    ),
                    number: String::new(),
                    badge: Some((
                        l.t(&format!("stock-level-{}", t.level.code())),
                        if t.level == Level::Low { "text-bg-danger" } else { "text-bg-warning" },
                    )),
                    age: t.level_since.map(|s| cc.age(&s)).unwrap_or_default(),
                }
            })
            .collect(),
    })
}
