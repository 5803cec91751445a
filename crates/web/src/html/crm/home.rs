//! CRM's cards on the home page: the advisor's follow-ups due today or overdue, the team's
//! overdue follow-ups per advisor for managers, and the lost requests waiting for a manager.
//! Each counts what its list shows.

use crate::html::cards::{Card, CardCtx, CardItem};
use app::PageRequest;
use app::crm::leads::LeadFilter;
use domain::org::Actor;
use domain::rbac::{DataScope, Permission};

pub fn home_cards(app: &app::App, actor: &Actor, cc: &CardCtx) -> Result<Vec<Card>, app::AppError> {
    let l = cc.l;
    let first = PageRequest::new(Some(1), Some(5));
    let mut cards = Vec::new();
    if actor.can(Permission::LeadWrite) && app::crm::sells(actor.role) {
        let (_, due) = app::crm::follow_ups::day_list(app, actor, None, first)?;
        cards.push(Card {
            id: "queue-follow-ups-due".into(),
            title: l.t("queue-follow-ups-due"),
            hint: l.t("queue-follow-ups-due-hint"),
            count: due.total,
            href: "/follow-ups".into(),
            empty: l.t("queue-follow-ups-due-empty"),
            items: due
                .items
                .into_iter()
                .map(|x| CardItem {
                    href: format!("/leads/{}", x.lead.id),
                    title: x.lead.customer_name.clone(),
                    detail: format!(
                        "{} · {}",
                        l.t(&format!("lead-tier-{}", x.lead.tier.code())),
                        x.lead.customer_mobile
                    ),
                    number: x.follow_up.due_on.to_string(),
                    badge: x.lead.overdue.then(|| (l.t("lead-overdue"), "text-bg-danger")),
                    age: String::new(),
                })
                .collect(),
        });
    }
    if actor.can(Permission::LeadAssign) && actor.scope != DataScope::Own {
        let counts: Vec<_> =
            app::crm::follow_ups::due_counts(app, actor)?.into_iter().filter(|c| c.overdue > 0).collect();
        cards.push(Card {
            id: "queue-follow-ups-slipping".into(),
            title: l.t("queue-follow-ups-slipping"),
            hint: l.t("queue-follow-ups-slipping-hint"),
            count: counts.iter().map(|c| c.overdue).sum(),
            href: "/leads?overdue=true&stage=open".into(),
            empty: l.t("queue-follow-ups-slipping-empty"),
            items: counts
                .into_iter()
                .take(5)
                .map(|c| CardItem {
                    href: format!("/leads?owner_id={}&overdue=true&stage=open", c.owner_id),
                    title: c.owner_name.clone(),
                    detail: l.t_args("queue-follow-ups-overdue-n", &[("n", c.overdue.to_string())]),
                    number: String::new(),
                    badge: None,
                    age: String::new(),
                })
                .collect(),
        });
    }
    if actor.can(Permission::LeadLostApprove) {
        let filter = LeadFilter { lost_pending: true, ..Default::default() };
        let waiting = app::crm::leads::list(app, actor, &filter, first)?;
        cards.push(Card {
            id: "queue-lost-to-approve".into(),
            title: l.t("queue-lost-to-approve"),
            hint: l.t("queue-lost-to-approve-hint"),
            count: waiting.total,
            href: "/leads?lost_pending=true".into(),
            empty: l.t("queue-lost-to-approve-empty"),
            items: waiting
                .items
                .into_iter()
                .map(|x| CardItem {
                    href: format!("/leads/{}", x.id),
                    title: x.customer_name.clone(),
                    detail: x.lost_reason.map(|r| l.t(&format!("lead-lost-reason-{}", r.code()))).unwrap_or_default(),
                    number: x.owner_name.clone(),
                    badge: None,
                    age: String::new(),
                })
                .collect(),
        });
    }
    Ok(cards)
}
