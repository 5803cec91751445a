//! The catalogue as staff browse it: the brand tree and a model's page.

use crate::AppState;
use crate::error::WebError;
use crate::extract::Id;
use crate::html::form::{Field, FormPage};
use crate::html::{Ctx, Flash, render};
use crate::i18n::Locale;
use crate::session::{CatalogueRead, Need, Staff};
use app::catalogue::{BrandTree, ModelDetail};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;
use domain::Money;
use domain::rbac::Permission;

#[derive(Template)]
#[template(path = "catalogue/index.html")]
pub(super) struct IndexPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    tree: Vec<BrandTree>,
    can_manage: bool,
}

impl IndexPage {
    fn price_range(&self, trims: &[app::catalogue::Trim]) -> String {
        let prices = trims.iter().filter(|t| t.active).map(|t| t.msrp_fen);
        match (prices.clone().min(), prices.max()) {
            (Some(a), Some(b)) if a == b => Money::from_fen(a).to_string(),
            (Some(a), Some(b)) => format!("{} – {}", Money::from_fen(a), Money::from_fen(b)),
            _ => "—".into(),
        }
    }
}

pub(super) async fn index(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueRead>,
    Query(f): Query<Flash>,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let tree = state.run(move |app| app::catalogue::tree(app, &actor)).await?;
    render(&IndexPage {
        ctx: Ctx::new(&staff, "/catalogue", f.flash.as_deref()),
        crumbs: vec![(staff.locale().t("nav-catalogue"), String::new())],
        tree,
        can_manage: staff.actor().can(Permission::CatalogueManage),
    })
}

#[derive(Template)]
#[template(path = "catalogue/model.html")]
pub(super) struct ModelPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    d: ModelDetail,
    can_manage: bool,
}

impl ModelPage {
    fn trim_names(&self, ids: &[i64]) -> String {
        if !self.d.trims.is_empty() && ids.len() == self.d.trims.len() {
            return self.ctx.t("option-fits-all");
        }
        self.d
            .trims
            .iter()
            .filter(|t| ids.contains(&t.id))
            .map(|t| format!("{} {}", t.model_year, t.name))
            .collect::<Vec<_>>()
            .join(&self.ctx.t("list-separator"))
    }

    fn fuel(&self, fuel: &domain::catalogue::FuelType) -> String {
        self.ctx.t(&format!("fuel-{}", fuel.code()))
    }
}

pub(super) async fn model_show(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueRead>,
    Id(id): Id,
    Query(f): Query<Flash>,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let d = state.run(move |app| app::catalogue::model(app, &actor, id)).await?;
    let l = staff.locale();
    render(&ModelPage {
        ctx: Ctx::new(&staff, "/catalogue", f.flash.as_deref()),
        crumbs: vec![
            (l.t("nav-catalogue"), "/catalogue".into()),
            (format!("{} {}", d.brand.name, d.model.name), String::new()),
        ],
        d,
        can_manage: staff.actor().can(Permission::CatalogueManage),
    })
}

pub(super) fn page(
    staff: &Staff,
    title: String,
    back: (String, String),
    action: String,
    version: Option<i64>,
    fields: Vec<Field>,
) -> FormPage {
    let l = staff.locale();
    FormPage {
        ctx: Ctx::new(staff, "/catalogue", None),
        crumbs: vec![(l.t("nav-catalogue"), "/catalogue".into()), back.clone(), (title.clone(), String::new())],
        title,
        action,
        cancel: back.1,
        submit: l.t("action-save"),
        version,
        fields,
        form_error: None,
    }
}

pub(super) fn catalogue_root(l: Locale) -> (String, String) {
    (l.t("catalogue-brands"), "/catalogue".into())
}

pub(super) async fn model_crumb(state: &AppState, staff: &Staff, model_id: i64) -> Result<(String, String), WebError> {
    let actor = staff.actor().clone();
    let d = state.run(move |app| app::catalogue::model(app, &actor, model_id)).await?;
    Ok((format!("{} {}", d.brand.name, d.model.name), format!("/catalogue/models/{model_id}")))
}
