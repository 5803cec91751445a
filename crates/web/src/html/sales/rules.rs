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
use domain::sales::PaymentMethod;
use domain::sales::approval::{APPROVER_ORDER, Condition};
use serde::Deserialize;

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

/// The rule form as the page posts it: the threshold in the field of its condition's kind (a
/// percentage, an amount in yuan, or a payment method chosen from the list).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct RuleForm {
    name: String,
    condition: String,
    threshold_percent: String,
    threshold_amount: String,
    threshold_payment: String,
    levels: Vec<String>,
    #[serde(default = "yes")]
    active: bool,
    version: i64,
}

fn yes() -> bool {
    true
}

impl RuleForm {
    fn input(&self) -> RuleInput {
        let threshold = match self.condition.as_str() {
            "discount_percent_over" => &self.threshold_percent,
            "payment_method_is" => &self.threshold_payment,
            "below_floor_price" => "",
            _ => &self.threshold_amount,
        };
        RuleInput {
            name: self.name.clone(),
            condition: self.condition.clone(),
            threshold: threshold.to_string(),
            levels: self.levels.clone(),
            active: self.active,
            version: self.version,
        }
    }

    fn of(r: &RuleInput) -> Self {
        let mut f = RuleForm {
            name: r.name.clone(),
            condition: r.condition.clone(),
            levels: r.levels.clone(),
            active: r.active,
            version: r.version,
            ..Default::default()
        };
        match r.condition.as_str() {
            "discount_percent_over" => f.threshold_percent = r.threshold.clone(),
            "payment_method_is" => f.threshold_payment = r.threshold.clone(),
            "below_floor_price" => {}
            _ => f.threshold_amount = r.threshold.clone(),
        }
        f
    }
}

const AMOUNT_CONDITIONS: [&str; 2] = ["discount_amount_over", "gifts_value_over"];

fn form(staff: &Staff, r: &RuleForm, id: Option<i64>) -> FormPage {
    let l = staff.locale();
    let conditions = Condition::KINDS.iter().map(|k| (k.to_string(), l.t(&format!("condition-{k}")))).collect();
    let roles = APPROVER_ORDER.iter().map(|r| (r.code().to_string(), l.t(&format!("role-{}", r.code())))).collect();
    let payments =
        PaymentMethod::ALL.iter().map(|p| (p.code().to_string(), l.t(&format!("payment-{}", p.code())))).collect();
    let mut fields = vec![
        Field::new(l, "name", Kind::Text, &r.name).required().autofocus(),
        Field::new(l, "condition", Kind::Select, &r.condition).required().options(conditions),
        Field::new(l, "threshold_percent", Kind::Percent, &r.threshold_percent)
            .required()
            .errors_of("threshold")
            .shown_when("condition", &["discount_percent_over"])
            .help(l.t("help-threshold-percent")),
        Field::new(l, "threshold_amount", Kind::Money, &r.threshold_amount)
            .required()
            .errors_of("threshold")
            .shown_when("condition", &AMOUNT_CONDITIONS)
            .help(l.t("help-threshold-amount")),
        Field::new(l, "threshold_payment", Kind::Select, &r.threshold_payment)
            .required()
            .errors_of("threshold")
            .shown_when("condition", &["payment_method_is"])
            .options(payments),
        Field::new(l, "levels", Kind::MultiCheck, "")
            .required()
            .options(roles)
            .values(r.levels.clone())
            .help(l.t("help-levels")),
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
    let input = RuleForm {
        condition: "discount_percent_over".into(),
        threshold_payment: "company".into(),
        levels: vec!["sales_manager".into()],
        active: true,
        ..Default::default()
    };
    render(&form(&staff, &input, None))
}

async fn create(
    State(state): State<AppState>,
    Need(staff, _): Need<ApprovalRulesManage>,
    Form(posted): Form<RuleForm>,
) -> Result<Response, WebError> {
    let (sub, input) = (posted.clone(), posted.input());
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
    render(&form(&staff, &RuleForm::of(&input_of(&r)), Some(id)))
}

async fn update(
    State(state): State<AppState>,
    Need(staff, _): Need<ApprovalRulesManage>,
    Id(id): Id,
    Form(posted): Form<RuleForm>,
) -> Result<Response, WebError> {
    let (sub, input) = (posted.clone(), posted.input());
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
