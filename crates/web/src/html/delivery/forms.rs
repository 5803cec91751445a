//! The PDI checklist and the handover form: full pages, one column on a phone, every refused
//! field shown again with its message and what was typed.

use crate::AppState;
use crate::error::WebError;
use crate::extract::{Form, Id};
use crate::html::{Ctx, render};
use crate::session::{DeliveryHandOver, DeliveryInspect, Need, Staff};
use app::delivery::{CheckedInput, Delivery, HandoverInput, InspectionInput};
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use domain::FieldErrors;
use domain::delivery::{HandoverDocument, Section};
use std::collections::BTreeMap;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/orders/{id}/pdi", get(pdi_page).post(pdi_submit))
        .route("/orders/{id}/handover", get(handover_page).post(handover_submit))
        .route("/orders/{id}/pdi/photos", axum::routing::post(photo_upload).layer(crate::api::delivery::photo_limit()))
        .route("/pdi-photos/{id}", get(photo_show))
}

/// What a refused form shows: the messages by field, and the one for the whole form.
#[derive(Default)]
struct Messages {
    fields: BTreeMap<String, String>,
    form: Option<String>,
}

impl Messages {
    fn of(staff: &Staff, err: app::AppError) -> Result<(StatusCode, Self), WebError> {
        let l = staff.locale();
        match err {
            app::AppError::Validation(fe) => Ok((StatusCode::UNPROCESSABLE_ENTITY, Self::fields(l, &fe))),
            e @ app::AppError::Conflict(_) => {
                let (_, message) = crate::error::describe(&e, l);
                Ok((StatusCode::CONFLICT, Self { fields: BTreeMap::new(), form: Some(message) }))
            }
            other => Err(other.into()),
        }
    }

    fn fields(l: crate::i18n::Locale, fe: &FieldErrors) -> Self {
        let mut fields = BTreeMap::new();
        for e in fe.iter() {
            fields.entry(e.field.clone()).or_insert_with(|| l.error(e.code));
        }
        Self { fields, form: Some(l.t("err-validation")) }
    }

    fn get(&self, field: &str) -> Option<&String> {
        self.fields.get(field)
    }
}

async fn delivery(state: &AppState, staff: &Staff, id: i64) -> Result<Delivery, WebError> {
    let actor = staff.actor().clone();
    Ok(state.run(move |app| app::delivery::of_order(app, &actor, id)).await?)
}

fn crumbs(staff: &Staff, d: &Delivery, here: String) -> Vec<(String, String)> {
    let l = staff.locale();
    vec![
        (l.t("nav-orders"), "/orders".into()),
        (d.order_no.clone(), format!("/orders/{}", d.order_id)),
        (here, String::new()),
    ]
}

#[derive(Template)]
#[template(path = "delivery/pdi.html")]
struct PdiPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    d: Delivery,
    /// The sections of the checklist in order, each with its items.
    sections: Vec<(Section, Vec<String>)>,
    typed: BTreeMap<String, (String, String)>,
    note: String,
    messages: Messages,
}

impl PdiPage {
    fn outcome(&self, key: &str) -> &str {
        self.typed.get(key).map_or("", |(o, _)| o.as_str())
    }

    fn item(&self, key: &str) -> String {
        super::item_label(&self.ctx, &self.d, key)
    }

    fn item_note(&self, key: &str) -> &str {
        self.typed.get(key).map_or("", |(_, n)| n.as_str())
    }

    fn error(&self, key: &str) -> Option<&String> {
        self.messages.get(&format!("item.{key}"))
    }
}

fn pdi(
    staff: &Staff,
    d: Delivery,
    typed: BTreeMap<String, (String, String)>,
    note: String,
    messages: Messages,
) -> PdiPage {
    let mut sections: Vec<(Section, Vec<String>)> = Vec::new();
    for i in &d.checklist {
        match sections.last_mut() {
            Some((s, items)) if *s == i.section => items.push(i.key.clone()),
            _ => sections.push((i.section, vec![i.key.clone()])),
        }
    }
    let path = format!("/orders/{}", d.order_id);
    PdiPage {
        ctx: Ctx::new(staff, &path, None),
        crumbs: crumbs(staff, &d, "PDI".into()),
        d,
        sections,
        typed,
        note,
        messages,
    }
}

async fn pdi_page(
    State(state): State<AppState>,
    Need(staff, _): Need<DeliveryInspect>,
    Id(id): Id,
    axum::extract::Query(f): axum::extract::Query<crate::html::Flash>,
) -> Result<Html<String>, WebError> {
    let d = delivery(&state, &staff, id).await?;
    let mut page = pdi(&staff, d, BTreeMap::new(), String::new(), Messages::default());
    page.ctx = Ctx::new(&staff, &format!("/orders/{id}"), f.flash.as_deref());
    render(&page)
}

/// The checklist as posted: `outcome.<key>` and `note.<key>` per item, and `note`.
fn pdi_input(pairs: &[(String, String)]) -> (InspectionInput, BTreeMap<String, (String, String)>) {
    let mut typed: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut note = String::new();
    for (k, v) in pairs {
        if let Some(key) = k.strip_prefix("outcome.") {
            typed.entry(key.to_string()).or_default().0 = v.clone();
        } else if let Some(key) = k.strip_prefix("note.") {
            typed.entry(key.to_string()).or_default().1 = v.clone();
        } else if k == "note" {
            note = v.clone();
        }
    }
    let results = typed
        .iter()
        .map(|(key, (outcome, note))| CheckedInput { key: key.clone(), outcome: outcome.clone(), note: note.clone() })
        .collect();
    (InspectionInput { results, note }, typed)
}

