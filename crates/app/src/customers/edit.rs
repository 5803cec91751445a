//! Creating and editing a customer: the profile checked and stored, the mobile unique in the
//! store, the owner within the actor's reach.

use super::*;

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
                    .created("kind", row.kind)
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
        let blank_id = f.kind == "individual"
            && f.id_number_hash.is_none()
            && before.kind == domain::customer::CustomerKind::Individual;
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
