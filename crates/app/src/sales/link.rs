//! The customer's signed, expiring link to their order: no account, just a token that names the
//! order and its expiry and carries an HMAC under the data key.

use super::round::{levels_for, notify_approvers};
use super::{Author, Brief, Order, OrderItem, TimelineEvent, event};
use crate::kernel::audit::{self, Action, Changes};
use crate::kernel::events::{By, Event, raise};
use crate::kernel::links::{LINK_DAYS, customer_url, order_of};
use crate::kernel::notify::{self, Notice};
use crate::{App, AppError, AppResult};
use domain::sales::state::apply;
use domain::sales::{Command, Party, Quote, Stage, Status, Terms};
use storage::DbConnection;
use storage::sales::OrderStage;

/// The customer's link of an order waiting for their confirmation, for staff to send by WeChat
/// or SMS themselves (the e-mail carries the same). Within the caller's data scope; `None` when
/// the order is not waiting for the customer.
pub fn customer_link(app: &App, actor: &domain::org::Actor, id: i64) -> AppResult<Option<CustomerLink>> {
    Ok(link_of(app, &super::get(app, actor, id)?))
}

/// The customer's link of an order already read (the order page): from the request to confirm
/// on, the buyer's page of the order for its whole life.
pub fn link_of(app: &App, order: &super::OrderView) -> Option<CustomerLink> {
    (order.status != Status::Draft).then(|| CustomerLink {
        url: customer_url(app, domain::ids::OrderId(order.order.id), domain::ids::CustomerId(order.order.customer_id)),
        expires_in_days: LINK_DAYS,
    })
}

/// Sends the buyer the link to their order's page again (`order_write` within scope): by SMS
/// when a gateway is configured, else by e-mail; the timeline says where it went.
#[tracing::instrument(name = "sales", skip_all, fields(use_case = "resend_link", store = actor.store_id.0, actor = actor.user_id.0, order = id))]
pub fn resend_link(app: &App, actor: &domain::org::Actor, id: i64) -> AppResult<notify::Sent> {
    let now = app.now();
    crate::require(actor, domain::rbac::Permission::OrderWrite)?;
    app.db.write(|c| {
        let row = super::load(c, actor, id)?;
        if row.stage()? == Stage::Draft {
            return Err(AppError::Conflict(crate::Conflict::Refused { code: "order-link-draft" }));
        }
        let vis = crate::kernel::scope::visibility(c, actor)?;
        let customer = storage::customers::get_visible(c, &vis, row.customer_id)?;
        let store = storage::org::get_store(c, row.store_id)?;
        let notice = Notice::new("mail-order-page")
            .arg("customer", &customer.name)
            .arg("order", &row.order_no)
            .arg("store", store.name)
            .arg("link", customer_url(app, domain::ids::OrderId(row.id), domain::ids::CustomerId(row.customer_id)))
            .arg("advisor", &actor.display_name);
        let sent =
            notify::to_customer(app, c, row.store_id, (Some(&customer.mobile), customer.email.as_deref()), &notice)?;
        let note = match &sent {
            notify::Sent::Sms(to) => format!("订单页面链接已通过短信发送至 {to}"),
            notify::Sent::Email(to) => format!("订单页面链接已通过电子邮件发送至 {to}"),
            notify::Sent::Nothing => {
                return Err(AppError::Conflict(crate::Conflict::Refused { code: "order-link-no-contact" }));
            }
        };
        event(c, Author::staff(now, actor), &row, None, "link_sent", Some(&note))?;
        super::audit_of(c, now, actor, Action::OrderLinkSent, &row, Changes::new().created("note", note.as_str()))?;
        Ok(sent)
    })
}

/// A signed link to the customer's page of an order.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct CustomerLink {
    pub url: String,
    pub expires_in_days: i64,
}

/// What the customer page shows: nothing internal (no approval reasons, no floor price).
#[derive(Debug, Clone, serde::Serialize)]
pub struct CustomerOrder {
    pub order: Order,
    pub status: Status,
    pub quote: Quote,
    /// Payment (and loan), colours, discount and trade-in as agreed.
    pub terms: Terms,
    pub exterior_colour: Option<String>,
    pub interior_colour: Option<String>,
    pub customer_name: String,
    pub store_name: String,
    pub store_phone: Option<String>,
    /// The store's IANA time zone: the buyer sees every date in the store's time.
    pub store_timezone: String,
    pub advisor_name: String,
    pub advisor_mobile: Option<String>,
    pub vehicle: String,
    pub items: Vec<OrderItem>,
    pub timeline: Vec<TimelineEvent>,
    pub can_confirm: bool,
    /// The change order whose supplement waits for the buyer's signature: the signed version
    /// stays in force until then.
    pub pending_change: Option<super::PendingChange>,
}

fn customer_view(c: &mut DbConnection, id: i64) -> AppResult<CustomerOrder> {
    let h = storage::sales::header_by_key(c, id)?;
    let store = storage::org::get_store(c, h.order.store_id)?;
    let quote: Quote = serde_json::from_str(&h.order.quote).map_err(AppError::internal)?;
    let terms: Terms = serde_json::from_str(&h.order.terms).map_err(AppError::internal)?;
    let (exterior_colour, interior_colour) = super::view::colours(c, store.group_id, &terms);
    let stage = h.order.stage()?;
    let zone = crate::kernel::calendar::zone_of(&store);
    Ok(CustomerOrder {
        terms,
        exterior_colour,
        interior_colour,
        can_confirm: stage == Stage::AwaitingConfirmation,
        status: Status::of(stage, &h.order.facts()),
        items: storage::sales::items(c, id)?
            .into_iter()
            .filter(|i| i.kind != "fee" || i.amount_fen > 0)
            .map(OrderItem::from)
            .collect(),
        timeline: storage::sales::events(c, id)?.into_iter().map(TimelineEvent::from).collect(),
        pending_change: match storage::finance::contracts::current(c, id)? {
            Some(k) => super::change::pending_of_contract(c, k.id)?,
            None => None,
        },
        vehicle: format!("{} {} {} {}", h.brand, h.model, h.model_year, h.trim),
        customer_name: h.customer_name,
        store_name: store.name,
        store_timezone: zone.name().to_string(),
        store_phone: store.phone,
        advisor_name: h.owner_name,
        advisor_mobile: h.owner_mobile,
        quote,
        order: h.order.into(),
    })
}

