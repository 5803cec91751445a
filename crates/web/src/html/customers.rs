//! Customer list, profile and form.

use super::{Ctx, Flash, Pager, day_start_utc, nonblank, num, parse_date, render};
use crate::AppState;
use crate::error::WebError;
use crate::extract::{Form, Id};
use crate::html::{MenuEntry, MenuSection};
use crate::i18n::Locale;
use crate::session::{
    CustomerAnonymise, CustomerCampaign, CustomerDataExport, CustomerRead, CustomerWrite, Need, Staff,
};
use app::PageRequest;
use app::customers::campaign::{CampaignInput, CampaignResult};
use app::customers::timeline::Moment;
use app::customers::{CustomerFilter, CustomerSort};
use app::customers::{CustomerInput, CustomerView};
use app::{AppError, Conflict};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use documents::xlsx::Cell;
use domain::customer::{ConsentSource, ContactTime};
use domain::rbac::{DataScope, Permission};
use serde::Deserialize;
use std::collections::HashMap;

/// The customers' entry in the menu.
pub const MENU: &[MenuEntry] = &[MenuEntry {
    group: MenuSection::Crm,
    position: 1,
    href: "/customers",
    label: "nav-customers",
    permission: Permission::CustomerRead,
}];

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/customers", get(list).post(create))
        .route("/customers/new", get(new))
        .route("/customers/export", get(export))
        .route("/customers/campaign", get(campaign_form).post(campaign_send))
        .route("/customers/{id}", get(show).post(update))
        .route("/customers/{id}/edit", get(edit))
        .route("/customers/{id}/id-number", post(reveal_id))
        .route("/customers/{id}/data-export", post(data_export))
        .route("/customers/{id}/anonymise", post(anonymise))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    q: Option<String>,
    kind: Option<String>,
    owner: Option<String>,
    from: Option<String>,
    to: Option<String>,
    tag: Option<String>,
    /// `yes`: agreed to marketing messages; `no`: not.
    consent: Option<String>,
    sort: Option<String>,
    // Strings, so that a mangled page number in a bookmark shows page 1 instead of an error.
    page: Option<String>,
    per_page: Option<String>,
    flash: Option<String>,
}

struct Row {
    c: CustomerView,
    owner: String,
}

