//! The order page's money box: balance, contract versions (countersign with a drawn signature),
//! payments (register, confirm, receipts), refunds, the invoice; and a contract version's page
//! with its evidence and the verification of its archived files.

use crate::AppState;
use crate::error::WebError;
use crate::extract::Id;
use crate::html::panels::{Loaded, OrderPanel};
use crate::html::{Ctx, render};
use crate::session::Staff;
use app::finance::OrderMoney;
use app::finance::contracts::Verification;
use app::finance::loan_products::LoanProduct;
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use domain::Money;

/// What the money box opens again after a refused submission: the form, what was typed in
/// it, and the fields' messages (by the form's field names).
#[derive(Default)]
pub struct Reopen {
    form: String,
    typed: Option<super::MoneyForm>,
    errors: Vec<(String, &'static str)>,
}

impl Reopen {
    /// Only the form opened (the `open` of the address).
    pub fn form(form: &str) -> Self {
        Self { form: form.to_string(), ..Self::default() }
    }

    /// The form opened with what the user typed.
    pub(crate) fn typed(form: &str, typed: super::MoneyForm) -> Self {
        Self { form: form.to_string(), typed: Some(typed), errors: Vec::new() }
    }

    /// The fields' messages; the services' names for a field become the form's.
    pub fn with_errors(self, errors: Vec<(String, &'static str)>) -> Self {
        let form_name = |field: String| match field.as_str() {
            "amount_fen" => "amount".to_string(),
            "reason" => "text".to_string(),
            _ => field,
        };
        Self { errors: errors.into_iter().map(|(f, c)| (form_name(f), c)).collect(), ..self }
    }
}

#[derive(Template)]
#[template(path = "finance/order.html")]
struct MoneyBox<'a> {
    ctx: &'a Ctx,
    order_id: i64,
    m: &'a OrderMoney,
    products: &'a [LoanProduct],
    /// The form to open again after an error (`payment`, `invoice`…) and what was typed in it.
    reopen: &'a Reopen,
    /// The customer's link while a contract waits for their signature.
    link: Option<(String, String)>,
    today: String,
}

impl MoneyBox<'_> {
    /// A decision the rules take on payment `p` now (`available_decisions`).
    fn decides(&self, p: &app::finance::Payment, decision: &str) -> bool {
        p.decisions.iter().any(|d| d == decision)
    }

    fn can(&self, action: &str) -> bool {
        self.m.actions.iter().any(|a| a == action)
    }

    fn fen(&self, f: &i64) -> String {
        Money::from_fen(*f).to_string()
    }

    fn t(&self, key: &str) -> String {
        self.ctx.t(key)
    }

    fn code<T: serde::Serialize>(v: &T) -> String {
        serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
    }

    fn tr<T: serde::Serialize>(&self, prefix: &str, v: &T) -> String {
        self.ctx.t(&format!("{prefix}-{}", Self::code(v)))
    }

    fn badge<T: serde::Serialize>(&self, v: &T) -> &'static str {
        match Self::code(v).as_str() {
            "confirmed" | "signed" | "paid" | "valid" => "text-bg-success",
            "registered" | "requested" | "approved" | "awaiting_customer" | "awaiting_countersign" => "text-bg-warning",
            _ => "text-bg-secondary",
        }
    }

    fn is<T: serde::Serialize>(&self, v: &T, code: &str) -> bool {
        Self::code(v) == code
    }

    fn current(&self) -> Option<&app::finance::Contract> {
        self.m.contracts.iter().find(|k| Self::code(&k.status) != "superseded")
    }

    /// The signed version still in force while a supplement (the current version) waits.
    fn in_force_beside(&self) -> Option<&app::finance::Contract> {
        let current = self.current()?;
        self.m.contracts.iter().find(|k| k.id != current.id && Self::code(&k.status) == "signed")
    }

    fn older(&self) -> Vec<&app::finance::Contract> {
        self.m.contracts.iter().filter(|k| Self::code(&k.status) == "superseded").collect()
    }

    fn open_if(&self, form: &str) -> &'static str {
        if self.reopen.form == form { "open" } else { "" }
    }

    /// What the user typed in a field, when `form` is the reopened one; else the default.
    fn typed<'b>(&'b self, form: &str, field: &str, default: &'b str) -> &'b str {
        match &self.reopen.typed {
            Some(t) if self.reopen.form == form => t.value(field),
            _ => default,
        }
    }

    /// `selected` on the option the user had chosen.
    fn chosen(&self, form: &str, field: &str, value: &str) -> &'static str {
        if self.reopen.typed.is_some() && self.typed(form, field, "") == value { "selected" } else { "" }
    }

    /// A field's message, when `form` is the reopened one.
    fn error(&self, form: &str, field: &str) -> Option<String> {
        if self.reopen.form != form {
            return None;
        }
        let (_, code) = self.reopen.errors.iter().find(|(f, _)| f == field)?;
        Some(self.ctx.l.error(code))
    }

    /// ` is-invalid` on a field with a message.
    fn invalid(&self, form: &str, field: &str) -> &'static str {
        if self.error(form, field).is_some() { " is-invalid" } else { "" }
    }

    /// The ARIA attributes that point at a field's message (`{form}-{field}-error`).
    fn aria(&self, form: &str, field: &str) -> String {
        if self.error(form, field).is_some() {
            format!(" aria-invalid=\"true\" aria-describedby=\"{form}-{field}-error\"")
        } else {
            String::new()
        }
    }
}

