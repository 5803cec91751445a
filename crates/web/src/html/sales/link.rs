//! Sending the buyer the link to their order's page again, from the order page.

use crate::AppState;
use crate::error::WebError;
use crate::extract::Id;
use crate::html::form::{Answer, answer};
use crate::session::{Need, OrderWrite};
use axum::extract::State;
use axum::response::{IntoResponse, Response};

pub(super) async fn resend(
    State(state): State<AppState>,
    Need(staff, _): Need<OrderWrite>,
    Id(id): Id,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let result = state.run(move |app| app::sales::resend_link(app, &actor, id)).await;
    match answer(&staff, result.map(|_| format!("/orders/{id}?flash=link-sent#customer-link-box")))? {
        Answer::Done(r) => Ok(r),
        Answer::Again(status, code, _) => {
            let page = crate::html::panels::order_page(&state, &staff, id, &[code], None).await?;
            Ok((status, page).into_response())
        }
    }
}
