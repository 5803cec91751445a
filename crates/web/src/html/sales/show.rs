//! The order page: terms, approvals, timeline and history; edit, and the actions the user may take.

use super::form::{Spec, form_page};
use super::list::status_class;
use crate::AppState;
use crate::error::WebError;
use crate::extract::{Form, Id};
use crate::html::panels::{Again, PageFuture};
use crate::html::{Ctx, render};
use crate::session::{Need, OrderRead, OrderWrite, Staff};
use app::sales::Reply;
use app::sales::{OrderInput, OrderView};
use app::{AppError, Conflict};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::Money;
use serde::Deserialize;

// --- the order page ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "orders/show.html")]
pub(super) struct ShowPage {
    ctx: Ctx,
    /// How late the order is in its stage, and the time it spent in each (HTML).
    stages: String,
    crumbs: Vec<(String, String)>,
    o: OrderView,
    /// The customer's link and its QR code (SVG), while the order waits for their confirmation.
    link: Option<(String, String)>,
    error: Option<String>,
    history: Vec<crate::html::history::Entry>,
    /// The boxes other capabilities show here (the vehicle box, the money box), in the order of
    /// their registration (`html::PAGES`).
    panels: Vec<String>,
    /// Money is held: cancelling asks who ended the deal.
    money_held: bool,
    /// The vehicle allocated to the order: its VIN and status.
    vehicle: Option<app::inventory::Vehicle>,
    /// The lead the order was made from, if the reader may open it.
    lead: Option<i64>,
    /// The order's change orders, newest first.
    changes: Vec<app::sales::ChangeOrder>,
    /// The reader may propose a change order (the contract is signed, none is under way).
    can_propose_change: bool,
}

impl ShowPage {
    fn can(&self, action: &str) -> bool {
        self.o.actions.iter().any(|a| a == action)
    }

