//! Leads: the pipeline list, the inquiry form, a lead's page and its actions.

use super::{label, stage_badge, tier_badge};
use crate::AppState;
use crate::error::WebError;
use crate::extract::{Form, Id};
use crate::html::form::{Answer, answer};
use crate::html::form::{Field, FormPage, Kind, submit};
use crate::html::{Ctx, Pager, nonblank, num, render};
use crate::i18n::Locale;
use crate::session::{LeadRead, LeadWrite, Need, Staff};
use app::crm::leads::{self as ld, LeadFacts, LeadQuery, LostInput};
use app::crm::{ContactInput, FollowUp, InquiryInput, Lead, LeadEdit, follow_ups};
use app::{App, AppError, Conflict};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use chrono::NaiveDate;
use domain::Money;
use domain::crm::{ContactKind, LeadStage, LostReason, Outcome, PaymentIntention, Tier, Timeframe};
use domain::customer::ConsentSource;
use domain::org::Actor;
use domain::sales::Channel;
use serde::Deserialize;

mod actions;
mod form;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/leads", get(list).post(form::create))
        .route("/leads/new", get(form::new))
        .route("/leads/{id}", get(show))
        .route("/leads/{id}/edit", get(form::edit).post(form::update))
        .route("/leads/{id}/contact", post(actions::contact))
        .route("/leads/{id}/stage", post(actions::stage))
        .route("/leads/{id}/reschedule", post(actions::reschedule))
        .route("/leads/{id}/assign", post(actions::assign))
        .route("/leads/{id}/lost", post(actions::lost))
        .route("/leads/{id}/lost-decision", post(actions::lost_decision))
}

fn options<T: Copy>(l: Locale, prefix: &str, all: &[T], code: fn(T) -> &'static str) -> Vec<(String, String)> {
    all.iter().map(|v| (code(*v).to_string(), label(l, prefix, code(*v)))).collect()
}

/// The list's query as typed (every value a string, so a blank select is no filter).
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct ListQuery {
    q: String,
    stage: String,
    tier: String,
    channel: String,
    owner_id: String,
    overdue: String,
    lost_pending: String,
    sort: String,
    page: Option<String>,
    per_page: Option<String>,
    flash: Option<String>,
}

impl ListQuery {
    fn query(&self) -> LeadQuery {
        let some = |s: &str| nonblank(&Some(s.to_string()));
        LeadQuery {
            q: some(&self.q),
            stage: some(&self.stage),
            tier: some(&self.tier),
            channel: some(&self.channel),
            owner_id: self.owner_id.trim().parse().ok(),
            overdue: Some(self.overdue == "true"),
            lost_pending: Some(self.lost_pending == "true"),
            sort: some(&self.sort),
            page: None,
            per_page: None,
        }
    }

    fn pairs(&self) -> Vec<(&'static str, String)> {
        vec![
            ("q", self.q.clone()),
            ("stage", self.stage.clone()),
            ("tier", self.tier.clone()),
            ("channel", self.channel.clone()),
            ("owner_id", self.owner_id.clone()),
            ("overdue", self.overdue.clone()),
            ("lost_pending", self.lost_pending.clone()),
            ("sort", self.sort.clone()),
        ]
    }
}

#[derive(Template)]
#[template(path = "crm/leads.html")]
struct ListPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    page: app::Page<Lead>,
    pager: Pager,
    f: ListQuery,
    counts: Vec<(String, i64)>,
    owners: Vec<(i64, String)>,
    error: Option<String>,
}

