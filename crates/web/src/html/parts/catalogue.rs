//! The catalogue: a search by number or name with the store's stock, a part's page (shelves,
//! reorder levels, stock count, ledger) and the form that adds or changes a part.

use crate::AppState;
use crate::error::WebError;
use crate::extract::{Form, Id};
use crate::html::messages::Messages;
use crate::html::{Ctx, Flash, Pager, render};
use crate::session::{Need, PartsCatalogueManage, PartsIssue, PartsRead, Staff};
use app::parts::{AdjustInput, LevelsInput, PartDetail, PartInput, PartView};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::service::System;
use std::collections::BTreeMap;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/parts", get(list).post(create))
        .route("/parts/new", get(new_page))
        .route("/parts/{id}", get(show).post(update))
        .route("/parts/{id}/edit", get(edit_page))
        .route("/parts/{id}/levels", post(levels))
        .route("/parts/{id}/count", post(count))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    q: String,
    system: String,
    page: Option<i64>,
    per_page: Option<i64>,
}

#[derive(Template)]
#[template(path = "parts/list.html")]
struct ListPage {
    ctx: Ctx,
    rows: Vec<PartView>,
    pager: Pager,
    q: String,
    system: String,
    systems: Vec<System>,
}

async fn list(
    State(state): State<AppState>,
    Need(staff, _): Need<PartsRead>,
    Query(q): Query<ListQuery>,
    Query(flash): Query<Flash>,
) -> Result<Html<String>, WebError> {
    use domain::Code;
    let actor = staff.actor().clone();
    let f = app::parts::PartFilter { q: Some(q.q.clone()), system: System::from_code(q.system.trim()) };
    let page = app::PageRequest::new(q.page, q.per_page);
    let rows = state.run(move |app| app::parts::search(app, &actor, &f, page)).await?;
    let pager = Pager::new(&rows, "/parts", &[("q", q.q.clone()), ("system", q.system.clone())]);
    render(&ListPage {
        ctx: Ctx::new(&staff, "/parts", flash.flash.as_deref()),
        rows: rows.items,
        pager,
        q: q.q,
        system: q.system,
        systems: System::ALL.to_vec(),
    })
}

#[derive(Template)]
#[template(path = "parts/form.html")]
struct FormPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    /// The part changed, with its version; `None`: a new one.
    editing: Option<(i64, i64)>,
    f: PartInput,
    systems: Vec<System>,
    messages: Messages,
}

