//! Customer profiles, within the actor's data scope: the profile with its tags, preferences
//! and marketing consent; the 360 timeline (`timeline`), the value tier (`value`), and the
//! customer's rights over their data (`privacy`: export, anonymisation).

pub mod campaign;
mod edit;
pub mod privacy;
pub mod timeline;
pub mod value;
pub mod vehicles;

/// The list's filter and sort.
pub use edit::{create, update};
pub use storage::customers::{CustomerFilter, CustomerSort};

use crate::kernel::audit::{self, Action, Changes, Record};
use crate::kernel::error::{Conflict, ExistingRecord};
use crate::kernel::scope::{EXPORT_LIMIT, resolve_owner, visibility};
use crate::{App, AppError, AppResult, require};
use domain::FieldErrors;
use domain::code::Code;
use domain::customer::{ContactTime, CustomerKind, CustomerProfile, LegalIdentity, Preferences};
use domain::ident::mobile_mask::mask_mobile;
use domain::ident::{CreditCode, Email, Mobile, ResidentId};
use domain::org::Actor;
use domain::rbac::Permission;
use domain::text;
use storage::customers::{CustomerFields, CustomerRow};
use storage::{Page, PageRequest, StorageError};

/// A customer form as typed (HTML form or JSON).
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct CustomerInput {
    /// The version the form was loaded at (updates only; optimistic locking).
    #[serde(default)]
    pub version: i64,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub mobile: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub id_number: String,
    #[serde(default)]
    pub credit_code: String,
    #[serde(default)]
    pub contact_person: String,
    #[serde(default)]
    pub notes: String,
    /// Blank: the creating user (or, on edit, unchanged).
    #[serde(default, deserialize_with = "crate::kernel::input::id_text")]
    #[schema(value_type = Option<i64>)]
    pub owner_id: String,
    /// Comma-separated ("老客户,二胎家庭"); at most 12, each up to 20 characters.
    #[serde(default)]
    pub tags: String,
    #[serde(default)]
    pub pref_colour: String,
    #[serde(default)]
    pub pref_configuration: String,
    /// `any` (blank), `morning`, `midday`, `afternoon`, `evening`, `weekend`.
    #[serde(default)]
    pub pref_contact_time: String,
    /// Agreed to marketing messages; needs `consent_source`. Unticked withdraws the consent.
    #[serde(default, deserialize_with = "crate::kernel::input::flag")]
    pub marketing_consent: bool,
    /// `in_store`, `phone`, `wechat`, `website`, `sms`.
    #[serde(default)]
    pub consent_source: String,
}

impl CustomerInput {
    /// Parses the form as of `today` (the application's clock: birth dates are not in the future).
    pub fn parse(&self, today: chrono::NaiveDate) -> Result<CustomerProfile, FieldErrors> {
        let mut e = FieldErrors::new();
        let kind = match self.kind.trim() {
            "" => CustomerKind::Individual,
            k => CustomerKind::from_code(k).unwrap_or_else(|| {
                e.add("kind", "customer-kind-unknown");
                CustomerKind::Individual
            }),
        };
        let name = e.check("name", text::required(&self.name, 100));
        let mobile = e.check("mobile", Mobile::parse(&self.mobile));
        let email = e.check("email", text::optional_with(&self.email, Email::parse));
        let address = e.check("address", text::optional(&self.address, 200));
        let notes = e.check("notes", text::optional(&self.notes, 1000));
        let tags = e.check("tags", domain::customer::parse_tags(&self.tags));
        let colour = e.check("pref_colour", text::optional(&self.pref_colour, 50));
        let configuration = e.check("pref_configuration", text::optional(&self.pref_configuration, 100));
        let contact_time = match self.pref_contact_time.trim() {
            "" => ContactTime::Any,
            t => ContactTime::from_code(t).unwrap_or_else(|| {
                e.add("pref_contact_time", "contact-time-unknown");
                ContactTime::Any
            }),
        };
        let consent = e
            .check("consent_source", domain::customer::parse_consent(self.marketing_consent, &self.consent_source))
            .flatten();
        let identity = match kind {
            CustomerKind::Individual => e
                .check("id_number", text::optional_with(&self.id_number, |s| ResidentId::parse(s, today)))
                .map(|id_number| LegalIdentity::Individual { id_number }),
            CustomerKind::Company => {
                let code = e.check("credit_code", CreditCode::parse(&self.credit_code));
                let contact = e.check("contact_person", text::required(&self.contact_person, 50));
                code.zip(contact)
                    .map(|(credit_code, contact_person)| LegalIdentity::Company { credit_code, contact_person })
            }
        };
        e.into_result()?;
        Ok(CustomerProfile {
            name: name.expect("checked"),
            mobile: mobile.expect("checked"),
            email: email.expect("checked"),
            address: address.expect("checked"),
            identity: identity.expect("checked"),
            notes: notes.expect("checked"),
            preferences: Preferences {
                tags: tags.expect("checked"),
                colour: colour.expect("checked").unwrap_or_default(),
                configuration: configuration.expect("checked").unwrap_or_default(),
                contact_time,
            },
            consent,
        })
    }
}

