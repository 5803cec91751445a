//! The approval round's rules and mail: which levels an order needs, who is told it waits.

use super::rules;
use crate::kernel::notify::{self, Notice};
use crate::{App, AppError, AppResult};
use domain::rbac::Role;
use domain::sales::approval::{Level, Subject, required_levels};
use storage::DbConnection;
use storage::sales::OrderRow;

pub(super) fn order_link(app: &App, id: i64) -> String {
    format!("{}/orders/{id}", app.messages.public_url)
}

/// The approval levels the rules require for this order now (at confirmation).
pub(super) fn levels_for(c: &mut DbConnection, group_id: i64, row: &OrderRow) -> AppResult<Vec<Level>> {
    let trim = storage::catalogue::get_trim(c, group_id, row.trim_id)?;
    let quote: domain::sales::Quote = serde_json::from_str(&row.quote).map_err(AppError::internal)?;
    let subject = Subject {
        discount: quote.discount,
        list_price: quote.list_price,
        vehicle_price: quote.vehicle_price,
        floor_price: trim.floor_price_fen.map(domain::Money::from_fen),
        gifts_value: quote.gifts_value,
        payment_method: row.payment_method,
    };
    Ok(required_levels(&rules::active(c, group_id)?, &subject))
}

/// Staff who approve at `role` in the order's store, for the "waiting for you" e-mail.
fn approvers(c: &mut DbConnection, store_id: i64, role: Role) -> AppResult<Vec<storage::users::UserRow>> {
    Ok(storage::users::with_role(c, store_id, role.code())?)
}

/// Who decides an order waiting for approval: the level, its role, and the people of the store
/// who hold it and may approve this order (not those who asked for it).
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct NextApproval {
    pub level: i32,
    pub levels: i32,
    #[schema(value_type = String)]
    pub role: Role,
    pub names: Vec<String>,
}

pub(super) fn next_approval(
    c: &mut DbConnection,
    row: &OrderRow,
    round: &[super::ApprovalLevel],
) -> AppResult<Option<NextApproval>> {
    if row.status != domain::sales::Status::AwaitingApproval {
        return Ok(None);
    }
    let Some(level) = round.iter().find(|a| a.level == row.approval_level && a.decision.is_none()) else {
        return Ok(None);
    };
    let asked = storage::sales::requesters(c, row.id)?;
    let names = approvers(c, row.store_id, level.role)?
        .into_iter()
        .filter(|u| u.id != row.owner_id && !asked.contains(&u.id))
        .map(|u| u.display_name)
        .collect();
    Ok(Some(NextApproval { level: level.level, levels: row.approval_levels, role: level.role, names }))
}

pub(crate) fn notify_approvers(
    app: &App,
    c: &mut DbConnection,
    row: &OrderRow,
    level: &Level,
    customer: &str,
) -> AppResult<()> {
    let notice = Notice::new("mail-approval")
        .arg("order", &row.order_no)
        .arg("customer", customer)
        .arg("reasons", level.reasons.join("、"))
        .arg("link", order_link(app, row.id));
    for u in approvers(c, row.store_id, level.role)? {
        notify::to_staff(app, c, &u, &notice)?;
    }
    Ok(())
}
