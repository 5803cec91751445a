//! What a capability adds to the web layer, declared once per capability next to its pages
//! (`html::<capability>::WEB`) and listed once in `capabilities::ALL`: its pages' and its API's
//! routes, its operations in the API document, its menu entries, its home cards and the panels it
//! shows on another capability's page. The router, the API document, the menu, the home page and
//! the order page read these lists; none of them names a capability.

use crate::AppState;
use axum::Router;

/// One capability's web declarations.
pub struct Web {
    /// The capability's name, as in `app::capabilities::ALL`.
    pub name: &'static str,
    /// Its pages.
    pub pages: fn() -> Router<AppState>,
    /// Its JSON API, under `/api/v1`.
    pub api: fn() -> Router<AppState>,
    /// Its operations in the API document.
    pub api_doc: fn() -> utoipa::openapi::OpenApi,
    pub menu: &'static [crate::menu::MenuEntry],
    pub home_cards: Option<crate::html::cards::CardSource>,
    /// The boxes it shows on the order page.
    pub order_panels: &'static [&'static crate::html::panels::OrderPanel],
    /// The boxes it shows on the repair order page.
    pub repair_order_panels: &'static [&'static crate::html::panels::RepairOrderPanel],
}

/// What is wrong with a set of declarations: a name twice, or two menu entries with one link.
pub fn problems(all: &[&Web]) -> Vec<String> {
    let mut out = Vec::new();
    let mut names = std::collections::BTreeSet::new();
    let mut links = std::collections::BTreeMap::new();
    for w in all {
        if !names.insert(w.name) {
            out.push(format!("capability {} registered twice", w.name));
        }
        for m in w.menu {
            if let Some(first) = links.insert(m.href, w.name) {
                out.push(format!("menu entry {} declared by {first} and {}", m.href, w.name));
            }
        }
    }
    out
}
