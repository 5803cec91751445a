//! The inquiry form: a new lead (with a new or known customer) and editing a lead's facts.

use super::*;

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub(super) struct InquiryForm {
    customer_id: String,
    name: String,
    mobile: String,
    channel: String,
    model_ids: Vec<String>,
    budget: String,
    timeframe: String,
    payment_intention: String,
    tier: String,
    trade_in_brand: String,
    trade_in_model: String,
    trade_in_year: String,
    trade_in_mileage_km: String,
    next_follow_up_on: String,
    notes: String,
    owner_id: String,
    /// Empty: not agreed to marketing messages; else how the customer agreed.
    consent_source: String,
    idempotency_key: String,
}

/// The lead's facts from the form: its own fields parsed (yuan, whole numbers, the date),
/// errors by field.
pub(super) fn facts_of(f: &InquiryForm, e: &mut domain::FieldErrors) -> (LeadFacts, Option<NaiveDate>) {
    let budget_fen = match f.budget.trim() {
        "" => None,
        b => Money::parse_price(b).map(|m| m.fen()).map_err(|_| e.add("budget_fen", "money-invalid")).ok(),
    };
    let int = |v: &str, field: &'static str, e: &mut domain::FieldErrors| match v.trim() {
        "" => None,
        v => v.parse::<i32>().map_err(|_| e.add(field, "lead-number-invalid")).ok(),
    };
    let facts = LeadFacts {
        channel: f.channel.clone(),
        model_ids: f.model_ids.iter().filter_map(|m| m.parse().ok()).collect(),
        budget_fen,
        timeframe: f.timeframe.clone(),
        payment_intention: f.payment_intention.clone(),
        tier: f.tier.clone(),
        trade_in_brand: f.trade_in_brand.clone(),
        trade_in_model: f.trade_in_model.clone(),
        trade_in_year: int(&f.trade_in_year, "trade_in_year", e),
        trade_in_mileage_km: int(&f.trade_in_mileage_km, "trade_in_mileage_km", e),
        notes: f.notes.clone(),
    };
    let next = match f.next_follow_up_on.trim() {
        "" => None,
        d => NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| e.add("next_follow_up_on", "date-invalid")).ok(),
    };
    (facts, next)
}

pub(super) struct FormData {
    models: Vec<(String, String)>,
    owners: Vec<(i64, String)>,
    /// The customer of the lead (an existing one), by name.
    customer: Option<String>,
}

pub(super) fn form_data(app: &App, actor: &Actor, customer_id: Option<i64>) -> app::AppResult<FormData> {
    let models = app::catalogue::tree(app, actor)?
        .into_iter()
        .flat_map(|b| {
            let brand = b.brand.name;
            b.models
                .into_iter()
                .filter(|m| m.model.active)
                .map(move |m| (m.model.id.to_string(), format!("{brand} {}", m.model.name)))
        })
        .collect();
    let customer = customer_id
        .map(|id| app::customers::get(app, actor, id).map(|c| format!("{} {}", c.name, c.mobile)))
        .transpose()?;
    Ok(FormData { models, owners: owners(app, actor)?, customer })
}