impl ListPage {
    fn same(&self, value: impl AsRef<str>, option: impl AsRef<str>) -> bool {
        value.as_ref() == option.as_ref()
    }
    fn stage(&self, code: &str) -> String {
        label(self.ctx.l, "lead-stage", code)
    }
    fn tier(&self, code: &str) -> String {
        label(self.ctx.l, "lead-tier", code)
    }
    fn channel(&self, code: &str) -> String {
        label(self.ctx.l, "channel", code)
    }
    fn stage_badge(&self, code: &str) -> &'static str {
        stage_badge(code)
    }
    fn tier_badge(&self, code: &str) -> &'static str {
        tier_badge(code)
    }
    fn stages(&self) -> Vec<(&'static str, i64)> {
        LeadStage::ALL
            .iter()
            .map(|s| (s.code(), self.counts.iter().find(|(c, _)| c == s.code()).map_or(0, |(_, n)| *n)))
            .collect()
    }
    fn open_count(&self) -> i64 {
        self.stages().iter().filter(|(c, _)| !matches!(*c, "ordered" | "lost")).map(|(_, n)| n).sum()
    }
    fn tiers(&self) -> Vec<&'static str> {
        Tier::ALL.iter().map(|t| t.code()).collect()
    }
    fn channels(&self) -> Vec<&'static str> {
        Channel::ALL.iter().map(|c| c.code()).collect()
    }
    fn href(&self, key: &str, value: &str) -> String {
        let mut pairs = self.f.pairs();
        for p in pairs.iter_mut() {
            if p.0 == key {
                p.1 = value.to_string();
            }
        }
        let q: Vec<String> = pairs
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>()))
            .collect();
        format!("/leads?{}", q.join("&"))
    }
    fn models(&self, lead: &Lead) -> String {
        lead.models.iter().map(|m| m.name.clone()).collect::<Vec<_>>().join(" / ")
    }
}

/// Who may own leads of the actor's scope, for the filters and the assign form.
fn owners(app: &App, actor: &Actor) -> app::AppResult<Vec<(i64, String)>> {
    app::crm::settings::sellers(app, actor)
}

async fn list(
    State(state): State<AppState>,
    Need(staff, _): Need<LeadRead>,
    Query(q): Query<ListQuery>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let page_req = app::PageRequest::new(num(&q.page), num(&q.per_page));
    let filter = q.query().parse();
    let l = staff.locale();
    let (page, counts, owners, error) = match filter {
        Ok(filter) => {
            state
                .run(move |app| {
                    Ok((
                        ld::list(app, &actor, &filter, page_req)?,
                        ld::stage_counts(app, &actor)?,
                        owners(app, &actor)?,
                        None,
                    ))
                })
                .await?
        }
        Err(e) => {
            let msg = e.iter().map(|f| l.error(f.code)).collect::<Vec<_>>().join(" ");
            let empty = app::Page { items: Vec::new(), total: 0, page: 1, per_page: 20 };
            (empty, Vec::new(), Vec::new(), Some(msg))
        }
    };
    let pager = Pager::new(&page, "/leads", &q.pairs());
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let html = render(&ListPage {
        ctx: Ctx::new(&staff, "/leads", q.flash.as_deref()),
        crumbs: vec![(l.t("nav-leads"), String::new())],
        page,
        pager,
        f: q,
        counts,
        owners,
        error,
    })?;
    Ok((status, html).into_response())
}

// --- a lead's page ------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "crm/lead.html")]
struct ShowPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    lead: Lead,
    follow_ups: Vec<FollowUp>,
    owners: Vec<(i64, String)>,
    error: Option<String>,
    /// The store's day: the earliest a follow-up may be planned.
    today: String,
    drives: Vec<app::crm::test_drives::TestDrive>,
    cars: Vec<(i64, String)>,
    /// The store's drives on the booking form's day (the typed one, else today): the slots taken.
    booked: (String, Vec<app::crm::test_drives::TestDrive>),
    /// What the user typed in the form that was refused: shown again, never lost.
    typed: ActionForm,
}