/// A customer as a user may see it: the ID number masked unless they may view it in full.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct CustomerView {
    pub id: i64,
    pub store_id: i64,
    pub kind: String,
    pub name: String,
    pub mobile: String,
    pub email: Option<String>,
    pub address: Option<String>,
    /// Always masked here; the full number is only returned by `reveal_id_number`, which is audited.
    pub id_number_masked: Option<String>,
    pub credit_code: Option<String>,
    pub contact_person: Option<String>,
    pub notes: Option<String>,
    pub owner_id: i64,
    pub version: i64,
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    pub created_at: chrono::NaiveDateTime,
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    pub updated_at: chrono::NaiveDateTime,
    pub tags: Vec<String>,
    pub pref_colour: String,
    pub pref_configuration: String,
    pub pref_contact_time: String,
    /// Agreed to marketing messages: only these customers may receive them.
    pub marketing_consent: bool,
    pub consent_source: Option<String>,
    #[serde(serialize_with = "crate::kernel::json::rfc3339_opt")]
    #[schema(value_type = Option<String>)]
    pub consent_at: Option<chrono::NaiveDateTime>,
    /// Set when the personal data was erased on the customer's request.
    #[serde(serialize_with = "crate::kernel::json::rfc3339_opt")]
    #[schema(value_type = Option<String>)]
    pub anonymised_at: Option<chrono::NaiveDateTime>,
    /// What staff should double-check about what they just saved (`id_region_historical`: the
    /// ID number's region is a division since abolished; `id_region_unlisted`: not in the table).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<&'static str>,
    /// The value tier from the customer's purchases (a single profile only, not in lists).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<value::CustomerValue>,
}

/// The stored tags as a list.
pub(crate) fn tag_list(stored: &str) -> Vec<String> {
    stored.split(',').filter(|t| !t.is_empty()).map(str::to_string).collect()
}

/// Accepted, but worth a second look at the card.
fn warnings_of(profile: &CustomerProfile) -> Vec<&'static str> {
    match &profile.identity {
        LegalIdentity::Individual { id_number: Some(id) } => match id.region() {
            domain::ident::Region::Current => vec![],
            domain::ident::Region::Historical => vec!["id_region_historical"],
            domain::ident::Region::Unlisted => vec!["id_region_unlisted"],
        },
        _ => vec![],
    }
}

impl CustomerView {
    /// The row as `actor` may see it: mobile masked unless their role needs the number.
    fn of(actor: &Actor, row: CustomerRow) -> Self {
        // An erased profile keeps a placeholder only to hold its row unique; nobody reads it.
        let mobile = if row.anonymised_at.is_some() {
            String::new()
        } else if actor.can(Permission::CustomerViewMobile) {
            row.mobile
        } else {
            mask_mobile(&row.mobile)
        };
        let id_number_masked = row.id_number_tail.as_ref().map(|tail| format!("**************{tail}"));
        Self {
            id: row.id,
            store_id: row.store_id,
            kind: row.kind.code().to_string(),
            name: row.name,
            mobile,
            email: row.email,
            address: row.address,
            id_number_masked,
            credit_code: row.credit_code,
            contact_person: row.contact_person,
            notes: row.notes,
            owner_id: row.owner_id,
            version: row.version,
            created_at: row.created_at,
            updated_at: row.updated_at,
            tags: tag_list(&row.tags),
            pref_colour: row.pref_colour,
            pref_configuration: row.pref_configuration,
            pref_contact_time: row.pref_contact_time,
            marketing_consent: row.marketing_consent,
            consent_source: row.consent_source,
            consent_at: row.consent_at,
            anonymised_at: row.anonymised_at,
            warnings: Vec::new(),
            value: None,
        }
    }
}

pub fn list(app: &App, actor: &Actor, filter: &CustomerFilter, page: PageRequest) -> AppResult<Page<CustomerView>> {
    require(actor, Permission::CustomerRead)?;
    app.db.read(|c| {
        let vis = visibility(c, actor)?;
        Ok(storage::customers::list(c, &vis, filter, page)?.map(|r| CustomerView::of(actor, r)))
    })
}

