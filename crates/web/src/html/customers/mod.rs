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

mod campaign;
mod form;
mod privacy;
mod vehicles;

/// What customers adds to the web layer (listed in `capabilities::ALL`).
pub(crate) const WEB: crate::registry::Web = crate::registry::Web {
    name: "customers",
    pages: routes,
    api: crate::api::customers::routes,
    api_doc: || <crate::api::customers::Doc as utoipa::OpenApi>::openapi(),
    menu: MENU,
    home_cards: None,
    order_panels: &[],
    repair_order_panels: &[],
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/customers", get(list).post(form::create))
        .route("/customers/new", get(form::new))
        .route("/customers/export", get(export))
        .route("/customers/campaign", get(campaign::campaign_form).post(campaign::campaign_send))
        .route("/customers/{id}", get(show).post(form::update))
        .route("/customers/{id}/edit", get(form::edit))
        .route("/customers/{id}/id-number", post(reveal_id))
        .route("/customers/{id}/data-export", post(privacy::data_export))
        .route("/customers/{id}/anonymise", post(privacy::anonymise))
        .route("/customers/{id}/vehicles", post(vehicles::add))
        .route("/customer-vehicles", get(vehicles::find))
        .route("/customer-vehicles/{id}/release", post(vehicles::release))
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
    /// The customer's cars, owned now first.
    vehicles: Vec<app::customers::vehicles::CustomerVehicle>,
    /// The car form as typed, with its errors, when it was refused.
    vehicle_form: vehicles::VehicleForm,
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

    fn vehicle_err(&self, field: &str) -> Option<&String> {
        self.vehicle_form.errors.get(field)
    }

    fn vehicle_aria(&self, field: &str) -> String {
        crate::html::form::aria_invalid(field, self.vehicle_form.errors.contains_key(field))
    }

    fn vehicle_invalid(&self, field: &str) -> &'static str {
        if self.vehicle_form.errors.contains_key(field) { "is-invalid" } else { "" }
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
    show_page(&state, &staff, id, f.flash.as_deref(), None, vehicles::VehicleForm::default()).await
}

async fn show_page(
    state: &AppState,
    staff: &Staff,
    id: i64,
    flash: Option<&str>,
    privacy_error: Option<String>,
    vehicle_form: vehicles::VehicleForm,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let (c, history, owners) = state
        .run(move |app| {
            let c = app::customers::get(app, &actor, id)?;
            let history = app::kernel::audit::history(app, &actor, "customer", id)?;
            let names = app::kernel::audit::names(app, &actor, &history)?;
            let leads = if actor.can(Permission::LeadRead) {
                app::crm::leads::of_customer(app, &actor, id)?
            } else {
                Vec::new()
            };
            let timeline = app::customers::timeline::of_customer(app, &actor, id)?;
            let vehicles = app::customers::vehicles::of_customer(app, &actor, id)?;
            Ok((c, (history, names, leads, timeline, vehicles), app::org::users::staff_of_store(app, &actor)?))
        })
        .await?;
    let owner = owners
        .iter()
        .find(|u| u.id == c.owner_id)
        .map_or_else(|| format!("#{}", c.owner_id), |u| u.display_name.clone());
    let l = staff.locale();
    let actor = staff.actor();
    let ctx = Ctx::new(staff, "/customers", flash);
    let (history, names, leads, timeline, vehicles) = history;
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
        vehicles,
        vehicle_form,
    })
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