impl ShowPage {
    /// `selected` on the option of a select the user had chosen in the refused form.
    fn chose(&self, value: &str, typed: &str) -> &'static str {
        if !typed.is_empty() && value == typed { "selected" } else { "" }
    }

    fn stage(&self, code: &str) -> String {
        label(self.ctx.l, "lead-stage", code)
    }
    fn tier(&self, code: &str) -> String {
        label(self.ctx.l, "lead-tier", code)
    }
    fn stage_badge(&self) -> &'static str {
        stage_badge(self.lead.stage.code())
    }
    fn tier_badge(&self) -> &'static str {
        tier_badge(self.lead.tier.code())
    }
    fn open(&self) -> bool {
        !self.lead.stage.is_closed()
    }

    /// The lead's actions the reader may take now (the rules' `available_actions`).
    fn may(&self, action: &str) -> bool {
        self.lead.actions.iter().any(|a| a == action)
    }

    /// A test drive's steps the reader may take now (the rules' `available_steps`).
    fn drive_may(&self, d: &app::crm::test_drives::TestDrive, step: &str) -> bool {
        d.actions.iter().any(|a| a == step)
    }

    fn kind(&self, f: &FollowUp) -> String {
        f.kind.map(|k| label(self.ctx.l, "lead-contact", k.code())).unwrap_or_default()
    }
    fn outcome(&self, f: &FollowUp) -> String {
        f.outcome.map(|k| label(self.ctx.l, "lead-outcome", k.code())).unwrap_or_default()
    }
    fn kinds(&self) -> Vec<(String, String)> {
        options(self.ctx.l, "lead-contact", &ContactKind::ALL, ContactKind::code)
    }
    fn outcomes(&self) -> Vec<(String, String)> {
        options(self.ctx.l, "lead-outcome", &Outcome::ALL, Outcome::code)
    }
    fn tiers(&self) -> Vec<(String, String)> {
        options(self.ctx.l, "lead-tier", &Tier::ALL, Tier::code)
    }
    fn reasons(&self) -> Vec<(String, String)> {
        options(self.ctx.l, "lead-lost-reason", &LostReason::ALL, LostReason::code)
    }
    fn report_stages(&self) -> Vec<(String, String)> {
        LeadStage::OPEN
            .iter()
            .chain([&LeadStage::Dormant])
            .filter(|s| **s != self.lead.stage)
            .map(|s| (s.code().to_string(), label(self.ctx.l, "lead-stage", s.code())))
            .collect()
    }
    fn models(&self) -> String {
        self.lead.models.iter().map(|m| m.name.clone()).collect::<Vec<_>>().join(" / ")
    }
    fn budget(&self) -> String {
        self.lead.budget_fen.map(|b| Money::from_fen(b).to_string()).unwrap_or_default()
    }
    fn trade_in(&self) -> String {
        let l = &self.lead;
        let mut parts = vec![l.trade_in_brand.clone(), l.trade_in_model.clone()];
        if let Some(y) = l.trade_in_year {
            parts.push(y.to_string());
        }
        if let Some(km) = l.trade_in_mileage_km {
            parts.push(format!("{km} km"));
        }
        parts.into_iter().filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" · ")
    }
    fn channel_label(&self) -> String {
        label(self.ctx.l, "channel", self.lead.channel.code())
    }
    fn timeframe_label(&self) -> String {
        label(self.ctx.l, "lead-timeframe", self.lead.timeframe.code())
    }
    fn payment_label(&self) -> String {
        label(self.ctx.l, "lead-payment", self.lead.payment_intention.code())
    }
    fn drive_status(&self, d: &app::crm::test_drives::TestDrive) -> String {
        label(self.ctx.l, "test-drive-status", d.status.code())
    }
    fn verdict(&self, d: &app::crm::test_drives::TestDrive) -> String {
        d.verdict.map(|v| label(self.ctx.l, "test-drive-verdict", v.code())).unwrap_or_default()
    }
    fn slots_taken(&self) -> String {
        self.ctx.l.t_args("test-drive-slots-taken", &[("day", self.booked.0.clone())])
    }

    /// What was typed in drive `id`'s form, if that form was refused.
    fn typed_for(&self, id: &i64, value: &str) -> String {
        if self.typed.drive_id == *id { value.to_string() } else { String::new() }
    }

    fn car(&self, id: &i64) -> String {
        self.cars.iter().find(|c| c.0 == *id).map(|c| c.1.clone()).unwrap_or_default()
    }
    fn lost_reason(&self) -> String {
        self.lead.lost_reason.map(|r| label(self.ctx.l, "lead-lost-reason", r.code())).unwrap_or_default()
    }
}

