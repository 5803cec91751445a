//! Parts' pages: the catalogue with the store's stock, a part's shelves and ledger, the parts
//! store's counter to the workshop (issue, take back) and purchase orders to the maker.

mod catalogue;
mod counter;
mod purchases;

use crate::html::cards::{Card, CardCtx, CardItem};
use axum::Router;
use domain::org::Actor;
use domain::rbac::{Permission, Role};

/// What parts adds to the web layer (listed in `capabilities::ALL`).
pub(crate) const WEB: crate::registry::Web = crate::registry::Web {
    name: "parts",
    pages: routes,
    api: crate::api::parts::routes,
    api_doc: || <crate::api::parts::Doc as utoipa::OpenApi>::openapi(),
    menu: MENU,
    home_cards: Some(home_cards),
    order_panels: &[],
    repair_order_panels: &[],
};

const MENU: &[crate::menu::MenuEntry] = &[
    crate::menu::MenuEntry {
        group: crate::menu::MenuSection::Service,
        position: 3,
        href: "/parts",
        label: "nav-parts",
        permission: Permission::PartsRead,
    },
    crate::menu::MenuEntry {
        group: crate::menu::MenuSection::Service,
        position: 4,
        href: "/parts/requests",
        label: "nav-part-requests",
        permission: Permission::PartsIssue,
    },
    crate::menu::MenuEntry {
        group: crate::menu::MenuSection::Service,
        position: 5,
        href: "/parts/purchase-orders",
        label: "nav-purchase-orders",
        permission: Permission::PartsPurchase,
    },
];

pub fn routes() -> Router<crate::AppState> {
    catalogue::routes().merge(counter::routes()).merge(purchases::routes())
}

/// The parts clerk's queues: parts the workshop waits for, pieces to take back, shelves to
/// reorder.
fn home_cards(app: &app::App, actor: &Actor, cc: &CardCtx) -> Result<Vec<Card>, app::AppError> {
    if actor.role != Role::PartsClerk {
        return Ok(Vec::new());
    }
    let l = cc.l;
    let page = app::PageRequest::new(Some(1), Some(20));
    let mut cards = Vec::new();
    for (id, status, href) in [
        ("queue-parts-to-issue", domain::parts::RequestStatus::Open, "/parts/requests"),
        ("queue-parts-to-return", domain::parts::RequestStatus::ToReturn, "/parts/requests?status=to_return"),
    ] {
        let f = app::parts::RequestFilter { status: Some(status), q: None };
        let rows = app::parts::queue(app, actor, &f, page)?;
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
                .take(5)
                .map(|r| CardItem {
                    href: format!("/parts/requests?q={}", r.repair_order_number),
                    title: format!("{} × {}", r.name, r.quantity),
                    detail: r.plate.clone().unwrap_or_default(),
                    number: r.part_no.clone(),
                    badge: None,
                    age: r.repair_order_number.clone(),
                })
                .collect(),
        });
    }
    let low = app::parts::suggestions(app, actor)?;
    cards.push(Card {
        id: "queue-parts-reorder".into(),
        title: l.t("queue-parts-reorder"),
        hint: l.t("queue-parts-reorder-hint"),
        count: i64::try_from(low.len()).unwrap_or(0),
        href: "/parts/purchase-orders".into(),
        empty: l.t("queue-parts-reorder-empty"),
        items: low
            .iter()
            .take(5)
            .map(|s| CardItem {
                href: format!("/parts/{}", s.part_id),
                title: s.name.clone(),
                detail: l.t_args(
                    "part-reorder-line",
                    &[("on_hand", s.on_hand.to_string()), ("point", s.reorder_point.to_string())],
                ),
                number: s.part_no.clone(),
                badge: None,
                age: s.warehouse.clone(),
            })
            .collect(),
    });
    Ok(cards)
}

/// A request status's words and badge colour.
pub(crate) fn request_badge(l: crate::i18n::Locale, s: domain::parts::RequestStatus) -> (String, &'static str) {
    use domain::parts::RequestStatus as S;
    let colour = match s {
        S::Open => "text-bg-warning",
        S::Issued => "text-bg-success",
        S::ToReturn => "text-bg-danger",
        S::Returned | S::Cancelled => "text-bg-light border",
    };
    (l.t(&format!("part-request-{}", s.code())), colour)
}

/// A purchase order status's words and badge colour.
pub(crate) fn purchase_badge(l: crate::i18n::Locale, s: domain::parts::PurchaseStatus) -> (String, &'static str) {
    use domain::parts::PurchaseStatus as S;
    let colour = match s {
        S::Draft => "text-bg-secondary",
        S::Ordered => "text-bg-primary",
        S::PartlyReceived => "text-bg-info",
        S::Received => "text-bg-success",
        S::Cancelled => "text-bg-dark",
    };
    (l.t(&format!("purchase-status-{}", s.code())), colour)
}
