//! Finance's cards on the home page: payments waiting for confirmation, refunds to approve.
//! Each counts exactly what its workspace tab lists.

use crate::html::cards::{Card, CardCtx, CardItem};
use app::PageRequest;
use app::finance::workspace::{self, PaymentQuery};
use domain::Money;
use domain::finance::RefundStatus;
use domain::org::Actor;
use domain::rbac::Permission;

pub fn home_cards(app: &app::App, actor: &Actor, cc: &CardCtx) -> Result<Vec<Card>, app::AppError> {
    if !actor.can(Permission::PaymentConfirm) {
        return Ok(Vec::new());
    }
    let l = cc.l;
    let first = PageRequest::new(Some(1), Some(5));
    let waiting = workspace::payments(
        app,
        actor,
        &PaymentQuery { status: Some("registered".into()), ..PaymentQuery::default() },
        first,
    )?;
    let refunds = workspace::refunds(app, actor, Some(RefundStatus::Requested), first)?;
    let payment_card = Card {
        id: "queue-payments-to-confirm".into(),
        title: l.t("queue-payments-to-confirm"),
        hint: l.t("queue-payments-to-confirm-hint"),
        count: waiting.total,
        href: "/finance?tab=confirm".into(),
        empty: l.t("queue-payments-to-confirm-empty"),
        items: waiting
            .items
            .into_iter()
            .map(|p| CardItem {
                href: format!("/orders/{}#money", p.payment.order_id),
                title: p.customer_name,
                detail: format!(
                    "{} · {}",
                    l.t(&format!("pay-kind-{}", p.payment.kind.code())),
                    Money::from_fen(p.payment.amount_fen)
                ),
                number: p.order_no,
                badge: None,
                age: cc.age(&p.payment.registered_at),
            })
            .collect(),
    };
    let refund_card = Card {
        id: "queue-refunds-to-approve".into(),
        title: l.t("queue-refunds-to-approve"),
        hint: l.t("queue-refunds-to-approve-hint"),
        count: refunds.total,
        href: "/finance?tab=refunds".into(),
        empty: l.t("queue-refunds-to-approve-empty"),
        items: refunds
            .items
            .into_iter()
            .map(|r| CardItem {
                href: format!("/orders/{}#money", r.refund.order_id),
                title: r.customer_name,
                detail: Money::from_fen(r.refund.amount_fen).to_string(),
                number: r.order_no,
                badge: None,
                age: cc.age(&r.refund.requested_at),
            })
            .collect(),
    };
    Ok(vec![payment_card, refund_card])
}