async fn show(
    State(state): State<AppState>,
    Need(staff, _): Need<LeadRead>,
    Id(id): Id,
    Query(q): Query<ListQuery>,
) -> Result<Html<String>, WebError> {
    render(&show_page(&state, &staff, id, q.flash.as_deref(), None, ActionForm::default()).await?)
}

async fn show_page(
    state: &AppState,
    staff: &Staff,
    id: i64,
    flash: Option<&str>,
    error: Option<String>,
    typed: ActionForm,
) -> Result<ShowPage, WebError> {
    let actor = staff.actor().clone();
    let booking_day = date(&typed.day);
    let (lead, follow_ups, owners, today) = state
        .run(move |app| {
            let lead = ld::get(app, &actor, id)?;
            let today = app::kernel::calendar::today(app, &actor)?;
            let drives = (app::crm::test_drives::of_lead(app, &actor, id)?, cars(app, &actor)?);
            let (day, taken) = app::crm::test_drives::of_day(app, &actor, Some(booking_day.unwrap_or(today)))?;
            let taken = taken.into_iter().filter(|d| d.status.code() != "cancelled").collect();
            Ok((
                lead,
                ld::follow_ups(app, &actor, id)?,
                owners(app, &actor)?,
                (today, drives, (day.to_string(), taken)),
            ))
        })
        .await?;
    let (today, (drives, cars), booked) = (today.0, today.1, today.2);
    let l = staff.locale();
    Ok(ShowPage {
        ctx: Ctx::new(staff, "/leads", flash),
        crumbs: vec![(l.t("nav-leads"), "/leads".into()), (lead.customer_name.clone(), String::new())],
        lead,
        follow_ups,
        owners,
        error,
        today: today.to_string(),
        drives,
        cars,
        booked,
        typed,
    })
}

/// After an action on the lead's page: where to go, or the page again with the refusal.
pub(super) async fn again_on_lead(
    state: &AppState,
    staff: &Staff,
    id: i64,
    result: app::AppResult<String>,
) -> Result<Response, WebError> {
    again_with(state, staff, id, result, ActionForm::default()).await
}

/// As [`again_on_lead`], with what the user typed shown again in the refused form.
pub(super) async fn again_with(
    state: &AppState,
    staff: &Staff,
    id: i64,
    result: app::AppResult<String>,
    typed: ActionForm,
) -> Result<Response, WebError> {
    match answer(staff, result)? {
        Answer::Done(r) => Ok(r),
        Answer::Again(status, _, msg) => render(&show_page(state, staff, id, None, Some(msg), typed).await?)
            .map(|page| (status, page).into_response()),
    }
}

/// The store's demo cars as choices: model, trim, colour and the VIN's last six.
pub(super) fn cars(app: &App, actor: &Actor) -> app::AppResult<Vec<(i64, String)>> {
    Ok(app::crm::test_drives::demo_cars(app, actor)?.into_iter().map(|c| (c.vehicle_id, c.label)).collect())
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub(crate) struct ActionForm {
    pub(crate) version: i64,
    pub(crate) kind: String,
    pub(crate) outcome: String,
    pub(crate) note: String,
    pub(crate) next_step: String,
    pub(crate) next_follow_up_on: String,
    pub(crate) tier: String,
    pub(crate) stage: String,
    pub(crate) due_on: String,
    pub(crate) owner_id: String,
    pub(crate) reason: String,
    pub(crate) competitor: String,
    pub(crate) decision: String,
    // The test-drive booking form.
    pub(crate) vehicle_id: String,
    pub(crate) day: String,
    pub(crate) time: String,
    pub(crate) minutes: String,
    pub(crate) licence_no: String,
    pub(crate) licence_expires_on: String,
    // A drive's check-out or return form: which drive, and what was typed.
    pub(crate) drive_id: i64,
    pub(crate) km: String,
    pub(crate) verdict: String,
    pub(crate) impression: String,
}
