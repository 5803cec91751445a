//! What is done on a lead's page: a contact logged, the stage reported, the next contact
//! rescheduled, the lead assigned, lost asked for and decided.

use super::*;

/// A date field left with text that is no date is refused, not taken as "none".
pub(super) fn date_or_refuse(field: &'static str, s: &str) -> app::AppResult<Option<NaiveDate>> {
    match s.trim() {
        "" => Ok(None),
        v => date(v).map(Some).ok_or_else(|| AppError::field(field, "date-invalid")),
    }
}

pub(super) async fn contact(
    State(state): State<AppState>,
    Need(staff, _): Need<LeadWrite>,
    Id(id): Id,
    Form(f): Form<ActionForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let typed = f.clone();
    let result = state
        .run(move |app| {
            let input = ContactInput {
                version: f.version,
                kind: f.kind,
                outcome: f.outcome,
                note: f.note,
                next_step: f.next_step,
                next_follow_up_on: date_or_refuse("next_follow_up_on", &f.next_follow_up_on)?,
                tier: f.tier,
            };
            follow_ups::log_contact(app, &actor, id, &input)
        })
        .await;
    let done = result.map(|_| format!("/leads/{id}?flash=lead-contact-logged"));
    again_with(&state, &staff, id, done, typed).await
}

pub(super) async fn stage(
    State(state): State<AppState>,
    Need(staff, _): Need<LeadWrite>,
    Id(id): Id,
    Form(f): Form<ActionForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let result = state.run(move |app| ld::report_stage(app, &actor, id, f.version, &f.stage)).await;
    again_on_lead(&state, &staff, id, result.map(|_| format!("/leads/{id}?flash=saved"))).await
}

pub(super) async fn reschedule(
    State(state): State<AppState>,
    Need(staff, _): Need<LeadWrite>,
    Id(id): Id,
    Form(f): Form<ActionForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let result = state
        .run(move |app| follow_ups::reschedule(app, &actor, id, f.version, date_or_refuse("due_on", &f.due_on)?))
        .await;
    again_on_lead(&state, &staff, id, result.map(|_| format!("/leads/{id}?flash=saved"))).await
}

pub(super) async fn assign(
    State(state): State<AppState>,
    Need(staff, _): Need<crate::session::LeadAssign>,
    Id(id): Id,
    Form(f): Form<ActionForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let owner = f.owner_id.trim().parse().ok();
    let result = state.run(move |app| ld::assign(app, &actor, id, f.version, owner)).await;
    again_on_lead(&state, &staff, id, result.map(|_| format!("/leads/{id}?flash=saved"))).await
}

pub(super) async fn lost(
    State(state): State<AppState>,
    Need(staff, _): Need<LeadWrite>,
    Id(id): Id,
    Form(f): Form<ActionForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let input = LostInput { version: f.version, reason: f.reason, competitor: f.competitor, note: f.note };
    let result = state.run(move |app| ld::request_lost(app, &actor, id, &input)).await;
    again_on_lead(&state, &staff, id, result.map(|_| format!("/leads/{id}?flash=lead-lost-requested"))).await
}

pub(super) async fn lost_decision(
    State(state): State<AppState>,
    Need(staff, _): Need<crate::session::LeadLostApprove>,
    Id(id): Id,
    Form(f): Form<ActionForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let approve = f.decision == "approve";
    let result = state.run(move |app| ld::decide_lost(app, &actor, id, f.version, approve, &f.note)).await;
    again_on_lead(&state, &staff, id, result.map(|_| format!("/leads/{id}?flash=saved"))).await
}