pub fn by_link(app: &App, token: &str) -> AppResult<CustomerOrder> {
    let id = order_of(app, token)?;
    app.db.read(|c| customer_view(c, id))
}

/// The customer confirms the order as shown (at `version`): the approval rules run now.
pub fn customer_confirm(app: &App, token: &str, version: i64) -> AppResult<Brief> {
    let now = app.now();
    let id = order_of(app, token)?;
    app.db.write(|c| {
        let row = storage::sales::get(c, id)?;
        let store = storage::org::get_store(c, row.store_id)?;
        let levels = levels_for(c, store.group_id, &row)?;
        let facts = row.facts();
        let command = Command::Confirm { approval_levels: u8::try_from(levels.len()).unwrap_or(u8::MAX) };
        let next = apply(row.stage()?, &facts, Party::Customer, &command).map_err(super::transition_error)?;
        let after = storage::sales::set_stage(c, &row, version, &OrderStage::of(next, &facts), now)?;
        let customer = storage::customers::get_visible(
            c,
            &storage::customers::Visibility::whole_store(row.store_id),
            row.customer_id,
        )?;
        event(c, Author::customer(now, &customer.name), &after, Some(row.status), "confirm", None)?;
        // The buyer confirms on their own link: the contact their signing code will go to is
        // fixed now, out of reach of later edits of the profile (DOMAIN.md §2).
        let confirmed = Event::OrderConfirmed { order: &after, customer: &customer };
        raise(app, c, now, By::Customer(&customer.name), confirmed)?;
        let round: Vec<(String, String)> = levels
            .iter()
            .map(|l| (l.role.code().to_string(), serde_json::to_string(&l.reasons).unwrap_or_else(|_| "[]".into())))
            .collect();
        storage::sales::start_round(c, id, &round)?;
        audit::record_customer(
            c,
            now,
            store.group_id,
            &customer.name,
            audit::Record {
                action: Action::OrderConfirmedByCustomer,
                entity_id: id,
                store_id: Some(row.store_id),
                changes: Changes::new()
                    .field("status", row.status.code(), after.status.code())
                    .created("approval_levels", levels.len()),
            },
        )?;
        let owner = storage::users::get(c, after.owner_id)?;
        let told = Notice::new("mail-order-confirmed")
            .arg("order", &after.order_no)
            .arg("customer", &customer.name)
            .arg("levels", levels.len())
            .arg("link", format!("{}/orders/{id}", app.messages.public_url));
        notify::to_staff(app, c, &owner, &told)?;
        if let Some(first) = levels.first() {
            notify_approvers(app, c, &after, first, &customer.name)?;
        } else {
            let notice = Notice::new("mail-customer-approved")
                .arg("customer", &customer.name)
                .arg("order", &after.order_no)
                .arg("store", &store.name)
                .arg("link", customer_url(app, domain::ids::OrderId(id), domain::ids::CustomerId(after.customer_id)));
            let contact = (Some(customer.mobile.as_str()), customer.email.as_deref());
            notify::to_customer(app, c, after.store_id, contact, &notice)?;
        }
        Ok(Brief::of(&after))
    })
}

/// The customer asks for a change: the order goes back to draft and the advisor is told why.
pub fn customer_request_change(app: &App, token: &str, version: i64, note: &str) -> AppResult<Brief> {
    let now = app.now();
    let id = order_of(app, token)?;
    let note = domain::text::required(note, 500).map_err(|e| {
        let code = match e {
            domain::text::TextError::Required => "change-note-required",
            domain::text::TextError::TooLong => "change-note-too-long",
        };
        AppError::field("note", code)
    })?;
    app.db.write(|c| {
        let row = storage::sales::get(c, id)?;
        let facts = row.facts();
        let next = apply(row.stage()?, &facts, Party::Customer, &Command::RequestChange { note: note.clone() })
            .map_err(super::transition_error)?;
        let after = storage::sales::set_stage(c, &row, version, &OrderStage::of(next, &facts), now)?;
        let customer = storage::customers::get_visible(
            c,
            &storage::customers::Visibility::whole_store(row.store_id),
            row.customer_id,
        )?;
        event(c, Author::customer(now, &customer.name), &after, Some(row.status), "request_change", Some(&note))?;
        let store = storage::org::get_store(c, row.store_id)?;
        audit::record_customer(
            c,
            now,
            store.group_id,
            &customer.name,
            audit::Record {
                action: Action::OrderChangeRequested,
                entity_id: id,
                store_id: Some(row.store_id),
                changes: Changes::new().field("status", row.status.code(), after.status.code()).created("note", &note),
            },
        )?;
        let advisor = storage::users::get(c, row.owner_id)?;
        let notice = Notice::new("mail-change")
            .arg("order", &row.order_no)
            .arg("customer", &customer.name)
            .arg("note", &note)
            .arg("link", format!("{}/orders/{id}", app.messages.public_url));
        notify::to_staff(app, c, &advisor, &notice)?;
        Ok(Brief::of(&after))
    })
}
