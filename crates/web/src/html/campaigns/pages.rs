//! Recording a campaign from the maker's notice, and a campaign's page: the store's cars it
//! names (told, done), telling their owners, recording the work done, closing it.

use super::{badges, kinds};
use crate::AppState;
use crate::error::WebError;
use crate::extract::{Form, Id};
use crate::html::messages::Messages;
use crate::html::{Ctx, Pager, render};
use crate::session::{CampaignContact, CampaignManage, CampaignRead, Need, ServiceWrite, Staff};
use app::campaigns::{Campaign, CampaignCar, CampaignInput, CarQuery, DoneInput};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::campaigns::CampaignStatus;
use domain::rbac::Permission;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/service/campaigns/new", get(new))
        .route("/service/campaigns/{id}", get(show))
        .route("/service/campaigns/{id}/contact", post(contact))
        .route("/service/campaigns/{id}/close", post(close))
        .route("/service/campaigns/{id}/done", post(done))
}

#[derive(Template)]
#[template(path = "campaigns/form.html")]
struct NewPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    kinds: Vec<(String, &'static str)>,
    f: CampaignInput,
    messages: Messages,
}

fn new_page(staff: &Staff, f: CampaignInput, messages: Messages) -> NewPage {
    let l = staff.locale();
    NewPage {
        ctx: Ctx::new(staff, "/service/campaigns", None),
        crumbs: vec![(l.t("nav-campaigns"), "/service/campaigns".into()), (l.t("campaign-new"), String::new())],
        kinds: kinds(l),
        f,
        messages,
    }
}

async fn new(Need(staff, _): Need<CampaignManage>) -> Result<Html<String>, WebError> {
    render(&new_page(&staff, CampaignInput::default(), Messages::default()))
}

pub(super) async fn create(
    State(state): State<AppState>,
    Need(staff, _): Need<CampaignManage>,
    Form(f): Form<CampaignInput>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let input = f.clone();
    match state.run(move |app| app::campaigns::record(app, &actor, &input, None)).await {
        Ok(k) => Ok(Redirect::to(&format!("/service/campaigns/{}?flash=campaign-recorded", k.id)).into_response()),
        Err(e) => {
            let l = staff.locale();
            let (status, mut messages) = Messages::of(l, e)?;
            // A list of thousands of lines: say which line was refused.
            if let Err(err) = domain::campaigns::parse_vins(&f.vins)
                && let (Some(line), Some(m)) = (err.line(), messages.fields.get_mut("vins"))
            {
                *m = format!("{}: {m}", l.t_args("campaign-vins-line", &[("line", line.to_string())]));
            }
            Ok((status, render(&new_page(&staff, f, messages))?).into_response())
        }
    }
}

#[derive(Template)]
#[template(path = "campaigns/show.html")]
struct ShowPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    k: Campaign,
    cars: Vec<CampaignCar>,
    pager: Pager,
    q: String,
    tabs: Vec<(String, &'static str, bool)>,
    may_contact: bool,
    may_close: bool,
    may_record: bool,
    /// The car whose record was refused, with its message and what was typed.
    again: Option<(i64, String, String)>,
}

