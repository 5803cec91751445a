//! The signed-in user's own settings: password and personal API tokens.

use super::form::{Field, FormPage, Kind, refused};
use super::{Ctx, Flash, render};
use crate::AppState;
use crate::error::WebError;
use crate::extract::{Form, Id};
use crate::session::Staff;
use app::AppError;
use app::org::users::ApiToken;
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/account/password", get(password_form).post(password_change))
        .route("/account/tokens", get(tokens).post(token_create))
        .route("/account/tokens/{id}/revoke", post(token_revoke))
}

fn password_page(staff: &Staff, flash: Option<&str>) -> FormPage {
    let l = staff.locale();
    let title = l.t("nav-password");
    FormPage {
        ctx: Ctx::new(staff, "/account/password", flash),
        crumbs: vec![(title.clone(), String::new())],
        title,
        action: "/account/password".into(),
        cancel: "/".into(),
        submit: l.t("action-save"),
        version: None,
        fields: vec![
            Field::new(l, "current_password", Kind::Password, "").required().autofocus(),
            Field::new(l, "new_password", Kind::Password, "").required().help(l.t("help-password")),
            Field::new(l, "repeat_password", Kind::Password, "").required(),
        ],
        form_error: None,
    }
}

async fn password_form(staff: Staff, Query(f): Query<Flash>) -> Result<Html<String>, WebError> {
    render(&password_page(&staff, f.flash.as_deref()))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PasswordChange {
    current_password: String,
    new_password: String,
    repeat_password: String,
}

async fn password_change(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<PasswordChange>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let session = staff.0.session.id.clone();
    match state
        .run(move |app| {
            app::org::auth::change_password(
                app,
                &actor,
                Some(&session),
                &f.current_password,
                &f.new_password,
                &f.repeat_password,
            )
        })
        .await
    {
        Ok(()) => Ok(Redirect::to("/account/password?flash=password-changed").into_response()),
        Err(e) => refused(password_page(&staff, None), e),
    }
}

#[derive(Template)]
#[template(path = "account/tokens.html")]
struct TokensPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    tokens: Vec<ApiToken>,
    new_token: Option<String>,
    name: String,
    error: Option<String>,
}

async fn tokens_page(
    state: &AppState,
    staff: &Staff,
    flash: Option<&str>,
    new_token: Option<String>,
    name: String,
    error: Option<String>,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let tokens = state.run(move |app| app::org::auth::list_api_tokens(app, &actor)).await?;
    render(&TokensPage {
        ctx: Ctx::new(staff, "/account/tokens", flash),
        crumbs: vec![(staff.locale().t("nav-tokens"), String::new())],
        tokens,
        new_token,
        name,
        error,
    })
}

async fn tokens(State(state): State<AppState>, staff: Staff, Query(f): Query<Flash>) -> Result<Html<String>, WebError> {
    tokens_page(&state, &staff, f.flash.as_deref(), None, String::new(), None).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct NewToken {
    name: String,
}

/// The token is shown in the response to this POST only; it is never retrievable again.
async fn token_create(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<NewToken>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let name = f.name.clone();
    match state.run(move |app| app::org::auth::create_api_token(app, &actor, &name)).await {
        Ok((_, token)) => Ok(tokens_page(&state, &staff, Some("token-created"), Some(token), String::new(), None)
            .await?
            .into_response()),
        Err(AppError::Validation(fe)) => {
            let msg = fe.iter().next().map(|e| staff.locale().error(e.code));
            let page = tokens_page(&state, &staff, None, None, f.name, msg).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

async fn token_revoke(State(state): State<AppState>, staff: Staff, Id(id): Id) -> Result<Redirect, WebError> {
    let actor = staff.actor().clone();
    state.run(move |app| app::org::auth::revoke_api_token(app, &actor, id)).await?;
    Ok(Redirect::to("/account/tokens?flash=token-revoked"))
}