pub fn get(app: &App, actor: &Actor, id: i64) -> AppResult<CustomerView> {
    require(actor, Permission::CustomerRead)?;
    app.db.read(|c| {
        let vis = visibility(c, actor)?;
        let row = storage::customers::get_visible(c, &vis, id)?;
        let value = value::of_customer(c, &row)?;
        Ok(CustomerView { value: Some(value), ..CustomerView::of(actor, row) })
    })
}

/// Every customer of the filtered list (as the list shows them: masked where the role requires),
/// for an Excel export. Exports of personal data are written to the audit log with their filter.
pub fn export(app: &App, actor: &Actor, filter: &CustomerFilter) -> AppResult<Vec<CustomerView>> {
    let now = app.now();
    require(actor, Permission::CustomerRead)?;
    let rows = app.db.read(|c| {
        let vis = visibility(c, actor)?;
        let mut rows = Vec::new();
        let mut page = PageRequest { page: 1, per_page: 1000 };
        loop {
            let batch = storage::customers::list(c, &vis, filter, page)?;
            if batch.total > EXPORT_LIMIT {
                return Err(AppError::field("export", "export-too-large"));
            }
            let done = batch.page >= batch.pages();
            rows.extend(batch.items.into_iter().map(|r| CustomerView::of(actor, r)));
            if done {
                break;
            }
            page.page += 1;
        }
        Ok::<_, AppError>(rows)
    })?;
    app.db.write(|c| {
        audit::record(
            c,
            now,
            actor,
            Record {
                action: Action::CustomersExported,
                entity_id: 0,
                store_id: Some(actor.store_id.0),
                changes: Changes::new()
                    .created("rows", rows.len())
                    .created("q", &filter.q)
                    .created("kind", &filter.kind),
            },
        )?;
        Ok(rows)
    })
}

/// The full ID number, for roles that need it; every view is written to the audit log.
pub fn reveal_id_number(app: &App, actor: &Actor, id: i64) -> AppResult<Option<String>> {
    let now = app.now();
    require(actor, Permission::CustomerRead)?;
    require(actor, Permission::CustomerViewIdNumber)?;
    app.db.write(|c| {
        let vis = visibility(c, actor)?;
        let row = storage::customers::get_visible(c, &vis, id)?;
        let Some(sealed) = &row.id_number_enc else {
            return Ok(None);
        };
        let plain = app.secrets.decrypt(sealed).ok_or_else(|| AppError::internal("ID number does not decrypt"))?;
        audit::record(
            c,
            now,
            actor,
            Record {
                action: Action::CustomerIdNumberViewed,
                entity_id: row.id,
                store_id: Some(row.store_id),
                changes: Changes::new(),
            },
        )?;
        Ok(Some(plain))
    })
}

/// What customers adds to the application (listed in `app::capabilities::ALL`).
pub const CAPABILITY: crate::kernel::registry::Capability = crate::kernel::registry::Capability {
    name: "customers",
    listeners: LISTENERS,
    timeline: &[],
    vehicle_notes: &[],
    jobs: &[],
    permissions: &[
        domain::rbac::Permission::CustomerRead,
        domain::rbac::Permission::CustomerWrite,
        domain::rbac::Permission::CustomerViewMobile,
        domain::rbac::Permission::CustomerViewIdNumber,
        domain::rbac::Permission::CustomerDataExport,
        domain::rbac::Permission::CustomerAnonymise,
        domain::rbac::Permission::CustomerCampaign,
    ],
    audit_actions: &[
        crate::kernel::audit::Action::CustomerCreated,
        crate::kernel::audit::Action::CustomerUpdated,
        crate::kernel::audit::Action::CustomerIdNumberViewed,
        crate::kernel::audit::Action::CustomersExported,
        crate::kernel::audit::Action::CustomerDataExported,
        crate::kernel::audit::Action::CustomerAnonymised,
        crate::kernel::audit::Action::CustomerCampaignSent,
        crate::kernel::audit::Action::CustomerVehicleAdded,
        crate::kernel::audit::Action::CustomerVehicleReleased,
        crate::kernel::audit::Action::DocumentDownloaded,
    ],
    erasers: &[privacy::ERASER],
    staff_notices: &[],
};

const LISTENERS: &[crate::kernel::events::Listener] = &[crate::kernel::events::Listener {
    name: "customers.vehicle_owner",
    hears: &[crate::kernel::events::Kind::VehicleHandedOver],
    on: vehicles::on_handed_over,
    prepare: None,
}];
