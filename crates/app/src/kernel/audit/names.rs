//! What the log's records and field values are called, for the reader: a customer's, a user's, a
//! store's, a trim's name instead of its id, and whether the reader may open the record (a link
//! only where it leads somewhere they are allowed).

use super::AuditEntry;
use crate::{App, AppResult};
use domain::ids::{GroupId, StoreId};
use domain::org::Actor;
use domain::rbac::Permission;
use serde_json::Value;
use std::collections::HashMap;
use storage::DbConnection;

/// A record the log names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ref {
    Customer(i64),
    User(i64),
    Store(i64),
    Team(i64),
    Brand(i64),
    Model(i64),
    Trim(i64),
    Colour(i64),
    CatalogueOption(i64),
    Order(i64),
    ApprovalRule(i64),
}

impl Ref {
    /// The record a field's id names (`owner_id` is a user, `trim_ids` lists trims).
    pub fn of_field(field: &str, id: i64) -> Option<Ref> {
        Some(match field {
            "customer_id" => Ref::Customer(id),
            "owner_id" | "created_by" | "user_id" | "decided_by" => Ref::User(id),
            "store_id" => Ref::Store(id),
            "team_id" => Ref::Team(id),
            "brand_id" => Ref::Brand(id),
            "model_id" => Ref::Model(id),
            "trim_id" | "trim_ids" => Ref::Trim(id),
            "exterior_colour_id" | "interior_colour_id" => Ref::Colour(id),
            _ => return None,
        })
    }

    /// The record an audit entry is about.
    pub fn of_entity(entity_type: &str, id: i64) -> Option<Ref> {
        Some(match entity_type {
            "customer" => Ref::Customer(id),
            "user" => Ref::User(id),
            "store" => Ref::Store(id),
            "team" => Ref::Team(id),
            "brand" => Ref::Brand(id),
            "model" => Ref::Model(id),
            "trim" => Ref::Trim(id),
            "colour" => Ref::Colour(id),
            "option" => Ref::CatalogueOption(id),
            "order" => Ref::Order(id),
            "approval_rule" => Ref::ApprovalRule(id),
            _ => return None,
        })
    }
}

/// What a record is called and whether the reader may open it. A record the reader may not see
/// (a customer of another advisor) has no name here: the page says so instead of naming them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub label: Option<String>,
    pub readable: bool,
    /// The model a trim, colour or option belongs to (its page is the model's).
    pub model_id: Option<i64>,
}

/// The names of every record the entries mention (as their subject or in a field), as `actor`
/// may read them.
pub fn names(app: &App, actor: &Actor, entries: &[AuditEntry]) -> AppResult<HashMap<Ref, Named>> {
    let mut refs: Vec<Ref> = Vec::new();
    for e in entries {
        refs.extend(Ref::of_entity(&e.entity_type, e.entity_id).filter(|_| e.entity_id != 0));
        if let Value::Object(map) = &e.changes {
            for (field, v) in map {
                let values: Vec<&Value> = match v.as_array().map(Vec::as_slice) {
                    Some([b, a]) => vec![b, a],
                    _ => vec![v],
                };
                for id in values.into_iter().flat_map(ids_in) {
                    refs.extend(Ref::of_field(field, id));
                }
            }
        }
    }
    refs.sort_by_key(|r| format!("{r:?}"));
    refs.dedup();
    app.db.read(|c| {
        let vis = crate::kernel::scope::visibility(c, actor)?;
        let mut out = HashMap::new();
        for r in refs {
            out.insert(r, name(c, actor, &vis, r)?);
        }
        Ok(out)
    })
}

/// The ids in a recorded value: a number, or a list of numbers (`trim_ids`, as stored).
fn ids_in(v: &Value) -> Vec<i64> {
    match v {
        Value::Number(n) => n.as_i64().into_iter().collect(),
        Value::Array(items) => items.iter().filter_map(Value::as_i64).collect(),
        Value::String(s) => s.split(',').filter_map(|p| p.trim().parse().ok()).collect(),
        _ => Vec::new(),
    }
}

fn name(c: &mut DbConnection, actor: &Actor, vis: &storage::scope::Visibility, r: Ref) -> AppResult<Named> {
    let g = actor.group_id.0;
    let named = |label: Option<String>, readable: bool| Named { label, readable, model_id: None };
    let in_catalogue = |label: String, model_id: i64| Named {
        label: Some(label),
        readable: actor.can(Permission::CatalogueRead),
        model_id: Some(model_id),
    };
    let found = |e: &storage::StorageError| matches!(e, storage::StorageError::NotFound);
    Ok(match r {
        Ref::Customer(id) => match storage::customers::get_visible(c, vis, id) {
            Ok(row) => named(Some(row.name), actor.can(Permission::CustomerRead)),
            Err(e) if found(&e) => named(None, false),
            Err(e) => return Err(e.into()),
        },
        Ref::Order(id) => match storage::sales::get_visible(c, vis, id) {
            Ok(row) => named(Some(row.order_no), actor.can(Permission::OrderRead)),
            Err(e) if found(&e) => named(None, false),
            Err(e) => return Err(e.into()),
        },
        Ref::User(id) => match storage::users::get(c, id) {
            Ok(u) if u.group_id == g => {
                let store = storage::org::get_store(c, u.store_id)?;
                let may = actor.may_manage(u.role, u.data_scope, StoreId(u.store_id), GroupId(store.group_id));
                named(Some(u.display_name), may)
            }
            Ok(_) => named(None, false),
            Err(e) if found(&e) => named(None, false),
            Err(e) => return Err(e.into()),
        },
        Ref::Store(id) => match storage::org::get_store(c, id) {
            Ok(s) if s.group_id == g => named(Some(s.name), actor.can(Permission::OrgManage)),
            _ => named(None, false),
        },
        Ref::Team(id) => match storage::org::get_team(c, id) {
            Ok(t) if storage::org::get_store(c, t.store_id)?.group_id == g => {
                named(Some(t.name), actor.can(Permission::OrgManage))
            }
            _ => named(None, false),
        },
        Ref::Brand(id) => match storage::catalogue::get_brand(c, g, id) {
            Ok(b) => named(Some(b.name), actor.can(Permission::CatalogueRead)),
            _ => named(None, false),
        },
        Ref::Model(id) => match storage::catalogue::get_model(c, g, id) {
            Ok(m) => in_catalogue(m.name, m.id),
            _ => named(None, false),
        },
        Ref::Trim(id) => match storage::catalogue::get_trim(c, g, id) {
            Ok(t) => in_catalogue(format!("{} {}", t.model_year, t.name), t.model_id),
            _ => named(None, false),
        },
        Ref::Colour(id) => match storage::catalogue::get_colour(c, g, id) {
            Ok(x) => in_catalogue(x.name, x.model_id),
            _ => named(None, false),
        },
        Ref::CatalogueOption(id) => match storage::catalogue::get_option(c, g, id) {
            Ok(o) => in_catalogue(o.name, o.model_id),
            _ => named(None, false),
        },
        Ref::ApprovalRule(id) => match storage::sales::get_rule(c, GroupId(g), domain::ids::ApprovalRuleId(id)) {
            Ok(rule) => named(Some(rule.name), actor.can(Permission::ApprovalRulesManage)),
            _ => named(None, false),
        },
    })
}
