//! The audit log as staff read it, on the audit page and in a record's change history: names
//! instead of ids, labels instead of codes, and a link to a record only where the reader may open
//! it.

use super::Ctx;
use app::kernel::audit::{AuditEntry, Named, Ref};
use serde_json::Value;
use std::collections::HashMap;

/// One changed field: before (absent for a value that was set, not changed) and after.
pub struct Line {
    pub label: String,
    pub before: Option<String>,
    pub after: String,
}

/// One entry of the log, ready to show.
pub struct Entry {
    pub at: String,
    pub who: String,
    pub action: String,
    /// What the entry is about: "客户 王志强", or "订单列表" for an export.
    pub subject: String,
    pub href: Option<String>,
    pub lines: Vec<Line>,
}

/// Reads entries with the names `app::kernel::audit::names` found, leaving out the fields in `skip`.
pub fn read(ctx: &Ctx, rows: &[AuditEntry], names: &HashMap<Ref, Named>, skip: &[&str]) -> Vec<Entry> {
    rows.iter().map(|r| entry(ctx, r, names, skip)).collect()
}

fn entry(ctx: &Ctx, r: &AuditEntry, names: &HashMap<Ref, Named>, skip: &[&str]) -> Entry {
    let kind = ctx.t(&format!("entity-{}", r.entity_type));
    let (subject, href) = if r.entity_id == 0 {
        // An event about a list (an export), not one record.
        (ctx.t(&format!("entity-{}-list", r.entity_type)), None)
    } else {
        match Ref::of_entity(&r.entity_type, r.entity_id).and_then(|x| names.get(&x).map(|n| (x, n))) {
            Some((x, Named { label: Some(label), readable, model_id })) => {
                (format!("{kind} {label}"), readable.then(|| href_of(x, *model_id)))
            }
            _ => (ctx.l.t_args("history-not-visible-record", &[("kind", kind)]), None),
        }
    };
    let who = if r.by_customer {
        ctx.l.t_args("history-by-customer", &[("name", r.actor_name.clone())])
    } else {
        r.actor_name.clone()
    };
    let mut lines = Vec::new();
    if let Value::Object(map) = &r.changes {
        for (field, v) in map.iter().filter(|(k, _)| !skip.contains(&k.as_str())) {
            let (before, after) = match v.as_array().map(Vec::as_slice) {
                Some([b, a]) => (b, a),
                _ => (&Value::Null, v),
            };
            if before.is_null() && after.is_null() {
                continue; // nothing was set (an export without a search term)
            }
            lines.push(Line {
                label: ctx.t(&format!("field-{}", field.replace('_', "-"))),
                before: (!before.is_null()).then(|| value(ctx, &r.entity_type, field, before, names)),
                after: value(ctx, &r.entity_type, field, after, names),
            });
        }
    }
    Entry { at: ctx.dt(&r.at), who, action: ctx.action_label(&r.action), subject, href, lines }
}

/// Where a record is opened.
fn href_of(r: Ref, model_id: Option<i64>) -> String {
    match r {
        Ref::Customer(id) => format!("/customers/{id}"),
        Ref::User(id) => format!("/admin/users/{id}"),
        Ref::Store(id) => format!("/admin/stores/{id}"),
        Ref::Team(id) => format!("/admin/teams/{id}"),
        Ref::Order(id) => format!("/orders/{id}"),
        Ref::ApprovalRule(id) => format!("/admin/approval-rules/{id}"),
        Ref::Brand(_) => "/catalogue".to_string(),
        Ref::Model(id) => format!("/catalogue/models/{id}"),
        Ref::Trim(_) | Ref::Colour(_) | Ref::CatalogueOption(_) => {
            model_id.map_or_else(|| "/catalogue".to_string(), |m| format!("/catalogue/models/{m}"))
        }
    }
}

/// A recorded value as staff read it: money in yuan, records by name, codes by their label.
fn value(ctx: &Ctx, entity_type: &str, field: &str, v: &Value, names: &HashMap<Ref, Named>) -> String {
    let label = |prefix: &str, code: &str| {
        let key = format!("{prefix}-{code}");
        let text = ctx.t(&key);
        if text == key { code.to_string() } else { text }
    };
    let name = |id: i64| match Ref::of_field(field, id).and_then(|r| names.get(&r)) {
        Some(Named { label: Some(l), .. }) => l.clone(),
        _ => ctx.t("history-not-visible"),
    };
    match v {
        Value::Null => "—".to_string(),
        Value::Bool(b) => ctx.t(if *b { "value-yes" } else { "value-no" }),
        Value::Number(n) if field.ends_with("_fen") => {
            n.as_i64().map(|f| ctx.money(&f)).unwrap_or_else(|| n.to_string())
        }
        Value::Number(n) if field.ends_with("_id") && Ref::of_field(field, 0).is_some() => {
            n.as_i64().map(name).unwrap_or_else(|| n.to_string())
        }
        // A record the log does not name (a payment, a refund): its number.
        Value::Number(n) if field.ends_with("_id") => format!("#{n}"),
        Value::Array(items) if field.ends_with("_ids") => {
            items.iter().filter_map(Value::as_i64).map(name).collect::<Vec<_>>().join(&ctx.t("list-separator"))
        }
        Value::String(s) => {
            let prefix = match (field, entity_type) {
                ("status" | "statuses", _) => "status",
                ("command", _) => "order-event",
                ("payment_method", _) => "payment",
                ("method", _) => "pay-method",
                ("payment_kind", _) => "pay-kind",
                ("refund_kind", _) => "refund-kind",
                ("breach", _) => "breach",
                ("channel", _) => "channel",
                ("role", _) => "role",
                ("data_scope", _) => "scope",
                ("fuel_type", _) => "fuel",
                ("condition", _) => "condition",
                ("kind", "customer") => "customer-kind",
                ("consent_source", _) => "consent-source",
                ("pref_contact_time", _) => "contact-time",
                ("kind", "colour") => "colour",
                ("kind", "option") => "option-kind",
                ("levels", _) => {
                    // The roles that approve, in order, as stored (a JSON list of role codes).
                    let roles: Vec<String> = serde_json::from_str(s).unwrap_or_default();
                    return roles.iter().map(|r| label("role", r)).collect::<Vec<_>>().join(" → ");
                }
                _ => return s.clone(),
            };
            s.split(',')
                .filter(|c| !c.is_empty())
                .map(|c| label(prefix, c))
                .collect::<Vec<_>>()
                .join(&ctx.t("list-separator"))
        }
        other => other.to_string(),
    }
}