    fn tag(&self) -> &'static str {
        status_class(self.o.status.code())
    }

    fn payment_label(&self) -> String {
        self.ctx.t(&format!("payment-{}", self.o.order.payment_method))
    }

    fn channel_label(&self) -> String {
        self.ctx.t(&format!("channel-{}", self.o.order.channel))
    }

    fn status_tag(&self, status: &impl std::fmt::Display) -> &'static str {
        status_class(&status.to_string())
    }

    fn label(&self, status: &impl std::fmt::Display) -> String {
        self.ctx.t(&format!("status-{status}"))
    }

    fn awaiting_approval(&self) -> bool {
        self.o.order.stage == domain::sales::StageName::AwaitingApproval
    }

    fn m(&self, m: &Money) -> String {
        m.to_string()
    }

    fn fen(&self, f: &i64) -> String {
        Money::from_fen(*f).to_string()
    }

    fn vehicle_status(&self, v: &app::inventory::Vehicle) -> String {
        self.ctx.t(&format!("vehicle-status-{}", v.status.code()))
    }

    fn percent(&self, bp: &u32) -> String {
        format!("{}.{:02}%", bp / 100, bp % 100)
    }

    /// Where the confirmation link went, as the submit step recorded it.
    fn link_sent(&self) -> Option<&str> {
        let sent = |e: &&app::sales::TimelineEvent| e.action == "submit" || e.action == "link_sent";
        self.o.timeline.iter().rev().find(sent).and_then(|e| e.note.as_deref())
    }

    fn change_status(&self, ch: &app::sales::ChangeOrder) -> String {
        self.ctx.t(&format!("change-status-{}", ch.status.code()))
    }

    fn change_tag(&self, ch: &app::sales::ChangeOrder) -> &'static str {
        match ch.status {
            domain::sales::ChangeStatus::AwaitingApproval | domain::sales::ChangeStatus::AwaitingSignature => {
                "text-bg-warning"
            }
            domain::sales::ChangeStatus::InForce => "text-bg-success",
            _ => "text-bg-secondary",
        }
    }

    fn change_field(&self, line: &app::sales::ChangeLine) -> String {
        if line.field.starts_with("fee-") {
            self.ctx.t(&line.field)
        } else {
            self.ctx.t(&format!("change-field-{}", line.field))
        }
    }

    fn change_value(&self, line: &app::sales::ChangeLine, value: &str) -> String {
        match value {
            "" => "—".to_string(),
            v if line.field == "payment" => self.ctx.t(&format!("payment-{v}")),
            v => v.to_string(),
        }
    }

    fn change_can(&self, ch: &app::sales::ChangeOrder, action: &str) -> bool {
        ch.actions.iter().any(|a| a == action)
    }

    /// "待第 1 级审批：销售经理" while a change order waits for a level.
    fn change_waiting(&self, ch: &app::sales::ChangeOrder) -> Option<String> {
        if ch.status != domain::sales::ChangeStatus::AwaitingApproval {
            return None;
        }
        let role = usize::try_from(ch.level - 1).ok().and_then(|i| ch.levels.get(i))?;
        let role = self.ctx.t(&format!("role-{}", role.code()));
        Some(self.ctx.l.t_args("change-waiting-level", &[("level", ch.level.to_string()), ("role", role)]))
    }

    /// What the difference means for the buyer's money.
    fn change_money_note(&self, ch: &app::sales::ChangeOrder) -> Option<String> {
        let amount = Money::from_fen(ch.difference_fen.abs()).to_string();
        match ch.difference_fen {
            0 => None,
            d if d < 0 && self.o.order.money_received => {
                Some(self.ctx.l.t_args("change-refund-note", &[("amount", amount)]))
            }
            d if d > 0 => Some(self.ctx.l.t_args("change-due-note", &[("amount", amount)])),
            _ => None,
        }
    }

    fn item_kind(&self, kind: &str, name: &str) -> String {
        if kind == "fee" { self.ctx.t(&format!("fee-{name}")) } else { name.to_string() }
    }

    fn reasons(&self, reasons: &[String]) -> String {
        reasons.join(&self.ctx.t("list-separator"))
    }

    fn action_label(&self, action: &str) -> String {
        self.ctx.t(&format!("order-event-{action}"))
    }

    fn items_of(&self, kind: &str) -> Vec<&app::sales::OrderItem> {
        self.o.items.iter().filter(|i| i.kind == kind).collect()
    }

    /// Who decides next: "第 1/2 级：销售经理（孙晓东、王磊）".
    fn next_approval(&self) -> Option<String> {
        let n = self.o.next_approval.as_ref()?;
        let role = self.ctx.t(&format!("role-{}", n.role.code()));
        let key = if n.names.is_empty() { "order-next-approval-nobody" } else { "order-next-approval" };
        Some(self.ctx.l.t_args(
            key,
            &[
                ("level", n.level.to_string()),
                ("levels", n.levels.to_string()),
                ("role", role),
                ("names", n.names.join(&self.ctx.t("list-separator"))),
            ],
        ))
    }

    /// Who decided an approval level and when, by the name the timeline recorded for them.
    fn decided(&self, a: &app::sales::ApprovalLevel) -> String {
        let who = a.decided_by.and_then(|id| self.o.timeline.iter().find(|e| e.actor_id == Some(id)));
        let who = who.map(|e| e.actor_name.as_str()).unwrap_or_default();
        let when = a.decided_at.as_ref().map(|at| self.ctx.dt(at)).unwrap_or_default();
        [who, when.as_str()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · ")
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ShowQuery {
    flash: Option<String>,
    error: Option<String>,
    open: Option<String>,
}

pub(super) async fn show(
    State(state): State<AppState>,
    Need(staff, _): Need<OrderRead>,
    Id(id): Id,
    Query(f): Query<ShowQuery>,
) -> Result<Html<String>, WebError> {
    // Codes, not text, travel in the address: only codes are shown, translated.
    let codes: Vec<&str> = f
        .error
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .filter(|c| !c.is_empty() && c.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'))
        .collect();
    page(&state, &staff, id, (f.flash.as_deref(), f.open.as_deref().unwrap_or_default()), &codes, None).await
}

/// The order page after a refused action: the messages of `codes`, and the refused box's form
/// shown again (`panels::OrderPage`, registered in `html::PAGES`).
pub(crate) fn order_page<'a>(
    state: &'a AppState,
    staff: &'a Staff,
    id: i64,
    codes: &'a [&'a str],
    again: Option<Again>,
) -> PageFuture<'a> {
    Box::pin(page(state, staff, id, (None, ""), codes, again))
}

