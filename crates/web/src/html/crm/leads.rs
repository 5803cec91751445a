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

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/leads", get(list).post(create))
        .route("/leads/new", get(new))
        .route("/leads/{id}", get(show))
        .route("/leads/{id}/edit", get(edit).post(update))
        .route("/leads/{id}/contact", post(contact))
        .route("/leads/{id}/stage", post(stage))
        .route("/leads/{id}/reschedule", post(reschedule))
        .route("/leads/{id}/assign", post(assign))
        .route("/leads/{id}/lost", post(lost))
        .route("/leads/{id}/lost-decision", post(lost_decision))
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

// --- the inquiry form ---------------------------------------------------------------------

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct InquiryForm {
    customer_id: String,
    name: String,
    mobile: String,
    channel: String,
    model_ids: Vec<String>,
    budget: String,
    timeframe: String,
    payment_intention: String,
    tier: String,
    trade_in_brand: String,
    trade_in_model: String,
    trade_in_year: String,
    trade_in_mileage_km: String,
    next_follow_up_on: String,
    notes: String,
    owner_id: String,
    /// Empty: not agreed to marketing messages; else how the customer agreed.
    consent_source: String,
    idempotency_key: String,
}

/// The lead's facts from the form: its own fields parsed (yuan, whole numbers, the date),
/// errors by field.
fn facts_of(f: &InquiryForm, e: &mut domain::FieldErrors) -> (LeadFacts, Option<NaiveDate>) {
    let budget_fen = match f.budget.trim() {
        "" => None,
        b => Money::parse_price(b).map(|m| m.fen()).map_err(|_| e.add("budget_fen", "money-invalid")).ok(),
    };
    let int = |v: &str, field: &'static str, e: &mut domain::FieldErrors| match v.trim() {
        "" => None,
        v => v.parse::<i32>().map_err(|_| e.add(field, "lead-number-invalid")).ok(),
    };
    let facts = LeadFacts {
        channel: f.channel.clone(),
        model_ids: f.model_ids.iter().filter_map(|m| m.parse().ok()).collect(),
        budget_fen,
        timeframe: f.timeframe.clone(),
        payment_intention: f.payment_intention.clone(),
        tier: f.tier.clone(),
        trade_in_brand: f.trade_in_brand.clone(),
        trade_in_model: f.trade_in_model.clone(),
        trade_in_year: int(&f.trade_in_year, "trade_in_year", e),
        trade_in_mileage_km: int(&f.trade_in_mileage_km, "trade_in_mileage_km", e),
        notes: f.notes.clone(),
    };
    let next = match f.next_follow_up_on.trim() {
        "" => None,
        d => NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| e.add("next_follow_up_on", "date-invalid")).ok(),
    };
    (facts, next)
}

struct FormData {
    models: Vec<(String, String)>,
    owners: Vec<(i64, String)>,
    /// The customer of the lead (an existing one), by name.
    customer: Option<String>,
}

fn form_data(app: &App, actor: &Actor, customer_id: Option<i64>) -> app::AppResult<FormData> {
    let models = app::catalogue::tree(app, actor)?
        .into_iter()
        .flat_map(|b| {
            let brand = b.brand.name;
            b.models
                .into_iter()
                .filter(|m| m.model.active)
                .map(move |m| (m.model.id.to_string(), format!("{brand} {}", m.model.name)))
        })
        .collect();
    let customer = customer_id
        .map(|id| app::customers::get(app, actor, id).map(|c| format!("{} {}", c.name, c.mobile)))
        .transpose()?;
    Ok(FormData { models, owners: owners(app, actor)?, customer })
}