fn yuan(fen: i64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

fn form_page(staff: &Staff, editing: Option<(i64, i64)>, f: PartInput, messages: Messages) -> FormPage {
    let l = staff.locale();
    let title = match editing {
        Some(_) => f.part_no.clone(),
        None => l.t("part-new"),
    };
    FormPage {
        ctx: Ctx::new(staff, "/parts", None),
        crumbs: vec![(l.t("nav-parts"), "/parts".into()), (title, String::new())],
        editing,
        f,
        systems: System::ALL.to_vec(),
        messages,
    }
}

async fn new_page(Need(staff, _): Need<PartsCatalogueManage>) -> Result<Html<String>, WebError> {
    let f = PartInput { system: "maintenance".into(), ..Default::default() };
    render(&form_page(&staff, None, f, Messages::default()))
}

async fn create(
    State(state): State<AppState>,
    Need(staff, _): Need<PartsCatalogueManage>,
    Form(f): Form<PartInput>,
) -> Result<Response, WebError> {
    let (actor, input) = (staff.actor().clone(), f.clone());
    match state.run(move |app| app::parts::create(app, &actor, &input, None)).await {
        Ok(d) => Ok(Redirect::to(&format!("/parts/{}?flash=part-saved", d.part.id)).into_response()),
        Err(e) => {
            let (status, messages) = Messages::of(staff.locale(), e)?;
            Ok((status, render(&form_page(&staff, None, f, messages))?).into_response())
        }
    }
}

async fn edit_page(
    State(state): State<AppState>,
    Need(staff, _): Need<PartsCatalogueManage>,
    Id(id): Id,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let d = state.run(move |app| app::parts::get(app, &actor, id, app::PageRequest::new(Some(1), Some(20)))).await?;
    let p = d.part;
    let f = PartInput {
        part_no: p.part_no,
        name: p.name,
        system: p.system.code().into(),
        list_price: yuan(p.list_price_fen),
        cost: p.cost_fen.map(yuan).unwrap_or_default(),
        fits: p.fits,
        superseded_by: p.superseded_by.unwrap_or_default(),
    };
    render(&form_page(&staff, Some((id, p.version)), f, Messages::default()))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct EditForm {
    version: i64,
    #[serde(flatten)]
    part: PartInput,
}

async fn update(
    State(state): State<AppState>,
    Need(staff, _): Need<PartsCatalogueManage>,
    Id(id): Id,
    Form(f): Form<EditForm>,
) -> Result<Response, WebError> {
    let (actor, input, version) = (staff.actor().clone(), f.part.clone(), f.version);
    match state.run(move |app| app::parts::update(app, &actor, id, version, &input)).await {
        Ok(_) => Ok(Redirect::to(&format!("/parts/{id}?flash=part-saved")).into_response()),
        Err(e) => {
            let (status, messages) = Messages::of(staff.locale(), e)?;
            Ok((status, render(&form_page(&staff, Some((id, version)), f.part, messages))?).into_response())
        }
    }
}

#[derive(Template)]
#[template(path = "parts/show.html")]
struct ShowPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    d: PartDetail,
    pager: Pager,
    /// A refused form (`levels` or `count`) with its messages and what was typed.
    again: crate::html::messages::Again,
}

impl ShowPage {
    fn kind(&self, k: &domain::parts::MovementKind) -> String {
        self.ctx.t(&format!("part-movement-{}", k.code()))
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct PageQuery {
    page: Option<i64>,
    per_page: Option<i64>,
    flash: Option<String>,
}

async fn show_page(
    state: &AppState,
    staff: &Staff,
    id: i64,
    q: &PageQuery,
    again: Option<(&'static str, Messages, BTreeMap<String, String>)>,
) -> Result<ShowPage, WebError> {
    let actor = staff.actor().clone();
    let page = app::PageRequest::new(q.page, q.per_page);
    let d = state.run(move |app| app::parts::get(app, &actor, id, page)).await?;
    let ledger =
        app::Page { items: Vec::<()>::new(), total: d.movements_total, page: page.page, per_page: page.per_page };
    let l = staff.locale();
    // The levels form starts from the first shelf's, so that saving changes only what is typed.
    let again = again.or_else(|| {
        d.shelves.first().map(|s| {
            let typed = BTreeMap::from([
                ("warehouse".to_string(), s.warehouse.clone()),
                ("bin".to_string(), s.bin.clone()),
                ("reorder_point".to_string(), s.reorder_point.to_string()),
                ("reorder_qty".to_string(), s.reorder_qty.to_string()),
            ]);
            ("levels", Messages::default(), typed)
        })
    });
    Ok(ShowPage {
        ctx: Ctx::new(staff, "/parts", q.flash.as_deref()),
        crumbs: vec![(l.t("nav-parts"), "/parts".into()), (d.part.part_no.clone(), String::new())],
        pager: Pager::new(&ledger, &format!("/parts/{id}"), &[]),
        d,
        again: crate::html::messages::Again(again),
    })
}

async fn show(
    State(state): State<AppState>,
    Need(staff, _): Need<PartsRead>,
    Id(id): Id,
    Query(q): Query<PageQuery>,
) -> Result<Html<String>, WebError> {
    render(&show_page(&state, &staff, id, &q, None).await?)
}

/// Back to the part's page: with `flash` on success, the refused form again otherwise.
async fn answer<T>(
    state: &AppState,
    staff: &Staff,
    id: i64,
    result: Result<T, app::AppError>,
    (form, flash): (&'static str, &str),
    typed: BTreeMap<String, String>,
) -> Result<Response, WebError> {
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/parts/{id}?flash={flash}#shelves")).into_response()),
        Err(e) => {
            let (status, messages) = Messages::of(staff.locale(), e)?;
            let page = show_page(state, staff, id, &PageQuery::default(), Some((form, messages, typed))).await?;
            Ok((status, render(&page)?).into_response())
        }
    }
}

fn get_field(typed: &BTreeMap<String, String>, name: &str) -> String {
    typed.get(name).cloned().unwrap_or_default()
}

async fn levels(
    State(state): State<AppState>,
    Need(staff, _): Need<PartsIssue>,
    Id(id): Id,
    Form(typed): Form<BTreeMap<String, String>>,
) -> Result<Response, WebError> {
    let input = LevelsInput {
        warehouse: get_field(&typed, "warehouse"),
        bin: get_field(&typed, "bin"),
        reorder_point: get_field(&typed, "reorder_point"),
        reorder_qty: get_field(&typed, "reorder_qty"),
    };
    let actor = staff.actor().clone();
    let r = state.run(move |app| app::parts::set_levels(app, &actor, id, &input)).await;
    answer(&state, &staff, id, r, ("levels", "part-levels-saved"), typed).await
}

async fn count(
    State(state): State<AppState>,
    Need(staff, _): Need<PartsIssue>,
    Id(id): Id,
    Form(typed): Form<BTreeMap<String, String>>,
) -> Result<Response, WebError> {
    let input = AdjustInput {
        shelf_id: get_field(&typed, "shelf_id"),
        counted: get_field(&typed, "counted"),
        reason: get_field(&typed, "reason"),
    };
    let actor = staff.actor().clone();
    let r = state.run(move |app| app::parts::adjust(app, &actor, id, &input)).await;
    answer(&state, &staff, id, r, ("count", "part-count-saved"), typed).await
}
