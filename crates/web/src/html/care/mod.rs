//! Customer care's pages: the callbacks due (回访) with the call's record, and complaints (投诉)
//! from taking one to the customer's acceptance.

mod callbacks;
mod complaints;
mod reminders;
mod schedules;

use crate::html::cards::{Card, CardCtx, CardItem};
use axum::Router;
use domain::org::Actor;
use domain::rbac::Permission;

/// What customer care adds to the web layer (listed in `capabilities::ALL`).
pub(crate) const WEB: crate::registry::Web = crate::registry::Web {
    name: "care",
    pages: routes,
    api: crate::api::care::routes,
    api_doc: || <crate::api::care::Doc as utoipa::OpenApi>::openapi(),
    menu: MENU,
    home_cards: Some(home_cards),
    order_panels: &[],
    repair_order_panels: &[],
};

const MENU: &[crate::menu::MenuEntry] = &[
    crate::menu::MenuEntry {
        group: crate::menu::MenuSection::Crm,
        position: 20,
        href: "/care/callbacks",
        label: "nav-callbacks",
        permission: Permission::CareRead,
    },
    crate::menu::MenuEntry {
        group: crate::menu::MenuSection::Crm,
        position: 21,
        href: "/care/complaints",
        label: "nav-complaints",
        permission: Permission::CareRead,
    },
    crate::menu::MenuEntry {
        group: crate::menu::MenuSection::Crm,
        position: 22,
        href: "/care/reminders",
        label: "nav-reminders",
        permission: Permission::CareRead,
    },
    crate::menu::MenuEntry {
        group: crate::menu::MenuSection::Settings,
        position: 12,
        href: "/care/service-schedules",
        label: "nav-service-schedules",
        permission: Permission::CatalogueManage,
    },
];

pub fn routes() -> Router<crate::AppState> {
    callbacks::routes().merge(complaints::routes()).merge(reminders::routes()).merge(schedules::routes())
}

/// Customer service's calls due today; complaints the reader owns; overdue complaints for those
/// who manage them.
fn home_cards(app: &app::App, actor: &Actor, cc: &CardCtx) -> Result<Vec<Card>, app::AppError> {
    let l = cc.l;
    let page = app::PageRequest::new(Some(1), Some(5));
    let today = app::kernel::calendar::today(app, actor)?;
    let mut cards = Vec::new();
    if actor.can(Permission::CallbackRecord) {
        let f = app::care::CallbackFilter {
            status: Some(domain::care::CallbackStatus::Open),
            due_by: Some(today),
            ..Default::default()
        };
        let rows = app::care::callbacks(app, actor, &f, page)?;
        cards.push(Card {
            id: "queue-callbacks-due".into(),
            title: l.t("queue-callbacks-due"),
            hint: l.t("queue-callbacks-due-hint"),
            count: rows.total,
            href: "/care/callbacks".into(),
            empty: l.t("queue-callbacks-due-empty"),
            items: rows
                .items
                .iter()
                .map(|r| CardItem {
                    href: format!("/care/callbacks/{}", r.id),
                    title: r.customer_name.clone(),
                    detail: l.t(&format!("callback-kind-{}", r.kind.code())),
                    number: r.subject.clone(),
                    badge: None,
                    age: r.due_on.to_string(),
                })
                .collect(),
        });
    }
    let mut complaint_card = |id: &str, f: app::care::ComplaintFilter, href: &str| -> Result<(), app::AppError> {
        let rows = app::care::complaints(app, actor, &f, page)?;
        cards.push(Card {
            id: id.into(),
            title: l.t(id),
            hint: l.t(&format!("{id}-hint")),
            count: rows.total,
            href: href.into(),
            empty: l.t(&format!("{id}-empty")),
            items: rows
                .items
                .iter()
                .map(|r| CardItem {
                    href: format!("/care/complaints/{}", r.id),
                    title: r.customer_name.clone(),
                    detail: l.t(&format!("complaint-category-{}", r.category.code())),
                    number: r.number.clone(),
                    badge: r.overdue.then(|| (l.t("complaint-overdue"), "text-bg-danger")),
                    age: r.due_on.to_string(),
                })
                .collect(),
        });
        Ok(())
    };
    if actor.can(Permission::ComplaintWrite) {
        let f = app::care::ComplaintFilter {
            status: Some(domain::care::ComplaintStatus::Open),
            owner_id: Some(actor.user_id.0),
            ..Default::default()
        };
        complaint_card("queue-complaints-mine", f, "/care/complaints?owner=me")?;
    }
    if actor.can(Permission::ComplaintManage) {
        let f = app::care::ComplaintFilter { overdue_on: Some(today), ..Default::default() };
        complaint_card("queue-complaints-overdue", f, "/care/complaints?status=overdue")?;
    }
    Ok(cards)
}