async fn pdi_submit(
    State(state): State<AppState>,
    Need(staff, _): Need<DeliveryInspect>,
    Id(id): Id,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let (input, mut typed) = pdi_input(&pairs);
    let actor = staff.actor().clone();
    let note = input.note.clone();
    let sent = input.clone();
    match state.run(move |app| app::delivery::inspect(app, &actor, id, &sent)).await {
        Ok(d) => {
            let flash = if d.inspections.first().is_some_and(|i| i.passed) { "pdi-passed" } else { "pdi-failed" };
            Ok(Redirect::to(&format!("/orders/{id}?flash={flash}#delivery-box")).into_response())
        }
        Err(e) => {
            let (status, mut messages) = Messages::of(&staff, e)?;
            let d = delivery(&state, &staff, id).await?;
            // An item left unanswered is named by the checklist, not by the post.
            for i in &d.checklist {
                typed.entry(i.key.to_string()).or_default();
            }
            if messages.fields.is_empty() && messages.form.is_none() {
                messages.form = Some(staff.locale().t("err-validation"));
            }
            Ok((status, render(&pdi(&staff, d, typed, note, messages))?).into_response())
        }
    }
}

#[derive(Template)]
#[template(path = "delivery/handover.html")]
struct HandoverPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    d: Delivery,
    documents: Vec<HandoverDocument>,
    f: HandoverForm,
    messages: Messages,
}

impl HandoverPage {
    fn checked(&self, doc: &HandoverDocument) -> bool {
        self.f.documents.iter().any(|d| d == doc.code())
    }

    fn document_error(&self, doc: &HandoverDocument) -> Option<&String> {
        self.messages.get(&format!("document.{}", doc.code()))
    }
}

#[derive(serde::Deserialize, Default, Clone)]
#[serde(default)]
struct HandoverForm {
    documents: Vec<String>,
    key_count: String,
    odometer_km: String,
    signature: String,
    signed_by: String,
    note: String,
}

fn handover(staff: &Staff, d: Delivery, f: HandoverForm, messages: Messages) -> HandoverPage {
    let path = format!("/orders/{}", d.order_id);
    HandoverPage {
        ctx: Ctx::new(staff, &path, None),
        crumbs: crumbs(staff, &d, staff.locale().t("handover-start")),
        d,
        documents: HandoverDocument::ALL.to_vec(),
        f,
        messages,
    }
}

async fn handover_page(
    State(state): State<AppState>,
    Need(staff, _): Need<DeliveryHandOver>,
    Id(id): Id,
) -> Result<Html<String>, WebError> {
    let d = delivery(&state, &staff, id).await?;
    let f = HandoverForm { key_count: "2".into(), signed_by: d.customer_name.clone(), ..Default::default() };
    render(&handover(&staff, d, f, Messages::default()))
}

async fn handover_submit(
    State(state): State<AppState>,
    Need(staff, _): Need<DeliveryHandOver>,
    Id(id): Id,
    Form(f): Form<HandoverForm>,
) -> Result<Response, WebError> {
    let input = HandoverInput {
        documents: f.documents.clone(),
        key_count: f.key_count.clone(),
        odometer_km: f.odometer_km.clone(),
        signature: f.signature.clone(),
        signed_by: f.signed_by.clone(),
        note: f.note.clone(),
    };
    let actor = staff.actor().clone();
    match state.run(move |app| app::delivery::hand_over(app, &actor, id, &input)).await {
        Ok(_) => Ok(Redirect::to(&format!("/orders/{id}?flash=handed-over#delivery-box")).into_response()),
        Err(e) => {
            let (status, messages) = Messages::of(&staff, e)?;
            let d = delivery(&state, &staff, id).await?;
            // The signature is drawn again: a refused form does not carry the picture back.
            let f = HandoverForm { signature: String::new(), ..f };
            Ok((status, render(&handover(&staff, d, f, messages))?).into_response())
        }
    }
}

/// A photo taken on the PDI page (multipart: `item` and `photo`): back to the checklist, which
/// lists it; a refused file is said above the checklist.
async fn photo_upload(
    State(state): State<AppState>,
    Need(staff, _): Need<DeliveryInspect>,
    Id(id): Id,
    mut form: axum::extract::Multipart,
) -> Result<Response, WebError> {
    let (mut item, mut declared, mut bytes) = (String::new(), String::new(), Vec::new());
    while let Ok(Some(field)) = form.next_field().await {
        match field.name() {
            Some("item") => item = field.text().await.unwrap_or_default(),
            Some("photo") => {
                declared = field.content_type().unwrap_or("").to_string();
                bytes = field.bytes().await.map(|b| b.to_vec()).unwrap_or_default();
            }
            _ => {}
        }
    }
    let actor = staff.actor().clone();
    match state.run(move |app| app::delivery::add_photo(app, &actor, id, &item, &declared, &bytes)).await {
        Ok(_) => Ok(Redirect::to(&format!("/orders/{id}/pdi?flash=photo-added#photos")).into_response()),
        Err(e) => {
            let (status, messages) = Messages::of(&staff, e)?;
            let d = delivery(&state, &staff, id).await?;
            let messages = Messages { form: messages.fields.values().next().cloned().or(messages.form), ..messages };
            Ok((status, render(&pdi(&staff, d, BTreeMap::new(), String::new(), messages))?).into_response())
        }
    }
}

async fn photo_show(
    State(state): State<AppState>,
    Need(staff, _): Need<crate::session::OrderRead>,
    Id(id): Id,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let (p, bytes) = state.run(move |app| app::delivery::photo(app, &actor, id)).await?;
    Ok(crate::api::delivery::photo_response(&p, bytes))
}
