//! Approval rules administration: a condition, a threshold, and the roles that approve.

use crate::AppState;
use crate::error::WebError;
use crate::extract::{Form, Id};
use crate::html::form::{Field, FormPage, Kind, active_options, submit};
use crate::html::{Ctx, Flash, render};
use crate::session::{ApprovalRulesManage, Need, Staff};
use app::App;
use app::sales::ApprovalRule;
use app::sales::rules::{RuleInput, input_of};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, Response};
use axum::routing::get;
use domain::org::Actor;
use domain::sales::approval::{APPROVER_ORDER, Condition};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/approval-rules", get(list).post(create))
        .route("/admin/approval-rules/new", get(new))
        .route("/admin/approval-rules/{id}", get(edit).post(update))
}

#[derive(Template)]
#[template(path = "admin/rules.html")]
struct ListPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    rules: Vec<ApprovalRule>,
}

impl ListPage {
    fn condition(&self, r: &ApprovalRule) -> String {
        let i = input_of(r);
        let label = self.ctx.t(&format!("condition-{}", r.condition));
        match r.condition.as_str() {
            "discount_percent_over" => format!("{label} {}%", i.threshold),
            "below_floor_price" => label,
            "payment_method_is" => format!("{label} {}", self.ctx.t(&format!("payment-{}", i.threshold))),
            _ => format!("{label} ¥{}", i.threshold),
        }
    }

    fn levels(&self, r: &ApprovalRule) -> String {
        input_of(r).levels.iter().map(|l| self.ctx.t(&format!("role-{l}"))).collect::<Vec<_>>().join(" → ")
    }
}

async fn list(
    State(state): State<AppState>,
    Need(staff, _): Need<ApprovalRulesManage>,
    Query(f): Query<Flash>,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let rules = state.run(move |app| app::sales::rules::list(app, &actor)).await?;
    render(&ListPage {
        ctx: Ctx::new(&staff, "/admin/approval-rules", f.flash.as_deref()),
        crumbs: vec![(staff.locale().t("nav-approval-rules"), String::new())],
        rules,
    })
}

fn form(staff: &Staff, r: &RuleInput, id: Option<i64>) -> FormPage {
    let l = staff.locale();
    let conditions = Condition::KINDS.iter().map(|k| (k.to_string(), l.t(&format!("condition-{k}")))).collect();
    let roles = APPROVER_ORDER.iter().map(|r| (r.code().to_string(), l.t(&format!("role-{}", r.code())))).collect();
    let mut fields = vec![
        Field::new(l, "name", Kind::Text, &r.name).required().autofocus(),
        Field::new(l, "condition", Kind::Select, &r.condition).required().options(conditions),
        Field::new(l, "threshold", Kind::Text, &r.threshold).help(l.t("help-threshold")),
        Field::new(l, "levels", Kind::MultiCheck, "").options(roles).values(r.levels.clone()).help(l.t("help-levels")),
    ];
    if id.is_some() {
        fields.push(Field::new(l, "active", Kind::Select, r.active.to_string()).options(active_options(l)));
    }
    let (title, action) = match id {
        Some(id) => (r.name.clone(), format!("/admin/approval-rules/{id}")),
        None => (l.t("rule-new"), "/admin/approval-rules".into()),
    };
    FormPage {
        ctx: Ctx::new(staff, "/admin/approval-rules", None),
        crumbs: vec![(l.t("nav-approval-rules"), "/admin/approval-rules".into()), (title.clone(), String::new())],
        title,
        action,
        cancel: "/admin/approval-rules".into(),
        submit: l.t("action-save"),
        version: id.map(|_| r.version),
        fields,
        form_error: None,
    }
}

async fn new(Need(staff, _): Need<ApprovalRulesManage>) -> Result<Html<String>, WebError> {
    let input = RuleInput {
        condition: "discount_percent_over".into(),
        levels: vec!["sales_manager".into()],
        active: true,
        ..Default::default()
    };
    render(&form(&staff, &input, None))
}

async fn create(
    State(state): State<AppState>,
    Need(staff, _): Need<ApprovalRulesManage>,
    Form(input): Form<RuleInput>,
) -> Result<Response, WebError> {
    let sub = input.clone();
    let write = move |app: &App, a: &Actor| app::sales::rules::create(app, a, &input);
    submit(&state, &staff, write, |_| "/admin/approval-rules?flash=saved".into(), async || Ok(form(&staff, &sub, None)))
        .await
}

async fn edit(
    State(state): State<AppState>,
    Need(staff, _): Need<ApprovalRulesManage>,
    Id(id): Id,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let r = state.run(move |app| app::sales::rules::get(app, &actor, id)).await?;
    render(&form(&staff, &input_of(&r), Some(id)))
}

async fn update(
    State(state): State<AppState>,
    Need(staff, _): Need<ApprovalRulesManage>,
    Id(id): Id,
    Form(input): Form<RuleInput>,
) -> Result<Response, WebError> {
    let sub = input.clone();
    let write = move |app: &App, a: &Actor| app::sales::rules::update(app, a, id, &input);
    submit(
        &state,
        &staff,
        write,
        |_| "/admin/approval-rules?flash=saved".into(),
        async || Ok(form(&staff, &sub, Some(id))),
    )
    .await
}