impl ShowPage {
    fn badges(&self) -> [(String, &'static str); 2] {
        badges(&self.ctx, &self.k)
    }
    fn state_badge(&self, state: &str) -> (String, &'static str) {
        let colour = match state {
            "done" => "text-bg-success",
            "notified" => "text-bg-info",
            _ => "text-bg-warning",
        };
        (self.ctx.t(&format!("campaign-car-{state}")), colour)
    }
    fn error_for(&self, car: &i64) -> Option<String> {
        self.again.as_ref().filter(|(id, _, _)| id == car).map(|(_, m, _)| m.clone())
    }
    fn typed_for(&self, car: &i64) -> String {
        self.again.as_ref().filter(|(id, _, _)| id == car).map(|(_, _, t)| t.clone()).unwrap_or_default()
    }
}

#[derive(serde::Deserialize, Default, Clone)]
#[serde(default)]
struct ShowQuery {
    state: Option<String>,
    q: Option<String>,
    page: Option<i64>,
    per_page: Option<i64>,
    flash: Option<String>,
}

async fn show_page(
    state: &AppState,
    staff: &Staff,
    id: i64,
    q: ShowQuery,
    again: Option<(i64, String, String)>,
) -> Result<ShowPage, WebError> {
    let actor = staff.actor().clone();
    let query = CarQuery { state: q.state.clone(), q: q.q.clone(), page: q.page, per_page: q.per_page };
    let filter = query.parse()?;
    let page = app::PageRequest::new(q.page, q.per_page);
    let (k, cars) = state
        .run(move |app| {
            let k = app::campaigns::get(app, &actor, id)?;
            let cars = app::campaigns::cars(app, &actor, id, &filter, page)?;
            Ok::<_, app::AppError>((k, cars))
        })
        .await?;
    let l = staff.locale();
    let a = staff.actor();
    let picked = q.state.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| "all".into());
    let tabs = ["all", "pending", "notified", "done"]
        .into_iter()
        .map(|s| (l.t(&format!("campaign-tab-{s}")), s, picked == s))
        .collect();
    let text = q.q.clone().unwrap_or_default();
    let path = format!("/service/campaigns/{id}");
    let pager = Pager::new(&cars, &path, &[("state", picked), ("q", text.clone())]);
    let open = k.status == CampaignStatus::Open;
    Ok(ShowPage {
        ctx: Ctx::new(staff, "/service/campaigns", q.flash.as_deref()),
        crumbs: vec![(l.t("nav-campaigns"), "/service/campaigns".into()), (k.code.clone(), String::new())],
        may_contact: open && a.can(Permission::CampaignContact) && k.cars > k.notified + k.done,
        may_close: open && a.can(Permission::CampaignManage),
        may_record: a.can(Permission::ServiceWrite),
        k,
        cars: cars.items,
        pager,
        q: text,
        tabs,
        again,
    })
}

async fn show(
    State(state): State<AppState>,
    Need(staff, _): Need<CampaignRead>,
    Id(id): Id,
    Query(q): Query<ShowQuery>,
) -> Result<Html<String>, WebError> {
    render(&show_page(&state, &staff, id, q, None).await?)
}

async fn contact(
    State(state): State<AppState>,
    Need(staff, _): Need<CampaignContact>,
    Id(id): Id,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let done = state.run(move |app| app::campaigns::contact(app, &actor, id)).await?;
    let flash = if done.not_sent > 0 { "campaign-contacted-some" } else { "campaign-contacted" };
    Ok(Redirect::to(&format!("/service/campaigns/{id}?flash={flash}")).into_response())
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct CloseForm {
    version: i64,
}

async fn close(
    State(state): State<AppState>,
    Need(staff, _): Need<CampaignManage>,
    Id(id): Id,
    Form(f): Form<CloseForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    state.run(move |app| app::campaigns::close(app, &actor, id, f.version)).await?;
    Ok(Redirect::to(&format!("/service/campaigns/{id}?flash=campaign-closed")).into_response())
}

async fn done(
    State(state): State<AppState>,
    Need(staff, _): Need<ServiceWrite>,
    Id(id): Id,
    Form(f): Form<DoneInput>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let input = f.clone();
    match state.run(move |app| app::campaigns::done(app, &actor, id, &input)).await {
        Ok(_) => Ok(Redirect::to(&format!("/service/campaigns/{id}?flash=campaign-car-recorded")).into_response()),
        Err(e) => {
            let (status, messages) = Messages::of(staff.locale(), e)?;
            let message = messages.fields.values().next().cloned().or(messages.form).unwrap_or_default();
            let car = f.customer_vehicle_id.trim().parse().unwrap_or(0);
            let again = Some((car, message, f.repair_order_number));
            Ok((status, render(&show_page(&state, &staff, id, ShowQuery::default(), again).await?)?).into_response())
        }
    }
}
