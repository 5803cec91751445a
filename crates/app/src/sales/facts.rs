//! Facts other modules record about an order.

use super::{Brief, By, audit_of, event, load, transition_error};
use crate::audit::{Action, Changes};
use crate::{App, AppResult, require};
use domain::org::Actor;
use domain::rbac::Permission;
use domain::sales::Facts;
use storage::sales::OrderFacts;

/// Records facts about the order (contract, money, vehicle, delivery), as reported by finance,
/// logistics and delivery: `order_facts_record`. Their own modules will call this as they record
/// their documents; the status follows from the facts.
#[tracing::instrument(name = "sales", skip_all, fields(use_case = "record_facts", store = actor.store_id.0, actor = actor.user_id.0, order = id))]
pub fn record_facts(app: &App, actor: &Actor, id: i64, facts: Facts, note: &str) -> AppResult<Brief> {
    let now = app.now();
    require(actor, Permission::OrderFactsRecord)?;
    app.db.write(|c| {
        let row = load(c, actor, id)?;
        let stage = row.stage()?;
        if stage.is_terminal() {
            return Err(transition_error(domain::sales::TransitionError::Finished));
        }
        let after = storage::sales::set_facts(c, &row, row.version, &OrderFacts::of(stage, &facts), now)?;
        if after.status != row.status {
            event(c, By::staff(now, actor), &after, Some(row.status), "facts", Some(note))?;
        }
        audit_of(
            c,
            now,
            actor,
            Action::OrderFacts,
            &after,
            Changes::new().field("status", row.status.code(), after.status.code()).created("note", note),
        )?;
        Ok(Brief::of(&after))
    })
}