pub(super) fn inquiry_form(staff: &Staff, d: &FormData, f: &InquiryForm, offer: Option<(i64, String)>) -> FormPage {
    let l = staff.locale();
    let can_assign = staff.actor().can(domain::rbac::Permission::LeadAssign);
    let mut fields = Vec::new();
    if let Some((id, text)) = offer {
        // The number is a customer's already: the form offers that profile instead of a copy.
        fields.push(
            Field::new(l, "customer_id", Kind::Select, id.to_string())
                .options(vec![(id.to_string(), text)])
                .help(l.t("help-lead-existing-customer")),
        );
    } else if let Some(c) = &d.customer {
        fields.push(
            Field::new(l, "customer_id", Kind::Select, &f.customer_id)
                .options(vec![(f.customer_id.clone(), c.clone())]),
        );
    }
    if fields.is_empty() {
        let mut name = Field::new(l, "name", Kind::Text, &f.name).required().autofocus();
        name.label = l.t("field-person-name");
        fields.push(name);
        fields.push(Field::new(l, "mobile", Kind::Tel, &f.mobile).required());
    }
    let mut channels = vec![(String::new(), l.t("choose"))];
    channels.extend(options(l, "channel", &Channel::ALL, Channel::code));
    let mut channel = Field::new(l, "channel", Kind::Select, &f.channel).required().options(channels);
    channel.label = l.t("lead-channel");
    fields.extend([
        channel,
        Field::new(l, "model_ids", Kind::MultiCheck, "").options(d.models.clone()).values(f.model_ids.clone()),
        Field::new(l, "tier", Kind::Select, if f.tier.is_empty() { "n" } else { &f.tier }).options(options(
            l,
            "lead-tier",
            &Tier::ALL,
            Tier::code,
        )),
        Field::new(l, "timeframe", Kind::Select, if f.timeframe.is_empty() { "undecided" } else { &f.timeframe })
            .options(options(l, "lead-timeframe", &Timeframe::ALL, Timeframe::code)),
        Field::new(
            l,
            "payment_intention",
            Kind::Select,
            if f.payment_intention.is_empty() { "undecided" } else { &f.payment_intention },
        )
        .options(options(l, "lead-payment", &PaymentIntention::ALL, PaymentIntention::code)),
        Field::new(l, "budget", Kind::Money, &f.budget).errors_of("budget_fen"),
        Field::new(l, "trade_in_brand", Kind::Text, &f.trade_in_brand),
        Field::new(l, "trade_in_model", Kind::Text, &f.trade_in_model),
        Field::new(l, "trade_in_year", Kind::Number, &f.trade_in_year),
        Field::new(l, "trade_in_mileage_km", Kind::Number, &f.trade_in_mileage_km),
        Field::new(l, "next_follow_up_on", Kind::Date, &f.next_follow_up_on).help(l.t("help-lead-next-follow-up")),
        Field::new(l, "notes", Kind::Text, &f.notes),
    ]);
    if d.customer.is_none() {
        // A new profile: whether they agreed to marketing messages, and how (an existing
        // profile's consent is changed on the profile).
        let mut sources = vec![(String::new(), l.t("consent-not-given"))];
        sources.extend(options(l, "consent-source", &ConsentSource::ALL, ConsentSource::code));
        let mut consent = Field::new(l, "consent_source", Kind::Select, &f.consent_source).options(sources);
        consent.label = l.t("field-marketing-consent");
        fields.push(consent);
    }
    if can_assign {
        let mut o = vec![(String::new(), l.t("lead-owner-round-robin"))];
        o.extend(d.owners.iter().map(|(id, n)| (id.to_string(), n.clone())));
        fields.push(Field::new(l, "owner_id", Kind::Select, &f.owner_id).options(o));
    }
    FormPage {
        ctx: Ctx::new(staff, "/leads", None),
        crumbs: vec![(l.t("nav-leads"), "/leads".into()), (l.t("lead-new"), String::new())],
        title: l.t("lead-new"),
        action: format!(
            "/leads?key={}",
            if f.idempotency_key.is_empty() { app::kernel::crypto::random_token() } else { f.idempotency_key.clone() }
        ),
        cancel: "/leads".into(),
        submit: l.t("lead-submit"),
        version: None,
        fields,
        form_error: None,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct NewQuery {
    customer_id: Option<String>,
    key: Option<String>,
}

pub(super) async fn new(
    State(state): State<AppState>,
    Need(staff, _): Need<LeadWrite>,
    Query(q): Query<NewQuery>,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let customer = num(&q.customer_id);
    let d = state.run(move |app| form_data(app, &actor, customer)).await?;
    let f = InquiryForm {
        customer_id: customer.map(|c| c.to_string()).unwrap_or_default(),
        next_follow_up_on: String::new(),
        ..Default::default()
    };
    render(&inquiry_form(&staff, &d, &f, None))
}

pub(super) async fn create(
    State(state): State<AppState>,
    Need(staff, _): Need<LeadWrite>,
    Query(q): Query<NewQuery>,
    Form(mut f): Form<InquiryForm>,
) -> Result<Response, WebError> {
    // The key in the form's address makes a double submit one lead.
    f.idempotency_key = q.key.unwrap_or_default();
    let mut e = domain::FieldErrors::new();
    let (facts, next) = facts_of(&f, &mut e);
    let input = InquiryInput {
        customer_id: f.customer_id.trim().parse().ok(),
        name: f.name.clone(),
        mobile: f.mobile.clone(),
        facts,
        owner_id: f.owner_id.trim().parse().ok(),
        external_ref: String::new(),
        next_follow_up_on: next,
        marketing_consent: !f.consent_source.trim().is_empty(),
        consent_source: f.consent_source.clone(),
    };
    let actor = staff.actor().clone();
    let key = f.idempotency_key.clone();
    let result = if e.is_empty() {
        state
            .run(move |app| {
                ld::record_inquiry(app, &actor, &input, Some(&key).filter(|k| !k.is_empty()).map(String::as_str))
            })
            .await
    } else {
        Err(AppError::Validation(e))
    };
    let err = match result {
        Ok(lead) => return Ok(axum::response::Redirect::to(&format!("/leads/{}?flash=saved", lead.id)).into_response()),
        Err(e) => e,
    };
    let actor = staff.actor().clone();
    let customer = f.customer_id.trim().parse().ok();
    let d = state.run(move |app| form_data(app, &actor, customer)).await?;
    let l = staff.locale();
    let offer = match &err {
        AppError::Conflict(Conflict::Duplicate { existing: Some(x), .. }) => x
            .open
            .clone()
            .map(|(id, name)| (id, l.t_args("lead-use-existing", &[("name", name), ("owner", x.owner.clone())]))),
        _ => None,
    };
    let mut page = inquiry_form(&staff, &d, &f, offer);
    if let AppError::Conflict(Conflict::Duplicate { existing: Some(x), code, .. }) = &err
        && x.open.is_none()
    {
        // Outside the user's scope: who to ask, never the customer's name.
        page.form_error =
            Some(format!("{} {}", l.error(code), l.t_args("lead-ask-owner", &[("owner", x.owner.clone())])));
        return Ok((StatusCode::CONFLICT, render(&page)?).into_response());
    }
    crate::html::form::refused(page, err)
}

pub(super) fn edit_form(staff: &Staff, d: &FormData, id: i64, version: i64, f: &InquiryForm) -> FormPage {
    let mut page = inquiry_form(staff, d, f, None);
    let l = staff.locale();
    // The customer and the owner are not edited here (the profile; the manager's assignment).
    page.fields.retain(|x| !matches!(x.name, "customer_id" | "name" | "mobile" | "owner_id" | "next_follow_up_on"));
    page.title = l.t("lead-edit");
    page.crumbs = vec![(l.t("nav-leads"), "/leads".into()), (l.t("lead-edit"), String::new())];
    page.action = format!("/leads/{id}/edit");
    page.cancel = format!("/leads/{id}");
    page.submit = l.t("action-save");
    page.version = Some(version);
    page
}

pub(super) fn form_of(lead: &Lead) -> InquiryForm {
    InquiryForm {
        channel: lead.channel.code().into(),
        model_ids: lead.models.iter().map(|m| m.id.to_string()).collect(),
        budget: lead.budget_fen.map(|b| Money::from_fen(b).to_plain()).unwrap_or_default(),
        timeframe: lead.timeframe.code().into(),
        payment_intention: lead.payment_intention.code().into(),
        tier: lead.tier.code().into(),
        trade_in_brand: lead.trade_in_brand.clone(),
        trade_in_model: lead.trade_in_model.clone(),
        trade_in_year: lead.trade_in_year.map(|y| y.to_string()).unwrap_or_default(),
        trade_in_mileage_km: lead.trade_in_mileage_km.map(|y| y.to_string()).unwrap_or_default(),
        notes: lead.notes.clone(),
        ..Default::default()
    }
}

pub(super) async fn edit(
    State(state): State<AppState>,
    Need(staff, _): Need<LeadWrite>,
    Id(id): Id,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let (lead, d) = state.run(move |app| Ok((ld::get(app, &actor, id)?, form_data(app, &actor, None)?))).await?;
    render(&edit_form(&staff, &d, id, lead.version, &form_of(&lead)))
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub(super) struct EditForm {
    version: i64,
    #[serde(flatten)]
    f: InquiryForm,
}

pub(super) async fn update(
    State(state): State<AppState>,
    Need(staff, _): Need<LeadWrite>,
    Id(id): Id,
    Form(form): Form<EditForm>,
) -> Result<Response, WebError> {
    let mut e = domain::FieldErrors::new();
    let f = form.f.clone();
    let (facts, _) = facts_of(&f, &mut e);
    let input = LeadEdit { version: form.version, facts };
    let write = move |app: &App, a: &Actor| {
        if e.is_empty() { ld::edit(app, a, id, &input) } else { Err(AppError::Validation(e)) }
    };
    let version = form.version;
    let page = async || {
        let actor = staff.actor().clone();
        let d = state.run(move |app| form_data(app, &actor, None)).await?;
        Ok(edit_form(&staff, &d, id, version, &f))
    };
    submit(&state, &staff, write, |l: &Lead| format!("/leads/{}?flash=saved", l.id), page).await
}
