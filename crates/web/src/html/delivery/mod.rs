//! Delivery's pages: the delivery box on the order page (what blocks the handover, the
//! inspections, the handover), the PDI checklist and the handover form, both made for a phone or
//! a tablet on the lot.

pub(crate) mod buyer;
mod calendar;
mod checklists;
mod forms;
mod home;

use crate::html::Ctx;
use crate::html::panels::{Loaded, OrderPanel};
use app::delivery::Delivery;
use askama::Template;
use axum::Router;

/// What delivery adds to the web layer (listed in `capabilities::ALL`).
pub(crate) const WEB: crate::registry::Web = crate::registry::Web {
    name: "delivery",
    pages: routes,
    api: crate::api::delivery::routes,
    api_doc: || <crate::api::delivery::Doc as utoipa::OpenApi>::openapi(),
    menu: MENU,
    home_cards: Some(home::home_cards),
    order_panels: &[&DELIVERY_PANEL],
    repair_order_panels: &[],
};

const MENU: &[crate::menu::MenuEntry] = &[
    crate::menu::MenuEntry {
        group: crate::menu::MenuSection::Orders,
        position: 2,
        href: "/deliveries",
        label: "nav-deliveries",
        permission: domain::rbac::Permission::OrderRead,
    },
    crate::menu::MenuEntry {
        group: crate::menu::MenuSection::Settings,
        position: 9,
        href: "/admin/delivery-hours",
        label: "nav-delivery-hours",
        permission: domain::rbac::Permission::DeliverySettingsManage,
    },
    crate::menu::MenuEntry {
        group: crate::menu::MenuSection::Settings,
        position: 10,
        href: "/admin/pdi-checklist",
        label: "nav-pdi-checklist",
        permission: domain::rbac::Permission::DeliverySettingsManage,
    },
];

pub fn routes() -> Router<crate::AppState> {
    forms::routes().merge(buyer::routes()).merge(calendar::routes()).merge(checklists::routes())
}

/// The delivery box on the order page, once the order's car is known.
pub const DELIVERY_PANEL: OrderPanel = OrderPanel { name: "delivery.box", load, render };

fn load(app: &app::App, actor: &domain::org::Actor, o: &app::sales::OrderView) -> app::AppResult<Loaded> {
    let stage = o.order.stage;
    if !matches!(stage, domain::sales::StageName::Approved | domain::sales::StageName::Closed) {
        return Ok(Box::new(None::<Delivery>));
    }
    let d = app::delivery::of_order(app, actor, o.order.id)?;
    Ok(Box::new(d.vin.is_some().then_some(d)))
}

#[derive(Template)]
#[template(path = "delivery/box.html")]
struct DeliveryBox<'a> {
    ctx: &'a Ctx,
    d: &'a Delivery,
}

impl DeliveryBox<'_> {
    fn can(&self, action: &str) -> bool {
        self.d.actions.contains(&action)
    }

    fn item(&self, key: &str) -> String {
        item_label(self.ctx, self.d, key)
    }

    fn blocker(&self, b: &domain::delivery::Blocker) -> String {
        self.ctx.t(&format!("delivery-blocker-{}", b.code()))
    }

    fn document(&self, d: &domain::delivery::HandoverDocument) -> String {
        self.ctx.t(&format!("handover-document-{}", d.code()))
    }
}

fn render(ctx: &Ctx, _o: &app::sales::OrderView, data: Loaded, _open: &str, _again: Option<Loaded>) -> String {
    let Ok(data) = data.downcast::<Option<Delivery>>() else { return String::new() };
    match *data {
        Some(d) => DeliveryBox { ctx, d: &d }.render().unwrap_or_default(),
        None => String::new(),
    }
}

/// A checklist item's words: a store's own item's label, else the locale's `pdi-item-<key>`.
pub(super) fn item_label(ctx: &Ctx, d: &Delivery, key: &str) -> String {
    match d.own_labels.iter().find(|(k, _)| k == key) {
        Some((_, label)) => label.clone(),
        None => ctx.t(&format!("pdi-item-{key}")),
    }
}
