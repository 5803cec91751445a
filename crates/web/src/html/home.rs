use super::{Ctx, Flash, render};
use crate::AppState;
use crate::error::WebError;
use crate::session::Staff;
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use domain::rbac::Permission;

pub fn routes() -> Router<AppState> {
    Router::new().route("/", get(home))
}

#[derive(Template)]
#[template(path = "home.html")]
struct Home {
    ctx: Ctx,
    customers: i64,
    trims: i64,
}

async fn home(State(state): State<AppState>, staff: Staff, Query(f): Query<Flash>) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let (customers, trims) = state
        .run(move |app| {
            let customers = if actor.can(Permission::CustomerRead) {
                let page = app::PageRequest::new(Some(1), Some(20));
                app::customers::list(app, &actor, &Default::default(), page)?.total
            } else {
                0
            };
            let trims = if actor.can(Permission::CatalogueRead) { app::catalogue::trim_count(app, &actor)? } else { 0 };
            Ok((customers, trims))
        })
        .await?;
    render(&Home { ctx: Ctx::new(&staff, "/", f.flash.as_deref()), customers, trims })
}