fn inquiry_form(staff: &Staff, d: &FormData, f: &InquiryForm, offer: Option<(i64, String)>) -> FormPage {
    let l = staff.locale();
    let can_assign = staff.actor().can(domain::rbac::Permission::LeadAssign);
    let mut fields = Vec::new();
    if let Some((id, text)) = offer {
        // The number is a customer's already: the form offers that profile instead of a copy.
        fields.push(
            Field::new(l, "customer_id", Kind::Select, id.to_string())
                .options(vec![(id.to_string(), text)])
                .help(l.t("help-lead-existing-customer")),
        );
    } else if let Some(c) = &d.customer {
        fields.push(
            Field::new(l, "customer_id", Kind::Select, &f.customer_id)
                .options(vec![(f.customer_id.clone(), c.clone())]),
        );
    }
    if fields.is_empty() {
        let mut name = Field::new(l, "name", Kind::Text, &f.name).required().autofocus();
        name.label = l.t("field-person-name");
        fields.push(name);
        fields.push(Field::new(l, "mobile", Kind::Tel, &f.mobile).required());
    }
    let mut channels = vec![(String::new(), l.t("choose"))];
    channels.extend(options(l, "channel", &Channel::ALL, Channel::code));
    let mut channel = Field::new(l, "channel", Kind::Select, &f.channel).required().options(channels);
    channel.label = l.t("lead-channel");
    fields.extend([
        channel,
        Field::new(l, "model_ids", Kind::MultiCheck, "").options(d.models.clone()).values(f.model_ids.clone()),
        Field::new(l, "tier", Kind::Select, if f.tier.is_empty() { "n" } else { &f.tier }).options(options(
            l,
            "lead-tier",
            &Tier::ALL,
            Tier::code,
        )),
        Field::new(l, "timeframe", Kind::Select, if f.timeframe.is_empty() { "undecided" } else { &f.timeframe })
            .options(options(l, "lead-timeframe", &Timeframe::ALL, Timeframe::code)),
        Field::new(
            l,
            "payment_intention",
            Kind::Select,
            if f.payment_intention.is_empty() { "undecided" } else { &f.payment_intention },
        )
        .options(options(l, "lead-payment", &PaymentIntention::ALL, PaymentIntention::code)),
        Field::new(l, "budget", Kind::Money, &f.budget).errors_of("budget_fen"),
        Field::new(l, "trade_in_brand", Kind::Text, &f.trade_in_brand),
        Field::new(l, "trade_in_model", Kind::Text, &f.trade_in_model),
        Field::new(l, "trade_in_year", Kind::Number, &f.trade_in_year),
        Field::new(l, "trade_in_mileage_km", Kind::Number, &f.trade_in_mileage_km),
        Field::new(l, "next_follow_up_on", Kind::Date, &f.next_follow_up_on).help(l.t("help-lead-next-follow-up")),
        Field::new(l, "notes", Kind::Text, &f.notes),
    ]);
    if d.customer.is_none() {
        // A new profile: whether they agreed to marketing messages, and how (an existing
        // profile's consent is changed on the profile).
        let mut sources = vec![(String::new(), l.t("consent-not-given"))];
        sources.extend(options(l, "consent-source", &ConsentSource::ALL, ConsentSource::code));
        let mut consent = Field::new(l, "consent_source", Kind::Select, &f.consent_source).options(sources);
        consent.label = l.t("field-marketing-consent");
        fields.push(consent);
    }
    if can_assign {
        let mut o = vec![(String::new(), l.t("lead-owner-round-robin"))];
        o.extend(d.owners.iter().map(|(id, n)| (id.to_string(), n.clone())));
        fields.push(Field::new(l, "owner_id", Kind::Select, &f.owner_id).options(o));
    }
    FormPage {
        ctx: Ctx::new(staff, "/leads", None),
        crumbs: vec![(l.t("nav-leads"), "/leads".into()), (l.t("lead-new"), String::new())],
        title: l.t("lead-new"),
        action: format!(
            "/leads?key={}",
            if f.idempotency_key.is_empty() { app::kernel::crypto::random_token() } else { f.idempotency_key.clone() }
        ),
        cancel: "/leads".into(),
        submit: l.t("lead-submit"),
        version: None,
        fields,
        form_error: None,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct NewQuery {
    customer_id: Option<String>,
    key: Option<String>,
}

async fn new(
    State(state): State<AppState>,
    Need(staff, _): Need<LeadWrite>,
    Query(q): Query<NewQuery>,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let customer = num(&q.customer_id);
    let d = state.run(move |app| form_data(app, &actor, customer)).await?;
    let f = InquiryForm {
        customer_id: customer.map(|c| c.to_string()).unwrap_or_default(),
        next_follow_up_on: String::new(),
        ..Default::default()
    };
    render(&inquiry_form(&staff, &d, &f, None))
}

async fn create(
    State(state): State<AppState>,
    Need(staff, _): Need<LeadWrite>,
    Query(q): Query<NewQuery>,
    Form(mut f): Form<InquiryForm>,
) -> Result<Response, WebError> {
    // The key in the form's address makes a double submit one lead.
    f.idempotency_key = q.key.unwrap_or_default();
    let mut e = domain::FieldErrors::new();
    let (facts, next) = facts_of(&f, &mut e);
    let input = InquiryInput {
        customer_id: f.customer_id.trim().parse().ok(),
        name: f.name.clone(),
        mobile: f.mobile.clone(),
        facts,
        owner_id: f.owner_id.trim().parse().ok(),
        external_ref: String::new(),
        next_follow_up_on: next,
        marketing_consent: !f.consent_source.trim().is_empty(),
        consent_source: f.consent_source.clone(),
    };
    let actor = staff.actor().clone();
    let key = f.idempotency_key.clone();
    let result = if e.is_empty() {
        state
            .run(move |app| {
                ld::record_inquiry(app, &actor, &input, Some(&key).filter(|k| !k.is_empty()).map(String::as_str))
            })
            .await
    } else {
        Err(AppError::Validation(e))
    };
    let err = match result {
        Ok(lead) => return Ok(axum::response::Redirect::to(&format!("/leads/{}?flash=saved", lead.id)).into_response()),
        Err(e) => e,
    };
    let actor = staff.actor().clone();
    let customer = f.customer_id.trim().parse().ok();
    let d = state.run(move |app| form_data(app, &actor, customer)).await?;
    let l = staff.locale();
    let offer = match &err {
        AppError::Conflict(Conflict::Duplicate { existing: Some(x), .. }) => x
            .open
            .clone()
            .map(|(id, name)| (id, l.t_args("lead-use-existing", &[("name", name), ("owner", x.owner.clone())]))),
        _ => None,
    };
    let mut page = inquiry_form(&staff, &d, &f, offer);
    if let AppError::Conflict(Conflict::Duplicate { existing: Some(x), code, .. }) = &err
        && x.open.is_none()
    {
        // Outside the user's scope: who to ask, never the customer's name.
        page.form_error =
            Some(format!("{} {}", l.error(code), l.t_args("lead-ask-owner", &[("owner", x.owner.clone())])));
        return Ok((StatusCode::CONFLICT, render(&page)?).into_response());
    }
    crate::html::form::refused(page, err)
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
    /// The actor asked to give it up (and may not decide it).
    own_request: bool,
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
        own_request: lead.lost_requested_by == Some(staff.actor().user_id.0),
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

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub(super) struct ActionForm {
    pub(super) version: i64,
    pub(super) kind: String,
    pub(super) outcome: String,
    pub(super) note: String,
    pub(super) next_step: String,
    pub(super) next_follow_up_on: String,
    pub(super) tier: String,
    pub(super) stage: String,
    pub(super) due_on: String,
    pub(super) owner_id: String,
    pub(super) reason: String,
    pub(super) competitor: String,
    pub(super) decision: String,
    // The test-drive booking form.
    pub(super) vehicle_id: String,
    pub(super) day: String,
    pub(super) time: String,
    pub(super) minutes: String,
    pub(super) licence_no: String,
    pub(super) licence_expires_on: String,
    // A drive's check-out or return form: which drive, and what was typed.
    pub(super) drive_id: i64,
    pub(super) km: String,
    pub(super) verdict: String,
    pub(super) impression: String,
}

/// A date field left with text that is no date is refused, not taken as "none".
fn date_or_refuse(field: &'static str, s: &str) -> app::AppResult<Option<NaiveDate>> {
    match s.trim() {
        "" => Ok(None),
        v => date(v).map(Some).ok_or_else(|| AppError::field(field, "date-invalid")),
    }
}

async fn contact(
    State(state): State<AppState>,
    Need(staff, _): Need<LeadWrite>,
    Id(id): Id,
    Form(f): Form<ActionForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let typed = f.clone();
    let result = state
        .run(move |app| {
            let input = ContactInput {
                version: f.version,
                kind: f.kind,
                outcome: f.outcome,
                note: f.note,
                next_step: f.next_step,
                next_follow_up_on: date_or_refuse("next_follow_up_on", &f.next_follow_up_on)?,
                tier: f.tier,
            };
            follow_ups::log_contact(app, &actor, id, &input)
        })
        .await;
    let done = result.map(|_| format!("/leads/{id}?flash=lead-contact-logged"));
    again_with(&state, &staff, id, done, typed).await
}

async fn stage(
    State(state): State<AppState>,
    Need(staff, _): Need<LeadWrite>,
    Id(id): Id,
    Form(f): Form<ActionForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let result = state.run(move |app| ld::report_stage(app, &actor, id, f.version, &f.stage)).await;
    again_on_lead(&state, &staff, id, result.map(|_| format!("/leads/{id}?flash=saved"))).await
}

async fn reschedule(
    State(state): State<AppState>,
    Need(staff, _): Need<LeadWrite>,
    Id(id): Id,
    Form(f): Form<ActionForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let result = state
        .run(move |app| follow_ups::reschedule(app, &actor, id, f.version, date_or_refuse("due_on", &f.due_on)?))
        .await;
    again_on_lead(&state, &staff, id, result.map(|_| format!("/leads/{id}?flash=saved"))).await
}

async fn assign(
    State(state): State<AppState>,
    Need(staff, _): Need<crate::session::LeadAssign>,
    Id(id): Id,
    Form(f): Form<ActionForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let owner = f.owner_id.trim().parse().ok();
    let result = state.run(move |app| ld::assign(app, &actor, id, f.version, owner)).await;
    again_on_lead(&state, &staff, id, result.map(|_| format!("/leads/{id}?flash=saved"))).await
}

async fn lost(
    State(state): State<AppState>,
    Need(staff, _): Need<LeadWrite>,
    Id(id): Id,
    Form(f): Form<ActionForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let input = LostInput { version: f.version, reason: f.reason, competitor: f.competitor, note: f.note };
    let result = state.run(move |app| ld::request_lost(app, &actor, id, &input)).await;
    again_on_lead(&state, &staff, id, result.map(|_| format!("/leads/{id}?flash=lead-lost-requested"))).await
}

async fn lost_decision(
    State(state): State<AppState>,
    Need(staff, _): Need<crate::session::LeadLostApprove>,
    Id(id): Id,
    Form(f): Form<ActionForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let approve = f.decision == "approve";
    let result = state.run(move |app| ld::decide_lost(app, &actor, id, f.version, approve, &f.note)).await;
    again_on_lead(&state, &staff, id, result.map(|_| format!("/leads/{id}?flash=saved"))).await
}

// --- editing ------------------------------------------------------------------------------

fn edit_form(staff: &Staff, d: &FormData, id: i64, version: i64, f: &InquiryForm) -> FormPage {
    let mut page = inquiry_form(staff, d, f, None);
    let l = staff.locale();
    // The customer and the owner are not edited here (the profile; the manager's assignment).
    page.fields.retain(|x| !matches!(x.name, "customer_id" | "name" | "mobile" | "owner_id" | "next_follow_up_on"));
    page.title = l.t("lead-edit");
    page.crumbs = vec![(l.t("nav-leads"), "/leads".into()), (l.t("lead-edit"), String::new())];
    page.action = format!("/leads/{id}/edit");
    page.cancel = format!("/leads/{id}");
    page.submit = l.t("action-save");
    page.version = Some(version);
    page
}

fn form_of(lead: &Lead) -> InquiryForm {
    InquiryForm {
        channel: lead.channel.code().into(),
        model_ids: lead.models.iter().map(|m| m.id.to_string()).collect(),
        budget: lead.budget_fen.map(|b| Money::from_fen(b).to_plain()).unwrap_or_default(),
        timeframe: lead.timeframe.code().into(),
        payment_intention: lead.payment_intention.code().into(),
        tier: lead.tier.code().into(),
        trade_in_brand: lead.trade_in_brand.clone(),
        trade_in_model: lead.trade_in_model.clone(),
        trade_in_year: lead.trade_in_year.map(|y| y.to_string()).unwrap_or_default(),
        trade_in_mileage_km: lead.trade_in_mileage_km.map(|y| y.to_string()).unwrap_or_default(),
        notes: lead.notes.clone(),
        ..Default::default()
    }
}

async fn edit(
    State(state): State<AppState>,
    Need(staff, _): Need<LeadWrite>,
    Id(id): Id,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let (lead, d) = state.run(move |app| Ok((ld::get(app, &actor, id)?, form_data(app, &actor, None)?))).await?;
    render(&edit_form(&staff, &d, id, lead.version, &form_of(&lead)))
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct EditForm {
    version: i64,
    #[serde(flatten)]
    f: InquiryForm,
}

async fn update(
    State(state): State<AppState>,
    Need(staff, _): Need<LeadWrite>,
    Id(id): Id,
    Form(form): Form<EditForm>,
) -> Result<Response, WebError> {
    let mut e = domain::FieldErrors::new();
    let f = form.f.clone();
    let (facts, _) = facts_of(&f, &mut e);
    let input = LeadEdit { version: form.version, facts };
    let write = move |app: &App, a: &Actor| {
        if e.is_empty() { ld::edit(app, a, id, &input) } else { Err(AppError::Validation(e)) }
    };
    let version = form.version;
    let page = async || {
        let actor = staff.actor().clone();
        let d = state.run(move |app| form_data(app, &actor, None)).await?;
        Ok(edit_form(&staff, &d, id, version, &f))
    };
    submit(&state, &staff, write, |l: &Lead| format!("/leads/{}?flash=saved", l.id), page).await
}

/// The store's demo cars as choices: model, trim, colour and the VIN's last six.
pub(super) fn cars(app: &App, actor: &Actor) -> app::AppResult<Vec<(i64, String)>> {
    Ok(app::crm::test_drives::demo_cars(app, actor)?.into_iter().map(|c| (c.vehicle_id, c.label)).collect())
}
