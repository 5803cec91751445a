//! A marketing campaign to the filtered customers who agreed to it.

use super::*;

#[derive(Template)]
#[template(path = "customers/campaign.html")]
pub(super) struct CampaignPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    /// The form's action and the list it came from, with the list's filters.
    action: String,
    back: String,
    reach: CampaignResult,
    sent: Option<CampaignResult>,
    subject: String,
    body: String,
    errors: HashMap<String, String>,
    form_error: Option<String>,
}

impl CampaignPage {
    fn counts(&self, key: &str, r: &CampaignResult) -> String {
        let n = |v: i64| v.to_string();
        self.ctx.l.t_args(
            key,
            &[("sent", n(r.sent)), ("without_consent", n(r.without_consent)), ("without_email", n(r.without_email))],
        )
    }

    fn aria(&self, field: &str) -> String {
        crate::html::form::aria_invalid(field, self.errors.contains_key(field))
    }

    fn invalid(&self, field: &str) -> &'static str {
        if self.errors.contains_key(field) { "is-invalid" } else { "" }
    }
}

/// The list's filters as they came, for the campaign form's links.
pub(super) fn filter_query(uri: &axum::http::Uri) -> String {
    uri.query().map(|q| format!("?{q}")).unwrap_or_default()
}

pub(super) async fn campaign_page(
    state: &AppState,
    staff: &Staff,
    q: ListQuery,
    uri: &axum::http::Uri,
    input: CampaignInput,
    outcome: Option<Result<CampaignResult, AppError>>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let filter = filter_of(&q);
    let reach = state.run(move |app| app::customers::campaign::preview(app, &actor, &filter)).await?;
    let l = staff.locale();
    let (mut errors, mut form_error, mut sent, mut status) = (HashMap::new(), None, None, StatusCode::OK);
    match outcome {
        Some(Ok(r)) => sent = Some(r),
        Some(Err(AppError::Validation(fe))) => {
            for e in fe.iter() {
                errors.entry(e.field.clone()).or_insert_with(|| l.error(e.code));
            }
            form_error = fe.get("filter").map(|c| l.error(c)).or_else(|| Some(l.t("err-validation")));
            status = StatusCode::UNPROCESSABLE_ENTITY;
        }
        Some(Err(e)) => return Err(e.into()),
        None => {}
    }
    let query = filter_query(uri);
    let page = CampaignPage {
        ctx: Ctx::new(staff, "/customers", None),
        crumbs: vec![(l.t("nav-customers"), format!("/customers{query}")), (l.t("customer-campaign"), String::new())],
        action: format!("/customers/campaign{query}"),
        back: format!("/customers{query}"),
        reach,
        // A sent message is not offered again.
        subject: if sent.is_some() { String::new() } else { input.subject },
        body: if sent.is_some() { String::new() } else { input.body },
        sent,
        errors,
        form_error,
    };
    Ok((status, render(&page)?).into_response())
}

/// The marketing e-mail form for the filtered list, with how many it would reach.
pub(super) async fn campaign_form(
    State(state): State<AppState>,
    Need(staff, _): Need<CustomerCampaign>,
    Query(q): Query<ListQuery>,
    uri: axum::http::Uri,
) -> Result<Response, WebError> {
    campaign_page(&state, &staff, q, &uri, CampaignInput::default(), None).await
}

pub(super) async fn campaign_send(
    State(state): State<AppState>,
    Need(staff, _): Need<CustomerCampaign>,
    Query(q): Query<ListQuery>,
    uri: axum::http::Uri,
    Form(input): Form<CampaignInput>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let filter = filter_of(&q);
    let typed = input.clone();
    let outcome = state.run(move |app| app::customers::campaign::send(app, &actor, &filter, &input)).await;
    campaign_page(&state, &staff, q, &uri, typed, Some(outcome)).await
}
