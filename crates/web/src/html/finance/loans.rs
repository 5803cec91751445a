//! The lenders' loan products (group data): a list and its form, for an administrator or a
//! finance user with group scope.

use crate::AppState;
use crate::error::WebError;
use crate::extract::{Form, Id};
use crate::html::form::{Field, FormPage, Kind, active_options, submit};
use crate::html::{Ctx, Flash, render};
use crate::session::{LoanProductManage, Need, Staff};
use app::App;
use app::finance::loan_products::{LoanProduct, LoanProductInput};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, Response};
use axum::routing::get;
use domain::org::Actor;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/loan-products", get(list).post(create))
        .route("/admin/loan-products/new", get(new))
        .route("/admin/loan-products/{id}", get(edit).post(update))
}

const HOME: &str = "/admin/loan-products";

#[derive(Template)]
#[template(path = "finance/loan_products.html")]
struct ListPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    products: Vec<LoanProduct>,
}

impl ListPage {
    fn percent(&self, bp: &i32) -> String {
        percent(i64::from(*bp))
    }

    fn months(&self, n: &i32) -> String {
        self.ctx.l.t_args("loan-months", &[("n", n.to_string())])
    }
}

/// `8000` → `80`, `8550` → `85.5`.
fn percent(bp: i64) -> String {
    let s = format!("{}.{:02}", bp / 100, bp % 100);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

async fn list(
    State(state): State<AppState>,
    Need(staff, _): Need<LoanProductManage>,
    Query(f): Query<Flash>,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let products = state.run(move |app| app::finance::loan_products::all(app, &actor)).await?;
    let l = staff.locale();
    render(&ListPage {
        ctx: Ctx::new(&staff, HOME, f.flash.as_deref()),
        crumbs: vec![(l.t("nav-loan-products"), String::new())],
        products,
    })
}

/// The form as typed: the loan-to-value in percent.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct ProductForm {
    version: i64,
    lender: String,
    name: String,
    max_ltv_percent: String,
    max_months: String,
    active: Option<bool>,
}

impl ProductForm {
    /// A value that is no percent or no whole number becomes 0, which the use case refuses with
    /// its range message next to the field.
    fn input(&self) -> LoanProductInput {
        let bp = domain::Money::parse_price(&self.max_ltv_percent).map(|m| m.fen()).unwrap_or(0);
        LoanProductInput {
            lender: self.lender.clone(),
            name: self.name.clone(),
            max_ltv_bp: bp,
            max_months: self.max_months.trim().parse().unwrap_or(0),
            active: self.active.unwrap_or(true),
        }
    }
}

fn form(staff: &Staff, title: String, action: String, version: Option<i64>, p: &ProductForm) -> FormPage {
    let l = staff.locale();
    let mut fields = vec![
        Field::new(l, "lender", Kind::Text, &p.lender).required().autofocus(),
        Field::new(l, "name", Kind::Text, &p.name).required(),
        Field::new(l, "max_ltv_percent", Kind::Percent, &p.max_ltv_percent)
            .required()
            .errors_of("max_ltv_bp")
            .help(l.t("help-max-ltv-percent")),
        Field::new(l, "max_months", Kind::Number, &p.max_months).required(),
    ];
    if version.is_some() {
        fields.push(
            Field::new(l, "active", Kind::Select, p.active.unwrap_or(true).to_string())
                .options(active_options(l))
                .help(l.t("help-loan-product-active")),
        );
    }
    FormPage {
        ctx: Ctx::new(staff, HOME, None),
        crumbs: vec![(l.t("nav-loan-products"), HOME.into()), (title.clone(), String::new())],
        title,
        action,
        cancel: HOME.into(),
        submit: l.t("action-save"),
        version,
        fields,
        form_error: None,
    }
}

async fn new(Need(staff, _): Need<LoanProductManage>) -> Result<Html<String>, WebError> {
    let p = ProductForm { max_ltv_percent: "80".into(), max_months: "60".into(), ..Default::default() };
    render(&form(&staff, staff.locale().t("loan-product-new"), HOME.into(), None, &p))
}

async fn create(
    State(state): State<AppState>,
    Need(staff, _): Need<LoanProductManage>,
    Form(p): Form<ProductForm>,
) -> Result<Response, WebError> {
    let input = p.input();
    let write = move |app: &App, a: &Actor| app::finance::loan_products::create(app, a, &input, None);
    let page = async || Ok(form(&staff, staff.locale().t("loan-product-new"), HOME.into(), None, &p));
    submit(&state, &staff, write, |_| format!("{HOME}?flash=saved"), page).await
}

async fn edit(
    State(state): State<AppState>,
    Need(staff, _): Need<LoanProductManage>,
    Id(id): Id,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let p = state.run(move |app| app::finance::loan_products::get(app, &actor, id)).await?;
    let typed = ProductForm {
        version: p.version,
        lender: p.lender.clone(),
        name: p.name.clone(),
        max_ltv_percent: percent(i64::from(p.max_ltv_bp)),
        max_months: p.max_months.to_string(),
        active: Some(p.active),
    };
    let title = format!("{} · {}", p.lender, p.name);
    render(&form(&staff, title, format!("{HOME}/{id}"), Some(p.version), &typed))
}

async fn update(
    State(state): State<AppState>,
    Need(staff, _): Need<LoanProductManage>,
    Id(id): Id,
    Form(p): Form<ProductForm>,
) -> Result<Response, WebError> {
    let (input, version) = (p.input(), p.version);
    let write = move |app: &App, a: &Actor| app::finance::loan_products::update(app, a, id, version, &input);
    let title = format!("{} · {}", p.lender, p.name);
    let page = async || Ok(form(&staff, title, format!("{HOME}/{id}"), Some(p.version), &p));
    submit(&state, &staff, write, |_| format!("{HOME}?flash=saved"), page).await
}