#[derive(Template)]
#[template(path = "customers/list.html")]
struct ListPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    rows: Vec<Row>,
    pager: Pager,
    q: String,
    kind: String,
    owner: String,
    from: String,
    to: String,
    tag: String,
    consent: String,
    sort: String,
    per_page: i64,
    owners: Vec<(i64, String)>,
    sorts: Vec<(&'static str, String)>,
    kinds: Vec<(&'static str, String)>,
    can_write: bool,
    show_owner_filter: bool,
}

impl ListPage {
    fn kind_label(&self, kind: &str) -> String {
        self.ctx.t(&format!("customer-kind-{kind}"))
    }

    /// The current filters as a query string, with `kind` replaced.
    fn query(&self, kind: &str) -> String {
        let mut params = vec![];
        for (k, v) in [
            ("q", &self.q),
            ("owner", &self.owner),
            ("from", &self.from),
            ("to", &self.to),
            ("tag", &self.tag),
            ("consent", &self.consent),
            ("sort", &self.sort),
        ] {
            if !v.is_empty() {
                params.push(format!("{k}={}", crate::session::urlencode(v)));
            }
        }
        if !kind.is_empty() {
            params.push(format!("kind={kind}"));
        }
        params.join("&")
    }

    fn kind_href(&self, kind: &str) -> String {
        format!("/customers?{}", self.query(kind))
    }

    fn export_href(&self) -> String {
        format!("/customers/export?{}", self.query(&self.kind))
    }

    fn campaign_href(&self) -> String {
        format!("/customers/campaign?{}", self.query(&self.kind))
    }
}

fn filter_of(q: &ListQuery) -> CustomerFilter {
    CustomerFilter {
        q: nonblank(&q.q),
        kind: nonblank(&q.kind).filter(|k| k == "individual" || k == "company"),
        owner_id: nonblank(&q.owner).and_then(|o| o.parse().ok()),
        created_from: parse_date(&q.from).map(day_start_utc),
        created_until: parse_date(&q.to).and_then(|d| d.succ_opt()).map(day_start_utc),
        tag: nonblank(&q.tag),
        consent: match q.consent.as_deref() {
            Some("yes") => Some(true),
            Some("no") => Some(false),
            _ => None,
        },
        sort: q.sort.as_deref().and_then(CustomerSort::from_code).unwrap_or_default(),
    }
}

/// The filtered list as an Excel workbook, with the columns and masking of the list page.
async fn export(
    State(state): State<AppState>,
    Need(staff, _): Need<CustomerRead>,
    Query(q): Query<ListQuery>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let filter = filter_of(&q);
    let (rows, staff_list) = state
        .run(move |app| {
            Ok((app::customers::export(app, &actor, &filter)?, app::org::users::staff_of_store(app, &actor)?))
        })
        .await?;
    let names: HashMap<i64, String> = staff_list.into_iter().map(|u| (u.id, u.display_name)).collect();
    let l = staff.locale();
    let ctx = Ctx::new(&staff, "/customers", None);
    type Row = app::customers::CustomerView;
    super::xlsx_download(
        &l.t("nav-customers"),
        "customers",
        l,
        &[
            ("field-customer-name", &|c: &Row| Cell::Text(c.name.clone())),
            ("field-kind", &|c: &Row| Cell::Text(l.t(&format!("customer-kind-{}", c.kind)))),
            ("field-mobile", &|c: &Row| Cell::Text(c.mobile.clone())),
            ("field-id-number", &|c: &Row| c.id_number_masked.clone().into()),
            ("field-credit-code", &|c: &Row| c.credit_code.clone().into()),
            ("field-contact-person", &|c: &Row| c.contact_person.clone().into()),
            ("field-email", &|c: &Row| c.email.clone().into()),
            ("field-address", &|c: &Row| c.address.clone().into()),
            ("field-tags", &|c: &Row| Cell::Text(c.tags.join(", "))),
            ("field-marketing-consent", &|c: &Row| {
                Cell::Text(l.t(if c.marketing_consent { "consent-given" } else { "consent-not-given" }))
            }),
            ("field-owner-id", &|c: &Row| names.get(&c.owner_id).cloned().into()),
            ("field-created-at", &|c: &Row| Cell::Text(ctx.dt(&c.created_at))),
        ],
        rows,
    )
}

async fn list(
    State(state): State<AppState>,
    Need(staff, _): Need<CustomerRead>,
    Query(q): Query<ListQuery>,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let filter = filter_of(&q);
    let sort = filter.sort;
    let page = PageRequest::new(num(&q.page), num(&q.per_page));
    let (result, staff_list) = state
        .run(move |app| {
            Ok((app::customers::list(app, &actor, &filter, page)?, app::org::users::staff_of_store(app, &actor)?))
        })
        .await?;
    let names: HashMap<i64, String> = staff_list.iter().map(|u| (u.id, u.display_name.clone())).collect();
    let l = staff.locale();
    let s = |o: &Option<String>| o.clone().unwrap_or_default();
    let query = [
        ("q", s(&q.q)),
        ("kind", s(&q.kind)),
        ("owner", s(&q.owner)),
        ("from", s(&q.from)),
        ("to", s(&q.to)),
        ("tag", s(&q.tag)),
        ("consent", s(&q.consent)),
        ("sort", s(&q.sort)),
        ("per_page", s(&q.per_page)),
    ];
    let pager = Pager::new(&result, "/customers", &query);
    let per_page = result.per_page;
    let rows = result
        .items
        .into_iter()
        .map(|c| Row { owner: names.get(&c.owner_id).cloned().unwrap_or_else(|| format!("#{}", c.owner_id)), c })
        .collect();
    let actor = staff.actor();
    let page = ListPage {
        ctx: Ctx::new(&staff, "/customers", q.flash.as_deref()),
        crumbs: vec![(l.t("nav-customers"), String::new())],
        rows,
        pager,
        q: s(&q.q),
        kind: s(&q.kind),
        owner: s(&q.owner),
        from: s(&q.from),
        to: s(&q.to),
        tag: s(&q.tag),
        consent: s(&q.consent),
        sort: sort.code().to_string(),
        per_page,
        owners: staff_list.iter().map(|u| (u.id, u.display_name.clone())).collect(),
        sorts: CustomerSort::ALL.iter().map(|s| (s.code(), l.t(&format!("sort-{}", s.code())))).collect(),
        kinds: vec![
            ("", l.t("filter-all")),
            ("individual", l.t("customer-kind-individual")),
            ("company", l.t("customer-kind-company")),
        ],
        can_write: actor.can(Permission::CustomerWrite),
        show_owner_filter: actor.scope != DataScope::Own,
    };
    render(&page)
}

#[derive(Template)]
#[template(path = "customers/form.html")]
struct FormTemplate {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    title: String,
    action: String,
    cancel: String,
    version: Option<i64>,
    input: CustomerInput,
    errors: HashMap<String, String>,
    form_error: Option<String>,
    duplicate: Option<(i64, String, String)>,
    owners: Vec<(i64, String)>,
    can_assign: bool,
    contact_times: Vec<(&'static str, String)>,
    consent_sources: Vec<(&'static str, String)>,
}

impl FormTemplate {
    fn err(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }

    /// The attributes that tie a refused field to its message for assistive technology.
    fn aria(&self, field: &str) -> String {
        crate::html::form::aria_invalid(field, self.errors.contains_key(field))
    }

    fn invalid(&self, field: &str) -> &'static str {
        if self.errors.contains_key(field) { "is-invalid" } else { "" }
    }

    fn is_company(&self) -> bool {
        self.input.kind == "company"
    }

    fn owner_selected(&self, id: &i64) -> bool {
        self.input.owner_id == id.to_string()
    }
}

struct FormSpec {
    title: String,
    action: String,
    cancel: String,
    version: Option<i64>,
}

async fn form_page(
    state: &AppState,
    staff: &Staff,
    spec: FormSpec,
    input: CustomerInput,
    error: Option<&AppError>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let owners = state.run(move |app| app::org::users::staff_of_store(app, &actor)).await?;
    let l = staff.locale();
    let mut errors = HashMap::new();
    let mut form_error = None;
    let mut duplicate = None;
    match error {
        Some(AppError::Validation(fe)) => {
            for e in fe.iter() {
                errors.entry(e.field.clone()).or_insert_with(|| l.error(e.code));
            }
            form_error = Some(l.t("err-validation"));
        }
        Some(AppError::Conflict(Conflict::Duplicate { field, code, existing })) => {
            errors.insert(field.to_string(), l.error(code));
            duplicate = existing.as_ref().and_then(|r| r.open.clone().map(|(id, label)| (id, label, r.owner.clone())));
        }
        Some(AppError::Conflict(Conflict::Stale)) => form_error = Some(l.t("err-stale")),
        _ => {}
    }
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let status = if matches!(error, Some(AppError::Conflict(_))) { StatusCode::CONFLICT } else { status };
    let page = FormTemplate {
        ctx: Ctx::new(staff, "/customers", None),
        crumbs: vec![(l.t("nav-customers"), "/customers".into()), (spec.title.clone(), String::new())],
        title: spec.title,
        action: spec.action,
        cancel: spec.cancel,
        version: spec.version,
        input,
        errors,
        form_error,
        duplicate,
        owners: owners
            .into_iter()
            .filter(|u| u.role != domain::rbac::Role::Technician)
            .map(|u| (u.id, u.display_name))
            .collect(),
        can_assign: staff.actor().scope != DataScope::Own,
        contact_times: ContactTime::ALL
            .iter()
            .map(|t| (t.code(), l.t(&format!("contact-time-{}", t.code()))))
            .collect(),
        consent_sources: ConsentSource::ALL
            .iter()
            .map(|t| (t.code(), l.t(&format!("consent-source-{}", t.code()))))
            .collect(),
    };
    Ok((status, render(&page)?).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct NewFor {
    /// `order`: the customer is created on the way to a new order, which opens next.
    #[serde(rename = "for")]
    purpose: String,
}

fn create_action(purpose: &str) -> String {
    if purpose == "order" { "/customers?for=order".into() } else { "/customers".into() }
}

async fn new(
    State(state): State<AppState>,
    Need(staff, _): Need<CustomerWrite>,
    Query(p): Query<NewFor>,
) -> Result<Response, WebError> {
    let l = staff.locale();
    let spec = FormSpec {
        title: l.t("customer-new"),
        action: create_action(&p.purpose),
        cancel: "/customers".into(),
        version: None,
    };
    let input = CustomerInput {
        kind: "individual".into(),
        owner_id: staff.actor().user_id.0.to_string(),
        ..Default::default()
    };
    form_page(&state, &staff, spec, input, None).await
}

/// The toast after a save: with the first warning about what was saved, if any.
fn flash_of(done: &str, c: &app::customers::CustomerView) -> String {
    c.warnings.first().map_or_else(|| done.to_string(), |w| format!("{done}-{}", w.replace('_', "-")))
}

async fn create(
    State(state): State<AppState>,
    Need(staff, _): Need<CustomerWrite>,
    Query(p): Query<NewFor>,
    Form(input): Form<CustomerInput>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let submitted = input.clone();
    match state.run(move |app| app::customers::create(app, &actor, &input)).await {
        Ok(c) if p.purpose == "order" => Ok(Redirect::to(&format!("/orders/new?customer_id={}", c.id)).into_response()),
        Ok(c) => {
            Ok(Redirect::to(&format!("/customers/{}?flash={}", c.id, flash_of("customer-created", &c))).into_response())
        }
        Err(e @ (AppError::Validation(_) | AppError::Conflict(_))) => {
            let l = staff.locale();
            let spec = FormSpec {
                title: l.t("customer-new"),
                action: create_action(&p.purpose),
                cancel: "/customers".into(),
                version: None,
            };
            form_page(&state, &staff, spec, submitted, Some(&e)).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "customers/show.html")]
struct ShowPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    c: CustomerView,
    owner: String,
    can_write: bool,
    can_view_id: bool,
    history: Vec<super::history::Entry>,
    /// The customer's leads within the reader's scope (empty for roles without `lead_read`).
    leads: Vec<app::crm::Lead>,
    timeline: Vec<Moment>,
    can_export_data: bool,
    can_anonymise: bool,
    /// Why anonymisation was refused.
    privacy_error: Option<String>,
}

impl ShowPage {
    fn kind_label(&self) -> String {
        self.ctx.t(&format!("customer-kind-{}", self.c.kind))
    }

    fn stage(&self, lead: &app::crm::Lead) -> String {
        self.ctx.t(&format!("lead-stage-{}", lead.stage.code()))
    }

    fn stage_badge(&self, lead: &app::crm::Lead) -> &'static str {
        super::crm::stage_badge(lead.stage.code())
    }

    /// A code's label from its list (`value-tier`, `vip`).
    fn code(&self, prefix: &str, code: &str) -> String {
        self.ctx.t(&format!("{prefix}-{code}"))
    }

    fn purchases(&self, count: &i64) -> String {
        self.ctx.l.t_args("customer-purchases", &[("count", count.to_string())])
    }

    fn value_badge(&self, tier: &str) -> &'static str {
        match tier {
            "vip" => "text-bg-warning",
            "key" => "text-bg-primary",
            "regular" => "text-bg-success",
            _ => "text-bg-light border",
        }
    }
}

async fn show(
    State(state): State<AppState>,
    Need(staff, _): Need<CustomerRead>,
    Id(id): Id,
    Query(f): Query<Flash>,
) -> Result<Html<String>, WebError> {
    show_page(&state, &staff, id, f.flash.as_deref(), None).await
}

async fn show_page(
    state: &AppState,
    staff: &Staff,
    id: i64,
    flash: Option<&str>,
    privacy_error: Option<String>,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let (c, history, owners) = state
        .run(move |app| {
            let c = app::customers::get(app, &actor, id)?;
            let history = app::kernel::audit::history(app, "customer", id)?;
            let names = app::kernel::audit::names(app, &actor, &history)?;
            let leads = if actor.can(Permission::LeadRead) {
                app::crm::leads::of_customer(app, &actor, id)?
            } else {
                Vec::new()
            };
            let timeline = app::customers::timeline::of_customer(app, &actor, id)?;
            Ok((c, (history, names, leads, timeline), app::org::users::staff_of_store(app, &actor)?))
        })
        .await?;
    let owner = owners
        .iter()
        .find(|u| u.id == c.owner_id)
        .map_or_else(|| format!("#{}", c.owner_id), |u| u.display_name.clone());
    let l = staff.locale();
    let actor = staff.actor();
    let ctx = Ctx::new(staff, "/customers", flash);
    let (history, names, leads, timeline) = history;
    let history = super::history::read(&ctx, &history, &names, &[]);
    render(&ShowPage {
        ctx,
        crumbs: vec![(l.t("nav-customers"), "/customers".into()), (c.name.clone(), String::new())],
        can_write: actor.can(Permission::CustomerWrite),
        can_view_id: actor.can(Permission::CustomerViewIdNumber),
        can_export_data: actor.can(Permission::CustomerDataExport),
        can_anonymise: actor.can(Permission::CustomerAnonymise),
        c,
        owner,
        history,
        leads,
        timeline,
        privacy_error,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ExportForm {
    /// `xlsx`: the readable workbook (Chinese headings, yuan, words for codes); else JSON.
    format: String,
}

/// A copy of everything the store keeps about the customer, for them: the machine-readable JSON,
/// or a workbook a person reads (one sheet per kind of record); audited either way.
async fn data_export(
    State(state): State<AppState>,
    Need(staff, _): Need<CustomerDataExport>,
    Id(id): Id,
    Form(f): Form<ExportForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let document = state.run(move |app| app::customers::privacy::export(app, &actor, id)).await?;
    let (body, kind, name) = if f.format == "xlsx" {
        let tz = Ctx::new(&staff, "/customers", None).tz;
        let book = documents::xlsx::book(readable(staff.locale(), tz, &document))
            .map_err(|e| WebError::from(app::AppError::internal(e)))?;
        (book, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", format!("customer-{id}-data.xlsx"))
    } else {
        let json = serde_json::to_vec_pretty(&document).map_err(|e| WebError::from(app::AppError::internal(e)))?;
        (json, "application/json; charset=utf-8", format!("customer-{id}-data.json"))
    };
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, kind.to_string()),
            (axum::http::header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        body,
    )
        .into_response())
}

/// How a column of the export is read: as text, an amount in fen (written in yuan), or a code
/// whose words are the locale's `<prefix>-<code>`.
#[derive(Clone, Copy)]
enum Col {
    Text,
    Yuan,
    Code(&'static str),
}

/// The export's sections as sheets: (section, its columns).
const SECTIONS: [(&str, &[(&str, Col)]); 8] = [
    (
        "leads",
        &[
            ("created_at", Col::Text),
            ("channel", Col::Code("channel")),
            ("stage", Col::Code("lead-stage")),
            ("budget_fen", Col::Yuan),
            ("timeframe", Col::Code("lead-timeframe")),
            ("payment_intention", Col::Code("lead-payment")),
            ("trade_in", Col::Text),
            ("notes", Col::Text),
        ],
    ),
    (
        "contacts",
        &[
            ("at", Col::Text),
            ("kind", Col::Code("lead-contact")),
            ("outcome", Col::Code("lead-outcome")),
            ("note", Col::Text),
        ],
    ),
    (
        "test_drives",
        &[
            ("starts_at", Col::Text),
            ("status", Col::Code("test-drive-status")),
            ("licence_number_ends_with", Col::Text),
            ("impression", Col::Text),
        ],
    ),
    (
        "orders",
        &[
            ("order_no", Col::Text),
            ("created_at", Col::Text),
            ("status", Col::Code("status")),
            ("total_fen", Col::Yuan),
        ],
    ),
    (
        "payments",
        &[
            ("order_no", Col::Text),
            ("kind", Col::Code("pay-kind")),
            ("method", Col::Code("pay-method")),
            ("amount_fen", Col::Yuan),
            ("paid_on", Col::Text),
            ("status", Col::Code("pay-status")),
            ("receipt_no", Col::Text),
        ],
    ),
    (
        "refunds",
        &[
            ("order_no", Col::Text),
            ("kind", Col::Code("refund-kind")),
            ("amount_fen", Col::Yuan),
            ("status", Col::Code("refund-status")),
            ("reason", Col::Text),
            ("paid_at", Col::Text),
        ],
    ),
    (
        "contracts",
        &[
            ("order_no", Col::Text),
            ("contract_no", Col::Text),
            ("version", Col::Text),
            ("status", Col::Code("contract-status")),
            ("customer_signed_at", Col::Text),
            ("countersigned_at", Col::Text),
            ("pdf_sha256", Col::Text),
            ("signing_evidence", Col::Text),
        ],
    ),
    (
        "invoices",
        &[
            ("order_no", Col::Text),
            ("invoice_code", Col::Text),
            ("invoice_no", Col::Text),
            ("invoice_date", Col::Text),
            ("gross_fen", Col::Yuan),
            ("status", Col::Code("invoice-status")),
        ],
    ),
];

/// A value as a person reads it: an instant in the store's time ("2026-12-07 07:02"), other text
/// as is, a nested record as "key: value" pairs.
fn plain(tz: chrono_tz::Tz, v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => match chrono::DateTime::parse_from_rfc3339(s) {
            Ok(at) => at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string(),
            Err(_) => s.clone(),
        },
        serde_json::Value::Array(items) => items.iter().map(|i| plain(tz, i)).collect::<Vec<_>>().join("、"),
        serde_json::Value::Object(map) => map
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| format!("{k}: {}", plain(tz, v)))
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

fn cell(l: Locale, tz: chrono_tz::Tz, col: Col, v: &serde_json::Value) -> documents::xlsx::Cell {
    use documents::xlsx::Cell;
    match (col, v) {
        (_, serde_json::Value::Null) => Cell::Empty,
        (Col::Yuan, v) => v.as_i64().map_or(Cell::Empty, Cell::Yuan),
        (Col::Code(prefix), serde_json::Value::String(code)) => Cell::Text(l.t(&format!("{prefix}-{code}"))),
        (_, v) => Cell::Text(plain(tz, v)),
    }
}

/// The export document as a workbook: the profile and consent as item/value rows, then one sheet
/// per kind of record, headed in the reader's language.
fn readable(l: Locale, tz: chrono_tz::Tz, doc: &serde_json::Value) -> Vec<documents::xlsx::Sheet> {
    use documents::xlsx::{Cell, Sheet};
    let head = |key: &str| l.t(&format!("export-col-{key}"));
    let mut profile: Vec<Vec<Cell>> = Vec::new();
    if let Some(map) = doc["profile"].as_object() {
        for (k, v) in map {
            let col = if k == "kind" { Col::Code("customer-kind") } else { Col::Text };
            profile.push(vec![Cell::Text(head(k)), cell(l, tz, col, v)]);
        }
    }
    let consent = &doc["marketing_consent"];
    let given = if consent["given"].as_bool() == Some(true) { l.t("export-yes") } else { l.t("export-no") };
    profile.push(vec![Cell::Text(head("marketing_consent")), Cell::Text(given)]);
    profile
        .push(vec![Cell::Text(head("consent_source")), cell(l, tz, Col::Code("consent-source"), &consent["source"])]);
    profile.push(vec![Cell::Text(head("consent_at")), cell(l, tz, Col::Text, &consent["at"])]);
    profile.push(vec![Cell::Text(head("exported_at")), cell(l, tz, Col::Text, &doc["exported_at"])]);
    let mut sheets =
        vec![Sheet { name: l.t("export-sheet-profile"), headers: vec![head("item"), head("value")], rows: profile }];
    for (section, cols) in SECTIONS {
        let rows = doc[section]
            .as_array()
            .map(|items| {
                items.iter().map(|item| cols.iter().map(|(k, col)| cell(l, tz, *col, &item[*k])).collect()).collect()
            })
            .unwrap_or_default();
        sheets.push(Sheet {
            name: l.t(&format!("export-sheet-{section}")),
            headers: cols.iter().map(|(k, _)| head(k)).collect(),
            rows,
        });
    }
    sheets
}

#[derive(Deserialize)]
struct VersionForm {
    #[serde(default)]
    version: String,
}

/// Erases the customer's personal data on their request, after the page's confirmation.
async fn anonymise(
    State(state): State<AppState>,
    Need(staff, _): Need<CustomerAnonymise>,
    Id(id): Id,
    Form(f): Form<VersionForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let version = f.version.trim().parse().unwrap_or(-1);
    match state.run(move |app| app::customers::privacy::anonymise(app, &actor, id, version)).await {
        Ok(_) => Ok(Redirect::to(&format!("/customers/{id}?flash=customer-anonymised")).into_response()),
        Err(AppError::Conflict(Conflict::Refused { code })) => {
            let msg = staff.locale().error(code);
            Ok((StatusCode::CONFLICT, show_page(&state, &staff, id, None, Some(msg)).await?).into_response())
        }
        Err(AppError::Conflict(Conflict::Stale)) => {
            let msg = staff.locale().t("err-stale");
            Ok((StatusCode::CONFLICT, show_page(&state, &staff, id, None, Some(msg)).await?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

async fn edit(
    State(state): State<AppState>,
    Need(staff, _): Need<CustomerWrite>,
    Id(id): Id,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let c = state.run(move |app| app::customers::get(app, &actor, id)).await?;
    let l = staff.locale();
    let input = CustomerInput {
        kind: c.kind.clone(),
        name: c.name.clone(),
        mobile: c.mobile.clone(),
        email: c.email.clone().unwrap_or_default(),
        address: c.address.clone().unwrap_or_default(),
        // The stored ID number never goes back into a page; left blank, the stored one is kept.
        id_number: String::new(),
        credit_code: c.credit_code.clone().unwrap_or_default(),
        contact_person: c.contact_person.clone().unwrap_or_default(),
        notes: c.notes.clone().unwrap_or_default(),
        owner_id: c.owner_id.to_string(),
        version: c.version,
        tags: c.tags.join(", "),
        pref_colour: c.pref_colour.clone(),
        pref_configuration: c.pref_configuration.clone(),
        pref_contact_time: c.pref_contact_time.clone(),
        marketing_consent: c.marketing_consent,
        consent_source: c.consent_source.clone().unwrap_or_default(),
    };
    let spec = FormSpec {
        title: l.t_args("customer-edit", &[("name", c.name.clone())]),
        action: format!("/customers/{id}"),
        cancel: format!("/customers/{id}"),
        version: Some(c.version),
    };
    form_page(&state, &staff, spec, input, None).await
}

async fn update(
    State(state): State<AppState>,
    Need(staff, _): Need<CustomerWrite>,
    Id(id): Id,
    Form(input): Form<CustomerInput>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let submitted = input.clone();
    let version = input.version;
    match state.run(move |app| app::customers::update(app, &actor, id, version, &input)).await {
        Ok(c) => Ok(Redirect::to(&format!("/customers/{id}?flash={}", flash_of("saved", &c))).into_response()),
        Err(e @ (AppError::Validation(_) | AppError::Conflict(_))) => {
            let l = staff.locale();
            let spec = FormSpec {
                title: l.t_args("customer-edit", &[("name", submitted.name.clone())]),
                action: format!("/customers/{id}"),
                cancel: format!("/customers/{id}"),
                version: Some(version),
            };
            form_page(&state, &staff, spec, submitted, Some(&e)).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The full ID number, as an htmx fragment; the view is audited.
async fn reveal_id(
    State(state): State<AppState>,
    Need(staff, _): Need<CustomerRead>,
    Id(id): Id,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let number = state.run(move |app| app::customers::reveal_id_number(app, &actor, id)).await?;
    let escaped = number.unwrap_or_default().chars().filter(char::is_ascii_alphanumeric).collect::<String>();
    Ok(Html(format!("<span class=\"mono\" id=\"id-number\">{escaped}</span>")))
}

#[derive(Template)]
#[template(path = "customers/campaign.html")]
struct CampaignPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    /// The form's action and the list it came from, with the list's filters.
    action: String,
    back: String,
    reach: CampaignResult,
    sent: Option<CampaignResult>,
    subject: String,
    body: String,
    errors: HashMap<String, String>,
    form_error: Option<String>,
}

impl CampaignPage {
    fn counts(&self, key: &str, r: &CampaignResult) -> String {
        let n = |v: i64| v.to_string();
        self.ctx.l.t_args(
            key,
            &[("sent", n(r.sent)), ("without_consent", n(r.without_consent)), ("without_email", n(r.without_email))],
        )
    }

    fn aria(&self, field: &str) -> String {
        crate::html::form::aria_invalid(field, self.errors.contains_key(field))
    }

    fn invalid(&self, field: &str) -> &'static str {
        if self.errors.contains_key(field) { "is-invalid" } else { "" }
    }
}

/// The list's filters as they came, for the campaign form's links.
fn filter_query(uri: &axum::http::Uri) -> String {
    uri.query().map(|q| format!("?{q}")).unwrap_or_default()
}

async fn campaign_page(
    state: &AppState,
    staff: &Staff,
    q: ListQuery,
    uri: &axum::http::Uri,
    input: CampaignInput,
    outcome: Option<Result<CampaignResult, AppError>>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let filter = filter_of(&q);
    let reach = state.run(move |app| app::customers::campaign::preview(app, &actor, &filter)).await?;
    let l = staff.locale();
    let (mut errors, mut form_error, mut sent, mut status) = (HashMap::new(), None, None, StatusCode::OK);
    match outcome {
        Some(Ok(r)) => sent = Some(r),
        Some(Err(AppError::Validation(fe))) => {
            for e in fe.iter() {
                errors.entry(e.field.clone()).or_insert_with(|| l.error(e.code));
            }
            form_error = fe.get("filter").map(|c| l.error(c)).or_else(|| Some(l.t("err-validation")));
            status = StatusCode::UNPROCESSABLE_ENTITY;
        }
        Some(Err(e)) => return Err(e.into()),
        None => {}
    }
    let query = filter_query(uri);
    let page = CampaignPage {
        ctx: Ctx::new(staff, "/customers", None),
        crumbs: vec![(l.t("nav-customers"), format!("/customers{query}")), (l.t("customer-campaign"), String::new())],
        action: format!("/customers/campaign{query}"),
        back: format!("/customers{query}"),
        reach,
        // A sent message is not offered again.
        subject: if sent.is_some() { String::new() } else { input.subject },
        body: if sent.is_some() { String::new() } else { input.body },
        sent,
        errors,
        form_error,
    };
    Ok((status, render(&page)?).into_response())
}

/// The marketing e-mail form for the filtered list, with how many it would reach.
async fn campaign_form(
    State(state): State<AppState>,
    Need(staff, _): Need<CustomerCampaign>,
    Query(q): Query<ListQuery>,
    uri: axum::http::Uri,
) -> Result<Response, WebError> {
    campaign_page(&state, &staff, q, &uri, CampaignInput::default(), None).await
}

async fn campaign_send(
    State(state): State<AppState>,
    Need(staff, _): Need<CustomerCampaign>,
    Query(q): Query<ListQuery>,
    uri: axum::http::Uri,
    Form(input): Form<CampaignInput>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let filter = filter_of(&q);
    let typed = input.clone();
    let outcome = state.run(move |app| app::customers::campaign::send(app, &actor, &filter, &input)).await;
    campaign_page(&state, &staff, q, &uri, typed, Some(outcome)).await
}
