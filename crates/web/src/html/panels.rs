//! Boxes a capability shows on another capability's page, and the pages a box's refused form
//! is shown again on. The order page shows the panels registered in `html::PAGES` (inventory's
//! vehicle box, finance's money box) without naming them; a box's form that is refused asks for
//! the order page (or the buyer's page) through the same registry, without naming sales.

use crate::AppState;
use crate::error::WebError;
use crate::html::Ctx;
use crate::i18n::Locale;
use crate::session::Staff;
use axum::http::HeaderMap;
use axum::response::{Html, Response};
use std::any::Any;
use std::future::Future;
use std::pin::Pin;

/// What a panel loaded for one page, kept by the page until the panel renders it.
pub type Loaded = Box<dyn Any + Send>;

/// A panel's form refused: the state it is shown again with (which form, what was typed, the
/// fields' messages), for the panel named `panel`.
pub struct Again {
    pub panel: &'static str,
    pub state: Loaded,
}

/// A box on the order page.
pub struct OrderPanel {
    /// `capability.box`, for [`Again::panel`].
    pub name: &'static str,
    /// What the box shows, read on the application's thread within the page's one request
    /// (nothing, for a reader without the box's permission).
    pub load: fn(&app::App, &domain::org::Actor, &app::sales::OrderView) -> app::AppResult<Loaded>,
    /// The box's HTML (empty when it has nothing to show); `open` is the page's `?open=`, `again`
    /// the box's refused form.
    pub render: fn(&Ctx, &app::sales::OrderView, Loaded, &str, Option<Loaded>) -> String,
}

/// A box on the repair order page (a loaner car lent against it), without a form of its own
/// there: its actions are pages of the capability that shows it.
pub struct RepairOrderPanel {
    /// What the box shows, read on the application's thread within the page's one request
    /// (nothing, for a reader without the box's permission).
    pub load: fn(&app::App, &domain::org::Actor, &app::service::RepairOrder) -> app::AppResult<Loaded>,
    /// The box's HTML (empty when it has nothing to show).
    pub render: fn(&Ctx, &app::service::RepairOrder, Loaded) -> String,
}

pub type PageFuture<'a> = Pin<Box<dyn Future<Output = Result<Html<String>, WebError>> + Send + 'a>>;
pub type ResponseFuture<'a> = Pin<Box<dyn Future<Output = Result<Response, WebError>> + Send + 'a>>;

/// The order page after a refused action: the messages of `codes`, and the box's form shown again.
pub type OrderPage = for<'a> fn(&'a AppState, &'a Staff, i64, &'a [&'a str], Option<Again>) -> PageFuture<'a>;

/// The buyer's page after their action: a message, or the refusal.
pub type BuyerPage = for<'a> fn(
    &'a AppState,
    Locale,
    &'a HeaderMap,
    String,
    Option<String>,
    Option<&'a app::AppError>,
) -> ResponseFuture<'a>;

/// The registry of panels and pages (`html::PAGES`), carried by the application state.
pub struct Pages {
    pub order_page: OrderPage,
    pub buyer_page: BuyerPage,
}

/// The order page again, with `codes` and the refused box's form (see [`OrderPage`]).
pub async fn order_page(
    state: &AppState,
    staff: &Staff,
    id: i64,
    codes: &[&str],
    again: Option<Again>,
) -> Result<Html<String>, WebError> {
    (state.pages.order_page)(state, staff, id, codes, again).await
}

/// The buyer's page again (see [`BuyerPage`]).
pub async fn buyer_page(
    state: &AppState,
    l: Locale,
    headers: &HeaderMap,
    token: String,
    message: Option<String>,
    error: Option<&app::AppError>,
) -> Result<Response, WebError> {
    (state.pages.buyer_page)(state, l, headers, token, message, error).await
}
