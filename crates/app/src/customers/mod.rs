//! Customer profiles, within the actor's data scope: the profile with its tags, preferences
//! and marketing consent; the 360 timeline (`timeline`), the value tier (`value`), and the
//! customer's rights over their data (`privacy`: export, anonymisation).

pub mod campaign;
pub mod privacy;
pub mod timeline;
pub mod value;

/// The list's filter and sort.
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
            kind: row.kind,
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

/// The stored form of `profile`. Consent keeps the time it was given while it stands unchanged
/// (`before`: the stored profile on an edit); given anew or from another source, it is dated now.
fn fields(
    app: &App,
    profile: &CustomerProfile,
    owner_id: i64,
    before: Option<&CustomerRow>,
    now: chrono::NaiveDateTime,
) -> CustomerFields {
    let (id_number, credit_code, contact_person) = match &profile.identity {
        LegalIdentity::Individual { id_number } => (id_number.as_ref(), None, None),
        LegalIdentity::Company { credit_code, contact_person } => {
            (None, Some(credit_code.as_str().to_string()), Some(contact_person.clone()))
        }
    };
    CustomerFields {
        kind: profile.kind().code().to_string(),
        name: profile.name.clone(),
        mobile: profile.mobile.as_str().to_string(),
        email: profile.email.as_ref().map(|e| e.as_str().to_string()),
        address: profile.address.clone(),
        id_number_enc: id_number.map(|id| app.secrets.encrypt(id.as_str())),
        id_number_tail: id_number.map(|id| id.tail().to_string()),
        id_number_hash: id_number.map(|id| app.secrets.blind_index(id.as_str())),
        credit_code,
        contact_person,
        notes: profile.notes.clone(),
        owner_id,
        tags: profile.preferences.tags.join(","),
        pref_colour: profile.preferences.colour.clone(),
        pref_configuration: profile.preferences.configuration.clone(),
        pref_contact_time: profile.preferences.contact_time.code().to_string(),
        marketing_consent: profile.consent.is_some(),
        consent_source: profile.consent.map(|s| s.code().to_string()),
        consent_at: profile.consent.map(|s| {
            before
                .filter(|b| b.marketing_consent && b.consent_source.as_deref() == Some(s.code()))
                .and_then(|b| b.consent_at)
                .unwrap_or(now)
        }),
    }
}

/// A unique index refused the customer: the ID number (`customers_store_id_number`, on SQLite
/// the column `id_number_hash`) or otherwise the mobile number is already the store's.
fn mobile_taken(e: StorageError) -> AppError {
    match e {
        e if e.is_duplicate_of("id_number") => {
            AppError::Conflict(Conflict::Duplicate { field: "id_number", code: "id-number-taken", existing: None })
        }
        StorageError::Duplicate(_) => {
            AppError::Conflict(Conflict::Duplicate { field: "mobile", code: "mobile-taken", existing: None })
        }
        other => other.into(),
    }
}

/// A duplicate mobile in the store: point at the existing profile and its owner. Looked up after
/// the failed transaction, which PostgreSQL has aborted.
fn with_existing_profile(
    app: &App,
    actor: &Actor,
    input: &CustomerInput,
    result: AppResult<CustomerView>,
) -> AppResult<CustomerView> {
    let Err(AppError::Conflict(Conflict::Duplicate { field: "mobile", code, existing: None })) = result else {
        return result;
    };
    let mobile = Mobile::parse(&input.mobile).map_err(|_| AppError::internal("duplicate of an invalid mobile"))?;
    let found = app
        .db
        .read(|c| Ok::<_, AppError>(storage::customers::find_by_mobile(c, actor.store_id.0, mobile.as_str())?))?;
    // Only a profile the user may open is named; otherwise they learn only whom to ask.
    let vis_found = match found {
        Some((id, label, owner)) => {
            let visible = app.db.read(|c| {
                let vis = visibility(c, actor)?;
                Ok::<_, AppError>(storage::customers::get_visible(c, &vis, id).is_ok())
            })?;
            visible.then_some(ExistingRecord { open: Some((id, label)), owner })
        }
        None => None,
    };
    let code = if vis_found.is_some() { code } else { "mobile-taken-ask-manager" };
    Err(AppError::Conflict(Conflict::Duplicate { field: "mobile", code, existing: vis_found }))
}

