//! Delivery's cards on the home page: the advisor's handovers of the coming week, and for the
//! sales managers tomorrow's with what still blocks each.

use crate::html::cards::{Card, CardCtx, CardItem};
use app::delivery::CalendarEntry;
use chrono::Duration;
use domain::org::Actor;
use domain::rbac::Permission;

fn item(cc: &CardCtx, e: &CalendarEntry) -> CardItem {
    let l = cc.l;
    let blocked = e.blockers.iter().map(|b| l.t(&format!("delivery-blocker-{}", b.code()))).collect::<Vec<_>>();
    CardItem {
        href: format!("/orders/{}#delivery-box", e.order_id),
        title: e.customer_name.clone(),
        detail: if blocked.is_empty() { e.advisor.clone() } else { blocked.join("；") },
        number: e.order_no.clone(),
        badge: Some(if e.blockers.is_empty() {
            (l.t("delivery-ready"), "text-bg-success")
        } else {
            (l.t("delivery-blocked"), "text-bg-warning")
        }),
        age: format!("{} {}", e.booking.day.format("%m-%d"), e.booking.start),
    }
}

fn card(cc: &CardCtx, id: &str, href: String, entries: Vec<CalendarEntry>) -> Card {
    let l = cc.l;
    Card {
        id: id.into(),
        title: l.t(id),
        hint: l.t(&format!("{id}-hint")),
        count: i64::try_from(entries.len()).unwrap_or(0),
        href,
        empty: l.t(&format!("{id}-empty")),
        items: entries.iter().take(5).map(|e| item(cc, e)).collect(),
    }
}

/// The reader's open follow-ups after delivery (callbacks, detractors), the first due first.
fn tasks(app: &app::App, actor: &Actor, cc: &CardCtx) -> Result<Option<Card>, app::AppError> {
    let l = cc.l;
    let open = app::delivery::my_tasks(app, actor)?;
    if open.is_empty() && !actor.can(Permission::DeliveryHandOver) {
        return Ok(None);
    }
    Ok(Some(Card {
        id: "queue-delivery-tasks".into(),
        title: l.t("queue-delivery-tasks"),
        hint: l.t("queue-delivery-tasks-hint"),
        count: i64::try_from(open.len()).unwrap_or(0),
        href: "/delivery-tasks".into(),
        empty: l.t("queue-delivery-tasks-empty"),
        items: open
            .iter()
            .take(5)
            .map(|t| CardItem {
                href: format!("/orders/{}#task-{}", t.order_id, t.id),
                title: t.customer_name.clone().unwrap_or_default(),
                detail: l.t(&format!("task-{}", t.kind.code())),
                number: t.order_no.clone().unwrap_or_default(),
                badge: (t.due_at < cc.now).then(|| (l.t("task-overdue"), "text-bg-danger")),
                age: cc.age(&t.due_at),
            })
            .collect(),
    }))
}

pub fn home_cards(app: &app::App, actor: &Actor, cc: &CardCtx) -> Result<Vec<Card>, app::AppError> {
    let mut cards = Vec::new();
    if actor.can(Permission::OrderRead) {
        cards.extend(tasks(app, actor, cc)?);
    }
    if !actor.can(Permission::DeliveryHandOver) {
        return Ok(cards);
    }
    let today = app::kernel::calendar::today(app, actor)?;
    if actor.scope == domain::rbac::DataScope::Own {
        let week = app::delivery::between(app, actor, today, today + Duration::days(6), true)?;
        cards.push(card(cc, "queue-my-deliveries", format!("/deliveries?start={today}&days=7&mine=1"), week));
    }
    if actor.can(Permission::DeliveryInspect) {
        let tomorrow = today + Duration::days(1);
        let due = app::delivery::between(app, actor, tomorrow, tomorrow, false)?;
        cards.push(card(cc, "queue-deliveries-tomorrow", format!("/deliveries?start={tomorrow}&days=1"), due));
    }
    Ok(cards)
}