async fn page(
    state: &AppState,
    staff: &Staff,
    id: i64,
    (flash, open): (Option<&str>, &str),
    codes: &[&str],
    mut again: Option<Again>,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let registered = state.order_panels();
    let loading = registered.clone();
    let (o, history, link, loaded, (vehicle, lead, changes), stages) = state
        .run(move |app| {
            let o = app::sales::get(app, &actor, id)?;
            let stages = (app::sales::stages::late(app, &actor, id)?, app::sales::stages::spans(app, &actor, id)?);
            let link = app::sales::link_of(app, &o);
            let history = app::kernel::audit::history(app, &actor, "order", id)?;
            let names = app::kernel::audit::names(app, &actor, &history)?;
            let loaded = loading.iter().map(|p| (p.load)(app, &actor, &o)).collect::<app::AppResult<Vec<_>>>()?;
            let vehicle = app::inventory::of_order(app, &actor, id)?;
            let lead = app::crm::leads::of_order(app, &actor, id)?.map(|(lead, _)| lead);
            let changes = app::sales::change::of_order(app, &actor, id)?;
            Ok((o, (history, names), link, loaded, (vehicle, lead, changes), stages))
        })
        .await?;
    let l = staff.locale();
    let ctx = Ctx::new(staff, "/orders", flash);
    // The terms are the whole price breakdown; their effect shows in the totals' lines.
    let history = crate::html::history::read(&ctx, &history.0, &history.1, &["terms"]);
    let panels = registered
        .iter()
        .zip(loaded)
        .map(|(p, data)| {
            let refused = again.take_if(|a| a.panel == p.name).map(|a| a.state);
            (p.render)(&ctx, &o, data, open, refused)
        })
        .collect();
    // The money the order holds, as its facts say (the documents keep them true).
    let money_held = o.order.money_received;
    let error = (!codes.is_empty()).then(|| codes.iter().map(|c| l.error(c)).collect::<Vec<_>>().join(" "));
    let can_propose_change = o.order.contract_signed
        && !o.order.delivered
        && o.status.is_open()
        && staff.actor().can(domain::rbac::Permission::OrderWrite)
        && !changes.iter().any(|c| c.status.is_open());
    render(&ShowPage {
        stages: super::stages::render_box(&ctx, stages),
        changes,
        can_propose_change,
        ctx,
        crumbs: vec![(l.t("nav-orders"), "/orders".into()), (o.order.order_no.clone(), String::new())],
        link: link.map(|l| {
            let qr = crate::html::qr_svg(&l.url);
            (l.url, qr)
        }),
        error,
        history,
        o,
        panels,
        money_held,
        vehicle,
        lead,
    })
}

pub(super) async fn edit(
    State(state): State<AppState>,
    Need(staff, _): Need<OrderWrite>,
    Id(id): Id,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let o = state.run(move |app| app::sales::get(app, &actor, id)).await?;
    let l = staff.locale();
    let input = app::sales::input_of(&o);
    // A signed contract changes only by a change order: the same form, with a reason, proposes one.
    let spec = if o.order.contract_signed {
        Spec {
            title: l.t_args("order-change-title", &[("no", o.order.order_no.clone())]),
            action: format!("/orders/{id}/change-orders"),
            cancel: format!("/orders/{id}"),
            change: Some(String::new()),
        }
    } else {
        Spec {
            title: l.t_args("order-edit", &[("no", o.order.order_no.clone())]),
            action: format!("/orders/{id}"),
            cancel: format!("/orders/{id}"),
            change: None,
        }
    };
    form_page(&state, &staff, spec, input, String::new(), None).await
}