/// The money box on the order page, once the order is approved or has money or a contract.
pub const MONEY_PANEL: OrderPanel = OrderPanel { name: "finance.money", load: load_money, render: render_money };

type MoneyData = (OrderMoney, Vec<LoanProduct>, Option<String>);

fn load_money(app: &app::App, actor: &domain::org::Actor, o: &app::sales::OrderView) -> app::AppResult<Loaded> {
    let money = app::finance::workspace::of_order(app, actor, o.order.id)?;
    let products = app::finance::loan_products::active(app)?;
    let sign_link = app::finance::signing::link_for(app, &money, o.order.customer_id);
    Ok(Box::new((money, products, sign_link)))
}

fn render_money(ctx: &Ctx, o: &app::sales::OrderView, data: Loaded, open: &str, again: Option<Loaded>) -> String {
    let Ok(data) = data.downcast::<MoneyData>() else { return String::new() };
    let (money, products, sign_link) = *data;
    let shown = o.order.stage == domain::sales::StageName::Approved
        || !money.payments.is_empty()
        || !money.contracts.is_empty();
    if !shown {
        return String::new();
    }
    let reopen = match again.map(|a| a.downcast::<Reopen>()) {
        Some(Ok(r)) => *r,
        _ => Reopen::form(open),
    };
    money_box(ctx, o.order.id, &money, &products, &reopen, sign_link)
}

/// The money box of an order, as HTML for the order page.
fn money_box(
    ctx: &Ctx,
    order_id: i64,
    m: &OrderMoney,
    products: &[LoanProduct],
    reopen: &Reopen,
    link: Option<String>,
) -> String {
    let link = link.map(|url| {
        let qr = crate::html::qr_svg(&url);
        (url, qr)
    });
    let today = ctx.today().to_string();
    let b = MoneyBox { ctx, order_id, m, products, reopen, link, today };
    b.render().unwrap_or_else(|e| {
        tracing::error!(%e, "money box");
        String::new()
    })
}

#[derive(Template)]
#[template(path = "finance/contract.html")]
struct ContractPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    k: app::finance::Contract,
    v: Verification,
    order_no: String,
}

impl ContractPage {
    fn status(&self) -> String {
        self.ctx.t(&format!("contract-status-{}", MoneyBox::code(&self.k.status)))
    }

    fn yes_no(&self, b: &bool) -> String {
        self.ctx.t(if *b { "verify-ok" } else { "verify-broken" })
    }
}

/// A contract version: its state, hashes, and the verification of its archived files.
pub(super) async fn contract_page(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let (k, v, order) = state
        .run(move |app| {
            let k = app::finance::contracts::get(app, &actor, id)?;
            let v = app::finance::contracts::verify(app, &actor, id)?;
            let o = app::sales::get(app, &actor, k.order_id)?;
            Ok((k, v, o.order.order_no))
        })
        .await?;
    let ctx = Ctx::new(&staff, "/orders", None);
    let l = staff.locale();
    render(&ContractPage {
        crumbs: vec![
            (l.t("nav-orders"), "/orders".into()),
            (order.clone(), format!("/orders/{}", k.order_id)),
            (format!("{} v{}", k.contract_no, k.version), String::new()),
        ],
        ctx,
        k,
        v,
        order_no: order,
    })
}
