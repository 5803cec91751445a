//! A car's service history page (维修履历), printable.

use crate::AppState;
use crate::error::WebError;
use crate::extract::Id;
use crate::html::{Ctx, render};
use crate::session::{Need, ServiceRead};
use app::service::VehicleHistory;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;

pub fn routes() -> Router<AppState> {
    Router::new().route("/service/vehicles/{id}/history", get(show))
}

#[derive(Template)]
#[template(path = "service/history.html")]
struct HistoryPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    h: VehicleHistory,
}

impl HistoryPage {
    fn status(&self, s: &domain::service::RepairStatus) -> (String, &'static str) {
        super::status_badge(&self.ctx, *s)
    }
    fn code_of(&self, prefix: &str, code: &str) -> String {
        self.ctx.t(&format!("{prefix}-{code}"))
    }
    fn hours(&self, x100: &i32) -> String {
        format!("{:.2}", f64::from(*x100) / 100.0)
    }
}

async fn show(
    State(state): State<AppState>,
    Need(staff, _): Need<ServiceRead>,
    Id(id): Id,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let h = state.run(move |app| app::service::vehicle_history(app, &actor, id)).await?;
    let l = staff.locale();
    let car = h.plate.clone().unwrap_or_else(|| h.vin.clone());
    render(&HistoryPage {
        ctx: Ctx::new(&staff, "/service/repair-orders", None),
        crumbs: vec![
            (l.t("nav-repair-orders"), "/service/repair-orders".into()),
            (format!("{car} · {}", l.t("service-history")), String::new()),
        ],
        h,
    })
}