pub(super) async fn update(
    State(state): State<AppState>,
    Need(staff, _): Need<OrderWrite>,
    Id(id): Id,
    Form(input): Form<OrderInput>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let sub = input.clone();
    let saved = state
        .run(move |app| {
            let before = app::sales::get(app, &actor, id)?.status;
            app::sales::update(app, &actor, id, &input, Reply::BRIEF).map(|after| (before, after.status))
        })
        .await;
    match saved {
        // New terms after the customer saw the order: say what that means (confirmation and
        // approval again, an unsigned contract withdrawn).
        Ok((before, domain::sales::Status::Draft)) if before != domain::sales::Status::Draft => {
            Ok(Redirect::to(&format!("/orders/{id}?flash=order-terms-changed")).into_response())
        }
        Ok(_) => Ok(Redirect::to(&format!("/orders/{id}?flash=saved")).into_response()),
        Err(e @ (AppError::Validation(_) | AppError::Conflict(_))) => {
            let l = staff.locale();
            let spec = Spec {
                title: l.t("action-edit"),
                action: format!("/orders/{id}"),
                cancel: format!("/orders/{id}"),
                change: None,
            };
            form_page(&state, &staff, spec, sub, String::new(), Some(&e)).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The reason field of the change order form (the rest is the order form).
#[derive(Deserialize, Default)]
#[serde(default)]
struct ChangeReason {
    change_reason: String,
}

/// Proposes a change order from the order form of a signed order; a refusal shows the form again
/// with what was typed and the messages.
pub(super) async fn propose_change(
    State(state): State<AppState>,
    Need(staff, _): Need<OrderWrite>,
    Id(id): Id,
    body: axum::body::Bytes,
) -> Result<Response, WebError> {
    let input: OrderInput =
        serde_html_form::from_bytes(&body).map_err(|_| WebError(AppError::field("form", "form-invalid")))?;
    let reason = serde_html_form::from_bytes::<ChangeReason>(&body).unwrap_or_default().change_reason;
    let actor = staff.actor().clone();
    let (sub, why) = (input.clone(), reason.clone());
    match state.run(move |app| app::sales::change::propose(app, &actor, id, &input, &reason)).await {
        Ok(_) => Ok(Redirect::to(&format!("/orders/{id}?flash=change-order-proposed")).into_response()),
        Err(e @ (AppError::Validation(_) | AppError::Conflict(_))) => {
            let l = staff.locale();
            let spec = Spec {
                title: l.t("order-propose-change"),
                action: format!("/orders/{id}/change-orders"),
                cancel: format!("/orders/{id}"),
                change: Some(why),
            };
            form_page(&state, &staff, spec, sub, String::new(), Some(&e)).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The change order's buttons on the order page: approve, reject, withdraw.
pub(super) async fn change_act(
    State(state): State<AppState>,
    staff: Staff,
    axum::extract::Path((id, change, action)): axum::extract::Path<(i64, i64, String)>,
    Form(f): Form<ActionForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let action2 = action.clone();
    let result = state
        .run(move |app| match action2.as_str() {
            "approve" => app::sales::change::approve(app, &actor, change, f.version, &f.text),
            "reject" => app::sales::change::reject(app, &actor, change, f.version, &f.text),
            "withdraw" => app::sales::change::withdraw(app, &actor, change, f.version, &f.text),
            _ => Err(AppError::NotFound),
        })
        .await;
    after_action(&state, &staff, id, result.map(|_| format!("/orders/{id}?flash=change-order-{action}"))).await
}

/// Where an action of the order page goes: to `Ok`'s address, or back to the page with the
/// refusal's messages (422 for the form's fields, 409 for the order's state).
async fn after_action(
    state: &AppState,
    staff: &Staff,
    id: i64,
    result: app::AppResult<String>,
) -> Result<Response, WebError> {
    let (status, codes) = match result {
        Ok(to) => return Ok(Redirect::to(&to).into_response()),
        Err(AppError::Validation(fe)) => (StatusCode::UNPROCESSABLE_ENTITY, fe.iter().map(|e| e.code).collect()),
        Err(AppError::Conflict(Conflict::Refused { code })) => (StatusCode::CONFLICT, vec![code]),
        Err(AppError::Conflict(Conflict::Stale)) => (StatusCode::CONFLICT, vec!["stale"]),
        Err(e) => return Err(e.into()),
    };
    let page = page(state, staff, id, (None, ""), &codes, None).await?;
    Ok((status, page).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ActionForm {
    version: i64,
    text: String,
    breach: String,
}

/// The buttons of the order page. A refused action comes back to the page with its message.
pub(super) async fn act(
    State(state): State<AppState>,
    staff: Staff,
    axum::extract::Path((id, action)): axum::extract::Path<(i64, String)>,
    Form(f): Form<ActionForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    if action == "copy" {
        let copy = state.run(move |app| app::sales::copy(app, &actor, id, Reply::BRIEF)).await?;
        return Ok(Redirect::to(&format!("/orders/{}?flash=order-copied", copy.id)).into_response());
    }
    let action2 = action.clone();
    let result = state
        .run(move |app| match action2.as_str() {
            "submit" => app::sales::submit(app, &actor, id, f.version, Reply::BRIEF),
            "approve" => app::sales::approve(app, &actor, id, f.version, &f.text, Reply::BRIEF),
            "reject" => app::sales::reject(app, &actor, id, f.version, &f.text, Reply::BRIEF),
            "cancel" => app::finance::refunds::breach_of(&f.breach)
                .and_then(|b| app::sales::cancel(app, &actor, id, f.version, &f.text, b, Reply::BRIEF)),
            "lost" => app::sales::mark_lost(app, &actor, id, f.version, &f.text, Reply::BRIEF),
            "close" => app::sales::close(app, &actor, id, f.version, Reply::BRIEF),
            _ => Err(AppError::NotFound),
        })
        .await;
    after_action(&state, &staff, id, result.map(|_| format!("/orders/{id}?flash=order-{action}"))).await
}
