//! Server-rendered staff pages.

pub(crate) mod account;
pub(crate) mod admin;
pub(crate) mod campaigns;
pub(crate) mod cards;
pub(crate) mod care;
pub(crate) mod catalogue;
pub(crate) mod crm;
pub(crate) mod customers;
pub(crate) mod delivery;
pub(crate) mod finance;
mod form;
pub mod history;
pub mod home;
pub(crate) mod inventory;
pub(crate) mod link_page;
pub(crate) mod loaners;
mod login;
pub(crate) mod messages;
pub(crate) mod notifications;
pub(crate) mod panels;
pub(crate) mod parts;
pub(crate) mod sales;
pub(crate) mod service;

use crate::AppState;
use crate::error::WebError;
use crate::i18n::Locale;
use crate::session::{Staff, session_layer};
use askama::Template;
use axum::Router;
use axum::response::Html;
use chrono::NaiveDateTime;
use domain::rbac::Permission;

/// The pages a refused panel form returns to (see `panels`); the panels are registered by the
/// capabilities that show them (`registry::Web::order_panels`).
pub(crate) static PAGES: panels::Pages = panels::Pages { order_page: sales::order_page, buyer_page: sales::buyer_page };

pub fn routes(state: AppState) -> Router<AppState> {
    let mut pages = Router::new().merge(login::routes()).merge(home::routes());
    for w in state.web {
        pages = pages.merge((w.pages)());
    }
    pages
        .merge(account::routes())
        .merge(notifications::routes())
        // An unknown address is the readable "not found" page, not an empty answer.
        .fallback(|| async { crate::error::WebError(app::AppError::NotFound) })
        .layer(axum::middleware::from_fn(crate::error::render_html_errors))
        .layer(axum::middleware::from_fn_with_state(state, session_layer))
}

pub struct MenuItem {
    pub href: &'static str,
    pub label: String,
    pub active: bool,
}

pub struct MenuGroup {
    pub label: String,
    pub items: Vec<MenuItem>,
}

pub struct StoreOption {
    pub id: i64,
    pub label: String,
    pub selected: bool,
}

/// What the layout needs on every staff page.
pub struct Ctx {
    pub l: Locale,
    pub user_name: String,
    pub role_label: String,
    pub csrf: String,
    pub stores: Vec<StoreOption>,
    pub store_label: String,
    pub menu: Vec<MenuGroup>,
    pub flash: Option<String>,
    /// The flash carries a warning to read (it stays until closed).
    pub flash_warns: bool,
    pub path: String,
    pub(crate) tz: chrono_tz::Tz,
    role: domain::rbac::Role,
    scope: domain::rbac::DataScope,
}

pub use crate::menu::{MenuEntry, MenuSection};

