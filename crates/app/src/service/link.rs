//! The customer's page of their repair order: a signed, expiring link (like the buyer's link to
//! their order) that shows where the car stands, the estimate with the lines waiting for their
//! approval, and takes that approval: the same rule as the desk's, recorded as theirs.

use super::views::{RepairOrder, view};
use super::{State, refused};
use crate::kernel::audit::{self, Action, Changes, Record};
use crate::kernel::events::By;
use crate::kernel::notify::{self, Notice};
use crate::{App, AppError, AppResult, Conflict, require};
use chrono::Duration;
use domain::org::Actor;
use domain::rbac::Permission;
use domain::service::{ApprovedBy, Command};

const PURPOSE: &str = "repair-link";
/// How long a link stays valid: the car's stay in the workshop and some.
pub const LINK_DAYS: i64 = 14;

fn token(app: &App, id: i64, customer_id: i64) -> String {
    let expires = (chrono::Utc::now() + Duration::days(LINK_DAYS)).timestamp();
    app.secrets.sign(PURPOSE, &format!("{id}-{customer_id}-{expires}"))
}

/// The repair order of a valid, unexpired token whose customer is still the repair order's.
fn of(app: &App, c: &mut storage::DbConnection, token: &str) -> AppResult<storage::service::RepairOrderRow> {
    let payload = app.secrets.verify(PURPOSE, token).ok_or(AppError::NotFound)?;
    let mut parts = payload.splitn(3, '-').map(str::parse::<i64>);
    let (Some(Ok(id)), Some(Ok(customer)), Some(Ok(expires))) = (parts.next(), parts.next(), parts.next()) else {
        return Err(AppError::NotFound);
    };
    if chrono::Utc::now().timestamp() > expires {
        return Err(AppError::field("link", "link-expired"));
    }
    let row = storage::service::get(c, id).map_err(|_| AppError::NotFound)?;
    if row.customer_id != customer {
        return Err(AppError::field("link", "link-revoked"));
    }
    Ok(row)
}

/// The repair order's customer (the order names them; its store holds them).
fn customer_of(
    c: &mut storage::DbConnection,
    row: &storage::service::RepairOrderRow,
) -> AppResult<storage::customers::CustomerRow> {
    storage::customers::by_ids(c, row.store_id, &[row.customer_id])?.pop().ok_or(AppError::NotFound)
}

/// The customer's page of repair order `id`, as a link to send them.
pub fn url(app: &App, actor: &Actor, id: i64) -> AppResult<String> {
    require(actor, Permission::ServiceWrite)?;
    let row = app.db.read(|c| super::visible(c, actor, id))?;
    Ok(format!("{}/r/{}", app.messages.public_url, token(app, row.id, row.customer_id)))
}

/// Sends the customer the link to their repair order (`service_write`): by SMS when a gateway
/// is configured, else by e-mail; the history says where it went.
#[tracing::instrument(name = "service", skip_all, fields(use_case = "send_link", store = actor.store_id.0, actor = actor.user_id.0, repair_order = id))]
pub fn send_link(app: &App, actor: &Actor, id: i64) -> AppResult<notify::Sent> {
    let now = app.now();
    require(actor, Permission::ServiceWrite)?;
    app.db.write(|c| {
        let s = State::load(c, actor, id)?;
        if !s.order.status.is_open() {
            return Err(refused("repair-closed"));
        }
        let customer = customer_of(c, &s.order)?;
        let store = storage::org::get_store(c, s.order.store_id)?;
        let link = format!("{}/r/{}", app.messages.public_url, token(app, s.order.id, s.order.customer_id));
        let notice = Notice::new("mail-repair-page")
            .arg("customer", &customer.name)
            .arg("number", &s.order.number)
            .arg("store", store.name)
            .arg("link", link);
        let contact = (Some(customer.mobile.as_str()), customer.email.as_deref());
        let sent = notify::to_customer(app, c, s.order.store_id, contact, &notice)?;
        let to = match &sent {
            notify::Sent::Sms(to) | notify::Sent::Email(to) => to.clone(),
            notify::Sent::Nothing => return Err(refused("repair-link-no-contact")),
        };
        storage::service::record(c, s.order.id, "link_sent", &to, Some(actor.user_id.0), now)?;
        let changes = Changes::new().created("sent_to", &to);
        audit::record(
            c,
            now,
            actor,
            Record {
                action: Action::RepairOrderLinkSent,
                entity_id: s.order.id,
                store_id: Some(s.order.store_id),
                changes,
            },
        )?;
        Ok(sent)
    })
}

/// What the customer's page shows: the repair order as their advisor sees it, less who did what
/// inside the store.
pub fn by_link(app: &App, token: &str) -> AppResult<RepairOrder> {
    app.db.read(|c| {
        let row = of(app, c, token)?;
        let today = crate::kernel::calendar::day(c, app.now(), row.store_id)?;
        // The page reads as the desk would, then keeps only what the customer may do.
        let owner = storage::users::get(c, row.owner_id)?;
        let actor = Actor {
            user_id: domain::ids::UserId(owner.id),
            group_id: domain::ids::GroupId(owner.group_id),
            store_id: domain::ids::StoreId(row.store_id),
            team_id: None,
            role: domain::rbac::Role::ServiceAdvisor,
            scope: domain::rbac::DataScope::Store,
            display_name: String::new(),
        };
        let s = State::of(c, row)?;
        let mut r = view(c, &actor, s, today)?;
        r.actions = if r.actions.contains(&"approve_estimate") { vec!["approve_estimate"] } else { Vec::new() };
        for e in &mut r.events {
            e.by = None;
        }
        r.walkaround.clear();
        Ok(r)
    })
}

/// The customer approves the lines waiting for their approval on their page (at `version`, the
/// page they read).
#[tracing::instrument(name = "service", skip_all, fields(use_case = "approve_by_link"))]
pub fn approve_by_link(app: &App, token: &str, version: i64) -> AppResult<RepairOrder> {
    let now = app.now();
    app.db.write(|c| {
        let row = of(app, c, token)?;
        storage::service::lock(c, row.id)?;
        let locked = storage::service::get(c, row.id)?;
        let s = State::of(c, locked)?;
        if s.order.version != version {
            return Err(AppError::Conflict(Conflict::Stale));
        }
        let status = s.next(Command::ApproveEstimate)?;
        let total = s.totals().total;
        let change = storage::service::Change {
            status: Some(status),
            approved: Some((ApprovedBy::Link, total.fen())),
            ..Default::default()
        };
        let after = super::approve_lines(app, c, now, By::Customer(token), &s, &change)?;
        storage::service::record(c, after.id, "estimate_approved_by_customer", &total.to_string(), None, now)?;
        let customer = customer_of(c, &after)?;
        let store = storage::org::get_store(c, after.store_id)?;
        let changes = Changes::new().created("approved_via", "link").created("total_fen", total.fen());
        audit::record_customer(
            c,
            now,
            store.group_id,
            &customer.name,
            Record {
                action: Action::RepairOrderEstimateApproved,
                entity_id: after.id,
                store_id: Some(after.store_id),
                changes,
            },
        )?;
        let advisor = storage::users::get(c, after.owner_id)?;
        let notice = Notice::new("mail-repair-approved").arg("number", &after.number).arg("total", total.to_string());
        notify::to_staff(app, c, &advisor, &notice)?;
        Ok(())
    })?;
    by_link(app, token)
}
