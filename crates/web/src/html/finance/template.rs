//! The store's contract template, edited by its administrator: letterhead, clauses with their
//! placeholders, and whether the buyer's ID number is masked.

use crate::AppState;
use crate::error::WebError;
use crate::extract::Form;
use crate::html::{Ctx, render};
use crate::session::{ContractTemplateManage, Need};
use app::AppError;
use app::finance::template::{Clause, PLACEHOLDERS, Template as ContractTemplate};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use domain::FieldErrors;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new().route("/admin/contract-template", get(edit).post(save))
}

#[derive(Template)]
#[template(path = "finance/template.html")]
struct TemplatePage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    t: ContractTemplate,
    errors: FieldErrors,
    placeholders: Vec<String>,
}

impl TemplatePage {
    fn err(&self, field: &str) -> Option<String> {
        self.errors.get(field).map(|code| self.ctx.l.error(code))
    }

    fn invalid(&self, field: &str) -> String {
        crate::html::form::aria_invalid(field, self.errors.get(field).is_some())
    }

    fn fields(&self) -> Vec<(&'static str, String, bool)> {
        let t = &self.t;
        vec![
            ("title", t.title.clone(), false),
            ("seller_name", t.seller_name.clone(), false),
            ("uscc", t.uscc.clone(), false),
            ("phone", t.phone.clone(), false),
            ("address", t.address.clone(), true),
            ("bank", t.bank.clone(), false),
            ("account", t.account.clone(), false),
            ("delivery_place", t.delivery_place.clone(), false),
        ]
    }

    fn label(&self, name: &str) -> String {
        self.ctx.t(&format!("field-{}", name.replace('_', "-")))
    }

    /// The clauses with two empty rows to add more.
    fn rows(&self) -> Vec<(usize, Clause)> {
        let mut rows = self.t.clauses.clone();
        rows.push(Clause { title: String::new(), body: String::new() });
        rows.push(Clause { title: String::new(), body: String::new() });
        rows.into_iter().enumerate().collect()
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TemplateForm {
    title: String,
    seller_name: String,
    uscc: String,
    address: String,
    phone: String,
    bank: String,
    account: String,
    delivery_place: String,
    warranty_notice: String,
    mask_id: String,
    clause_title: Vec<String>,
    clause_body: Vec<String>,
    version: i64,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct EditQuery {
    flash: Option<String>,
}

fn page(
    staff: &crate::session::Staff,
    t: ContractTemplate,
    errors: FieldErrors,
    flash: Option<&str>,
) -> Result<axum::response::Html<String>, WebError> {
    let l = staff.locale();
    render(&TemplatePage {
        ctx: Ctx::new(staff, "/admin/contract-template", flash),
        crumbs: vec![(l.t("nav-group-settings"), String::new()), (l.t("nav-contract-template"), String::new())],
        t,
        errors,
        placeholders: PLACEHOLDERS.iter().map(|(p, _)| format!("{{{p}}}")).collect(),
    })
}

async fn edit(
    State(state): State<AppState>,
    Need(staff, _): Need<ContractTemplateManage>,
    Query(q): Query<EditQuery>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let t = state.run(move |app| app::finance::template::get(app, &actor)).await?;
    Ok(page(&staff, t, FieldErrors::new(), q.flash.as_deref())?.into_response())
}

async fn save(
    State(state): State<AppState>,
    Need(staff, _): Need<ContractTemplateManage>,
    Form(f): Form<TemplateForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let input = ContractTemplate {
        title: f.title,
        seller_name: f.seller_name,
        uscc: f.uscc,
        address: f.address,
        phone: f.phone,
        bank: f.bank,
        account: f.account,
        delivery_place: f.delivery_place,
        warranty_notice: f.warranty_notice,
        clauses: f.clause_title.into_iter().zip(f.clause_body).map(|(title, body)| Clause { title, body }).collect(),
        mask_id: f.mask_id == "true",
        version: f.version,
    };
    let shown = input.clone();
    match state.run(move |app| app::finance::template::save(app, &actor, &input)).await {
        Ok(_) => Ok(Redirect::to("/admin/contract-template?flash=template-saved").into_response()),
        Err(AppError::Validation(errors)) => {
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page(&staff, shown, errors, None)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
