//! Checklist templates per store: the store's administrator or general manager
//! (`delivery_settings_manage`) switches standard PDI items off (and on again) and adds items of
//! its own with their section and the cars they are for. A PDI checks the store's list at the
//! time; one recorded before a change keeps what it checked.

use crate::kernel::audit::{self, Action, Changes, Record};
use crate::{App, AppError, AppResult, require};
use domain::delivery::{Applies, OwnItem, Section, StoreChecklist};
use domain::org::Actor;
use domain::rbac::Permission;
use storage::DbConnection;
use storage::delivery::checklists::{self as rows, ItemWrite};

/// The store's checklist changes, as the PDI reads them.
pub(crate) fn of_store(c: &mut DbConnection, store_id: i64) -> AppResult<StoreChecklist> {
    let rows = rows::of_store(c, store_id)?;
    Ok(StoreChecklist {
        off: rows.iter().filter(|r| r.label.is_none() && !r.active).map(|r| r.key.clone()).collect(),
        own: rows
            .into_iter()
            .filter(|r| r.active)
            .filter_map(|r| Some(OwnItem { label: r.label?, key: r.key, section: r.section, applies: r.applies }))
            .collect(),
    })
}

/// The words of the store's own items, in force or not (an old PDI names them too).
pub(crate) fn labels(c: &mut DbConnection, store_id: i64) -> AppResult<Vec<(String, String)>> {
    Ok(rows::of_store(c, store_id)?.into_iter().filter_map(|r| Some((r.key, r.label?))).collect())
}

/// An item on the settings page.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ChecklistSetting {
    pub key: String,
    #[schema(value_type = String)]
    pub section: Section,
    /// An own item's words (a standard item's are the locale files').
    pub label: Option<String>,
    /// all | engine | new_energy
    #[schema(value_type = String)]
    pub applies: Applies,
    pub active: bool,
}

/// The standard items and the store's own, with whether each is checked.
pub fn settings(app: &App, actor: &Actor) -> AppResult<Vec<ChecklistSetting>> {
    require(actor, Permission::DeliverySettingsManage)?;
    app.db.read(|c| {
        let rows = rows::of_store(c, actor.store_id.0)?;
        let mut out: Vec<ChecklistSetting> = domain::delivery::standard_items()
            .into_iter()
            .map(|(i, applies)| ChecklistSetting {
                active: !rows.iter().any(|r| r.key == i.key && !r.active),
                key: i.key,
                section: i.section,
                label: None,
                applies,
            })
            .collect();
        out.extend(rows.into_iter().filter(|r| r.label.is_some()).map(|r| ChecklistSetting {
            key: r.key,
            section: r.section,
            label: r.label,
            applies: r.applies,
            active: r.active,
        }));
        out.sort_by_key(|s| s.section);
        Ok(out)
    })
}

/// Switches an item of the store's checklist on or off.
pub fn set_active(app: &App, actor: &Actor, key: &str, active: bool) -> AppResult<Vec<ChecklistSetting>> {
    require(actor, Permission::DeliverySettingsManage)?;
    let now = app.now();
    let current = settings(app, actor)?;
    let item = current.iter().find(|s| s.key == key).ok_or(AppError::NotFound)?;
    if item.active != active {
        app.db.write(|c| {
            let store = actor.store_id.0;
            let w = ItemWrite {
                store_id: store,
                key,
                section: item.section,
                label: item.label.as_deref(),
                applies: item.applies,
                active,
                by: actor.user_id.0,
                now,
            };
            write(c, actor, &w, Changes::new().created("item", key).field("active", item.active, active))
        })?;
    }
    settings(app, actor)
}

/// A store's own item as typed.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct OwnItemInput {
    pub label: String,
    /// body | interior | tyres | lights | fluids | electrics | charging | keys | documents
    pub section: String,
    /// all | engine | new_energy
    pub applies: String,
}

/// Adds an item of the store's own (checked from the next PDI on).
pub fn add_own(app: &App, actor: &Actor, input: &OwnItemInput) -> AppResult<Vec<ChecklistSetting>> {
    use domain::code::Code;
    require(actor, Permission::DeliverySettingsManage)?;
    let now = app.now();
    let mut e = domain::FieldErrors::new();
    let label = domain::delivery::own_label(&input.label).map_err(|code| e.add("label", code)).ok();
    let section = Section::from_code(input.section.trim()).or_else(|| {
        e.add("section", "pdi-section-unknown");
        None
    });
    let applies = Applies::from_code(input.applies.trim()).or_else(|| {
        e.add("applies", "pdi-applies-unknown");
        None
    });
    e.into_result()?;
    let (label, section, applies) = (label.expect("checked"), section.expect("checked"), applies.expect("checked"));
    app.db.write(|c| {
        let store = actor.store_id.0;
        let own = rows::own_count(c, store)?;
        let key = format!("own_{}", own + 1);
        let w = ItemWrite {
            store_id: store,
            key: &key,
            section,
            label: Some(&label),
            applies,
            active: true,
            by: actor.user_id.0,
            now,
        };
        let changes = Changes::new().created("item", &key).created("label", &label).created("section", section.code());
        write(c, actor, &w, changes)
    })?;
    settings(app, actor)
}

/// Writes an item of the store's checklist with its audit record.
fn write(c: &mut DbConnection, actor: &Actor, w: &ItemWrite<'_>, changes: Changes) -> AppResult<()> {
    rows::upsert(c, w)?;
    let store = Some(w.store_id);
    let record = Record { action: Action::PdiChecklistChanged, entity_id: w.store_id, store_id: store, changes };
    audit::record(c, w.now, actor, record)
}
