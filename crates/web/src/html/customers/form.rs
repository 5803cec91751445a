//! The customer form: new (also from a lead or an order in progress), create, edit, update.

use super::*;

#[derive(Template)]
#[template(path = "customers/form.html")]
pub(super) struct FormTemplate {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    title: String,
    action: String,
    cancel: String,
    version: Option<i64>,
    input: CustomerInput,
    errors: HashMap<String, String>,
    form_error: Option<String>,
    duplicate: Option<(i64, String, String)>,
    owners: Vec<(i64, String)>,
    can_assign: bool,
    contact_times: Vec<(&'static str, String)>,
    consent_sources: Vec<(&'static str, String)>,
}

impl FormTemplate {
    fn err(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }

    /// The attributes that tie a refused field to its message for assistive technology.
    fn aria(&self, field: &str) -> String {
        crate::html::form::aria_invalid(field, self.errors.contains_key(field))
    }

    fn invalid(&self, field: &str) -> &'static str {
        if self.errors.contains_key(field) { "is-invalid" } else { "" }
    }

    fn is_company(&self) -> bool {
        self.input.kind == "company"
    }

    fn owner_selected(&self, id: &i64) -> bool {
        self.input.owner_id == id.to_string()
    }
}

pub(super) struct FormSpec {
    title: String,
    action: String,
    cancel: String,
    version: Option<i64>,
}

pub(super) async fn form_page(
    state: &AppState,
    staff: &Staff,
    spec: FormSpec,
    input: CustomerInput,
    error: Option<&AppError>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let owners = state.run(move |app| app::org::users::staff_of_store(app, &actor)).await?;
    let l = staff.locale();
    let mut errors = HashMap::new();
    let mut form_error = None;
    let mut duplicate = None;
    match error {
        Some(AppError::Validation(fe)) => {
            for e in fe.iter() {
                errors.entry(e.field.clone()).or_insert_with(|| l.error(e.code));
            }
            form_error = Some(l.t("err-validation"));
        }
        Some(AppError::Conflict(Conflict::Duplicate { field, code, existing })) => {
            errors.insert(field.to_string(), l.error(code));
            duplicate = existing.as_ref().and_then(|r| r.open.clone().map(|(id, label)| (id, label, r.owner.clone())));
        }
        Some(AppError::Conflict(Conflict::Stale)) => form_error = Some(l.t("err-stale")),
        _ => {}
    }
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let status = if matches!(error, Some(AppError::Conflict(_))) { StatusCode::CONFLICT } else { status };
    let page = FormTemplate {
        ctx: Ctx::new(staff, "/customers", None),
        crumbs: vec![(l.t("nav-customers"), "/customers".into()), (spec.title.clone(), String::new())],
        title: spec.title,
        action: spec.action,
        cancel: spec.cancel,
        version: spec.version,
        input,
        errors,
        form_error,
        duplicate,
        owners: owners
            .into_iter()
            .filter(|u| u.role != domain::rbac::Role::Technician)
            .map(|u| (u.id, u.display_name))
            .collect(),
        can_assign: staff.actor().scope != DataScope::Own,
        contact_times: ContactTime::ALL
            .iter()
            .map(|t| (t.code(), l.t(&format!("contact-time-{}", t.code()))))
            .collect(),
        consent_sources: ConsentSource::ALL
            .iter()
            .map(|t| (t.code(), l.t(&format!("consent-source-{}", t.code()))))
            .collect(),
    };
    Ok((status, render(&page)?).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct NewFor {
    /// `order`: the customer is created on the way to a new order, which opens next.
    #[serde(rename = "for")]
    purpose: String,
}

pub(super) fn create_action(purpose: &str) -> String {
    if purpose == "order" { "/customers?for=order".into() } else { "/customers".into() }
}

pub(super) async fn new(
    State(state): State<AppState>,
    Need(staff, _): Need<CustomerWrite>,
    Query(p): Query<NewFor>,
) -> Result<Response, WebError> {
    let l = staff.locale();
    let spec = FormSpec {
        title: l.t("customer-new"),
        action: create_action(&p.purpose),
        cancel: "/customers".into(),
        version: None,
    };
    let input = CustomerInput {
        kind: "individual".into(),
        owner_id: staff.actor().user_id.0.to_string(),
        ..Default::default()
    };
    form_page(&state, &staff, spec, input, None).await
}

/// The toast after a save: with the first warning about what was saved, if any.
pub(super) fn flash_of(done: &str, c: &app::customers::CustomerView) -> String {
    c.warnings.first().map_or_else(|| done.to_string(), |w| format!("{done}-{}", w.replace('_', "-")))
}

pub(super) async fn create(
    State(state): State<AppState>,
    Need(staff, _): Need<CustomerWrite>,
    Query(p): Query<NewFor>,
    Form(input): Form<CustomerInput>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let submitted = input.clone();
    match state.run(move |app| app::customers::create(app, &actor, &input)).await {
        Ok(c) if p.purpose == "order" => Ok(Redirect::to(&format!("/orders/new?customer_id={}", c.id)).into_response()),
        Ok(c) => {
            Ok(Redirect::to(&format!("/customers/{}?flash={}", c.id, flash_of("customer-created", &c))).into_response())
        }
        Err(e @ (AppError::Validation(_) | AppError::Conflict(_))) => {
            let l = staff.locale();
            let spec = FormSpec {
                title: l.t("customer-new"),
                action: create_action(&p.purpose),
                cancel: "/customers".into(),
                version: None,
            };
            form_page(&state, &staff, spec, submitted, Some(&e)).await
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn edit(
    State(state): State<AppState>,
    Need(staff, _): Need<CustomerWrite>,
    Id(id): Id,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let c = state.run(move |app| app::customers::get(app, &actor, id)).await?;
    let l = staff.locale();
    let input = CustomerInput {
        kind: c.kind.clone(),
        name: c.name.clone(),
        mobile: c.mobile.clone(),
        email: c.email.clone().unwrap_or_default(),
        address: c.address.clone().unwrap_or_default(),
        // The stored ID number never goes back into a page; left blank, the stored one is kept.
        id_number: String::new(),
        credit_code: c.credit_code.clone().unwrap_or_default(),
        contact_person: c.contact_person.clone().unwrap_or_default(),
        notes: c.notes.clone().unwrap_or_default(),
        owner_id: c.owner_id.to_string(),
        version: c.version,
        tags: c.tags.join(", "),
        pref_colour: c.pref_colour.clone(),
        pref_configuration: c.pref_configuration.clone(),
        pref_contact_time: c.pref_contact_time.clone(),
        marketing_consent: c.marketing_consent,
        consent_source: c.consent_source.clone().unwrap_or_default(),
    };
    let spec = FormSpec {
        title: l.t_args("customer-edit", &[("name", c.name.clone())]),
        action: format!("/customers/{id}"),
        cancel: format!("/customers/{id}"),
        version: Some(c.version),
    };
    form_page(&state, &staff, spec, input, None).await
}

pub(super) async fn update(
    State(state): State<AppState>,
    Need(staff, _): Need<CustomerWrite>,
    Id(id): Id,
    Form(input): Form<CustomerInput>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let submitted = input.clone();
    let version = input.version;
    match state.run(move |app| app::customers::update(app, &actor, id, version, &input)).await {
        Ok(c) => Ok(Redirect::to(&format!("/customers/{id}?flash={}", flash_of("saved", &c))).into_response()),
        Err(e @ (AppError::Validation(_) | AppError::Conflict(_))) => {
            let l = staff.locale();
            let spec = FormSpec {
                title: l.t_args("customer-edit", &[("name", submitted.name.clone())]),
                action: format!("/customers/{id}"),
                cancel: format!("/customers/{id}"),
                version: Some(version),
            };
            form_page(&state, &staff, spec, submitted, Some(&e)).await
        }
        Err(e) => Err(e.into()),
    }
}