pub fn create(app: &App, actor: &Actor, input: &CustomerInput) -> AppResult<CustomerView> {
    let now = app.now();
    require(actor, Permission::CustomerWrite)?;
    let parsed = input.parse(crate::kernel::calendar::today(app, actor)?);
    let result = app.db.write(|c| {
        let mut e = parsed.as_ref().err().cloned().unwrap_or_default();
        let owner_id = resolve_owner(c, actor, &input.owner_id, None, &mut e)?;
        e.into_result()?;
        let profile = parsed.expect("no field errors");
        let f = fields(app, &profile, owner_id, None, now);
        let row = storage::customers::insert(c, actor.store_id.0, actor.user_id.0, &f, now).map_err(mobile_taken)?;
        audit::record(
            c,
            now,
            actor,
            Record {
                action: Action::CustomerCreated,
                entity_id: row.id,
                store_id: Some(row.store_id),
                changes: Changes::new()
                    .created("kind", &row.kind)
                    .created("name", &row.name)
                    .created("mobile", mask_mobile(&row.mobile))
                    .created("owner_id", row.owner_id)
                    .created("id_number", row.id_number_hash.as_ref().map(|_| tail_label(&row.id_number_tail)))
                    .created("tags", &row.tags)
                    .created("marketing_consent", row.marketing_consent)
                    .created_if("consent_source", row.consent_source.as_ref()),
            },
        )?;
        Ok(CustomerView { warnings: warnings_of(&profile), ..CustomerView::of(actor, row) })
    });
    with_existing_profile(app, actor, input, result)
}

pub fn update(app: &App, actor: &Actor, id: i64, version: i64, input: &CustomerInput) -> AppResult<CustomerView> {
    let now = app.now();
    require(actor, Permission::CustomerWrite)?;
    let parsed = input.parse(crate::kernel::calendar::today(app, actor)?);
    let result = app.db.write(|c| {
        let vis = visibility(c, actor)?;
        let before = storage::customers::get_visible(c, &vis, id)?;
        if before.anonymised_at.is_some() {
            return Err(AppError::field("name", "customer-anonymised"));
        }
        let mut e = parsed.as_ref().err().cloned().unwrap_or_default();
        let owner_id = resolve_owner(c, actor, &input.owner_id, Some(before.owner_id), &mut e)?;
        e.into_result()?;
        let profile = parsed.expect("no field errors");
        let mut f = fields(app, &profile, owner_id, Some(&before), now);
        // Forms never show the stored ID number, so a blank one on an individual keeps it; an
        // unchanged one keeps its ciphertext, so the history shows no false change.
        let blank_id = f.kind == "individual" && f.id_number_hash.is_none() && before.kind == "individual";
        if blank_id || (f.id_number_hash.is_some() && f.id_number_hash == before.id_number_hash) {
            f.id_number_enc.clone_from(&before.id_number_enc);
            f.id_number_tail.clone_from(&before.id_number_tail);
            f.id_number_hash.clone_from(&before.id_number_hash);
        }
        let after = storage::customers::update(c, id, version, &f, now).map_err(mobile_taken)?;
        audit::record(
            c,
            now,
            actor,
            Record {
                action: Action::CustomerUpdated,
                entity_id: id,
                store_id: Some(after.store_id),
                changes: Changes::new()
                    .field("kind", &before.kind, &after.kind)
                    .field("name", &before.name, &after.name)
                    .field("mobile", mask_mobile(&before.mobile), mask_mobile(&after.mobile))
                    .field("email", &before.email, &after.email)
                    .field("address", &before.address, &after.address)
                    .field(
                        "id_number",
                        before.id_number_hash.as_ref().map(|_| tail_label(&before.id_number_tail)),
                        after.id_number_hash.as_ref().map(|_| tail_label(&after.id_number_tail)),
                    )
                    .field("credit_code", &before.credit_code, &after.credit_code)
                    .field("contact_person", &before.contact_person, &after.contact_person)
                    .field("notes", &before.notes, &after.notes)
                    .field("owner_id", before.owner_id, after.owner_id)
                    .field("tags", &before.tags, &after.tags)
                    .field("pref_colour", &before.pref_colour, &after.pref_colour)
                    .field("pref_configuration", &before.pref_configuration, &after.pref_configuration)
                    .field("pref_contact_time", &before.pref_contact_time, &after.pref_contact_time)
                    .field("marketing_consent", before.marketing_consent, after.marketing_consent)
                    .field("consent_source", &before.consent_source, &after.consent_source),
            },
        )?;
        Ok(CustomerView { warnings: warnings_of(&profile), ..CustomerView::of(actor, after) })
    });
    with_existing_profile(app, actor, input, result)
}

/// How an ID number appears in the audit log: only its tail.
fn tail_label(tail: &Option<String>) -> String {
    format!("****{}", tail.as_deref().unwrap_or(""))
}

/// What customers adds to the application (listed in `app::capabilities::ALL`).
pub const CAPABILITY: crate::kernel::registry::Capability = crate::kernel::registry::Capability {
    name: "customers",
    listeners: LISTENERS,
    timeline: &[],
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
        crate::kernel::audit::Action::DocumentDownloaded,
    ],
};

const LISTENERS: &[crate::kernel::events::Listener] = &[];