/// The menu `actor` sees: each capability's entries they may use, grouped and in order.
fn menu(all: &[&'static MenuEntry], l: Locale, actor: &domain::org::Actor, path: &str) -> Vec<MenuGroup> {
    let mut entries: Vec<&MenuEntry> = all.iter().copied().filter(|e| actor.can(e.permission)).collect();
    entries.sort_by_key(|e| (e.group, e.position));
    // The page's entry is the longest one its path starts with (`/stock/aging`, not `/stock`).
    let current = entries.iter().map(|e| e.href).filter(|h| path.starts_with(h)).max_by_key(|h| h.len());
    let mut groups: Vec<(MenuSection, MenuGroup)> = Vec::new();
    for e in entries {
        let item = MenuItem { href: e.href, label: l.t(e.label), active: current == Some(e.href) };
        match groups.last_mut() {
            Some((g, group)) if *g == e.group => group.items.push(item),
            _ => groups.push((e.group, MenuGroup { label: l.t(e.group.label()), items: vec![item] })),
        }
    }
    groups.into_iter().map(|(_, g)| g).collect()
}

impl Ctx {
    pub fn new(staff: &Staff, path: &str, flash: Option<&str>) -> Self {
        let l = staff.locale();
        let actor = staff.actor();
        let menu = menu(&staff.1, l, actor, path);
        let current = staff.0.stores.iter().find(|s| s.id == actor.store_id.0);
        let tz = current.and_then(|s| s.timezone.parse().ok()).unwrap_or(chrono_tz::Asia::Shanghai);
        Self {
            l,
            user_name: actor.display_name.clone(),
            role_label: l.t(&format!("role-{}", actor.role.code())),
            csrf: staff.0.session.csrf_token.clone(),
            stores: staff
                .0
                .stores
                .iter()
                .filter(|s| s.active)
                .map(|s| StoreOption {
                    id: s.id,
                    label: format!("{} {}", s.code, s.name),
                    selected: s.id == actor.store_id.0,
                })
                .collect(),
            store_label: current.map(|s| s.name.clone()).unwrap_or_default(),
            menu,
            flash: flash.map(|f| l.t(&format!("flash-{f}"))),
            flash_warns: flash.is_some_and(|f| f.contains("-id-region-")),
            path: path.to_string(),
            tz,
            role: actor.role,
            scope: actor.scope,
        }
    }

    pub fn t(&self, key: &str) -> String {
        self.l.t(key)
    }

    /// Whether the user may `permission`: a typed permission, so that a misspelt one does not
    /// compile (a string would hide its button silently).
    pub fn can(&self, permission: Permission) -> bool {
        domain::rbac::grants(self.role, self.scope, permission)
    }

    /// `2026-11-23 14:05` in the store's time zone.
    pub fn dt(&self, at: &NaiveDateTime) -> String {
        at.and_utc().with_timezone(&self.tz).format("%Y-%m-%d %H:%M").to_string()
    }

    /// `14:05` in the store's time zone.
    pub fn time(&self, at: &NaiveDateTime) -> String {
        at.and_utc().with_timezone(&self.tz).format("%H:%M").to_string()
    }

    pub fn date(&self, at: &NaiveDateTime) -> String {
        app::kernel::calendar::day_in(self.tz, *at).to_string()
    }

    /// Today in the store's calendar (DOMAIN.md §8): what date fields preset and limit to.
    pub fn today(&self) -> chrono::NaiveDate {
        app::kernel::calendar::day_in(self.tz, chrono::Utc::now().naive_utc())
    }

    pub fn money(&self, fen: &i64) -> String {
        domain::Money::from_fen(*fen).to_string()
    }

    pub fn opt_money(&self, fen: &Option<i64>) -> String {
        fen.map(|f| domain::Money::from_fen(f).to_string()).unwrap_or_default()
    }

    pub fn total_label(&self, total: &i64) -> String {
        self.l.t_args("list-total", &[("total", total.to_string())])
    }

    /// `customer.id_number_viewed` -> the message `audit-customer-id-number-viewed`.
    pub fn action_label(&self, action: &str) -> String {
        self.l.t(&format!("audit-{}", action.replace(['.', '_'], "-")))
    }

    pub fn welcome(&self) -> String {
        self.l.t_args("home-welcome", &[("name", self.user_name.clone())])
    }

    /// The page-size choices with the current one marked.
    pub fn page_sizes(&self, current: &i64) -> Vec<(i64, bool)> {
        app::PageRequest::SIZES.iter().map(|n| (*n, n == current)).collect()
    }

    pub fn can_switch_store(&self) -> bool {
        self.stores.len() > 1
    }
}

/// A column of an exported list: its header's message key and how a row fills it.
pub type Column<'a, R> = (&'static str, &'a dyn Fn(&R) -> documents::xlsx::Cell);

/// A list exported as a one-sheet Excel workbook of `columns`, downloaded as
/// `{name}-{YYYYMMDD}.xlsx`.
pub fn xlsx_download<R>(
    sheet: &str,
    name: &str,
    l: crate::i18n::Locale,
    columns: &[Column<'_, R>],
    rows: impl IntoIterator<Item = R>,
) -> Result<axum::response::Response, WebError> {
    let headers: Vec<String> = columns.iter().map(|(k, _)| l.t(k)).collect();
    let cells = rows.into_iter().map(|r| columns.iter().map(|(_, cell)| cell(&r)).collect());
    xlsx_table(sheet, name, &headers, cells)
}

fn xlsx_table(
    sheet: &str,
    name: &str,
    headers: &[String],
    rows: impl IntoIterator<Item = Vec<documents::xlsx::Cell>>,
) -> Result<axum::response::Response, WebError> {
    use axum::http::header;
    use axum::response::IntoResponse;
    let bytes = documents::xlsx::table(sheet, headers, rows).map_err(|e| WebError(app::AppError::internal(e)))?;
    let filename = format!("{name}-{}.xlsx", chrono::Utc::now().format("%Y%m%d"));
    Ok((
        [
            (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
        ],
        bytes,
    )
        .into_response())
}

pub fn render<T: Template>(t: &T) -> Result<Html<String>, WebError> {
    t.render().map(Html).map_err(|e| WebError(app::AppError::internal(format!("template: {e}"))))
}

/// Query parameter `flash` names a message key shown once as a toast after a redirect.
#[derive(Debug, Default, serde::Deserialize)]
pub struct Flash {
    pub flash: Option<String>,
}

/// Page links for a paginated list, keeping the other query parameters.
pub struct Pager {
    pub page: i64,
    pub pages: i64,
    pub total: i64,
    pub base: String,
}

impl Pager {
    pub fn new<T>(page: &app::Page<T>, path: &str, query: &[(&str, String)]) -> Self {
        let kept: Vec<String> = query
            .iter()
            .filter(|(k, v)| !v.is_empty() && *k != "page")
            .map(|(k, v)| format!("{k}={}", crate::session::urlencode(v)))
            .collect();
        let sep = if kept.is_empty() { "?".to_string() } else { format!("?{}&", kept.join("&")) };
        Self { page: page.page, pages: page.pages(), total: page.total, base: format!("{path}{sep}") }
    }

    pub fn href(&self, page: impl std::borrow::Borrow<i64>) -> String {
        format!("{}page={}", self.base, page.borrow())
    }

    /// The page numbers to show: first, last, and two around the current one.
    pub fn window(&self) -> Vec<i64> {
        let mut v: Vec<i64> =
            (1..=self.pages).filter(|p| *p == 1 || *p == self.pages || (*p - self.page).abs() <= 2).collect();
        v.dedup();
        v
    }

    pub fn has_prev(&self) -> bool {
        self.page > 1
    }

    pub fn has_next(&self) -> bool {
        self.page < self.pages
    }

    pub fn prev(&self) -> i64 {
        self.page - 1
    }

    pub fn next(&self) -> i64 {
        self.page + 1
    }
}

pub use crate::query::{day_start_utc, nonblank, num, parse_date};

/// A QR code of `text` as inline SVG, for the advisor's screen (scanned by the buyer's phone).
pub(crate) fn qr_svg(text: &str) -> String {
    use qrcode::render::svg;
    match qrcode::QrCode::new(text.as_bytes()) {
        Ok(code) => {
            let svg = code.render::<svg::Color>().min_dimensions(176, 176).quiet_zone(true).build();
            // The page embeds the element, not the XML document around it.
            svg.find("<svg").map(|i| svg[i..].to_string()).unwrap_or_default()
        }
        Err(_) => String::new(),
    }
}

/// A PDF answered inline, never kept by shared caches (pages and API alike).
pub(crate) fn finance_pdf(name: &str, bytes: Vec<u8>) -> axum::response::Response {
    finance::pdf_response(name, bytes)
}
