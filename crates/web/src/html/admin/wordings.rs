//! A store's own wording of its messages: the list of notices (standard or the store's words, per
//! language), a notice's form with its placeholders, and going back to the standard words.

use super::nav::crumbs;
use crate::AppState;
use crate::error::WebError;
use crate::extract::Form;
use crate::html::{Ctx, Flash, render};
use crate::session::{MessagesManage, Need, Staff};
use app::kernel::notify::Wording;
use app::org::wordings::NoticeWording;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Template)]
#[template(path = "admin/wordings.html")]
struct ListPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    wordings: Vec<NoticeWording>,
    q: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ListQuery {
    q: Option<String>,
    flash: Option<String>,
}

pub(super) async fn list(
    State(state): State<AppState>,
    Need(staff, _): Need<MessagesManage>,
    Query(f): Query<ListQuery>,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let keys = crate::i18n::notice_keys();
    let all = state.run(move |app| app::org::wordings::wordings(app, &actor, &keys)).await?;
    let q = f.q.as_deref().unwrap_or_default().trim().to_lowercase();
    let wordings = all
        .into_iter()
        .filter(|w| q.is_empty() || w.notice.contains(&q) || w.standard.subject.to_lowercase().contains(&q))
        .collect();
    render(&ListPage {
        crumbs: crumbs(staff.locale(), "nav-wordings", "/admin/wordings", None),
        ctx: Ctx::new(&staff, "/admin/wordings", f.flash.as_deref()),
        wordings,
        q,
    })
}

#[derive(Template)]
#[template(path = "admin/wording.html")]
struct EditPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    w: NoticeWording,
    words: Wording,
    errors: BTreeMap<&'static str, String>,
}

impl EditPage {
    fn error_of(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }

    fn placeholders(&self) -> String {
        self.w.placeholders.iter().map(|p| format!("{{${p}}}")).collect::<Vec<_>>().join(" ")
    }
}

fn edit_page(staff: &Staff, w: NoticeWording, flash: Option<&str>) -> EditPage {
    let words = w.own.clone().unwrap_or_else(|| w.standard.clone());
    let path = format!("/admin/wordings/{}/{}", w.notice, w.locale);
    EditPage {
        crumbs: crumbs(staff.locale(), "nav-wordings", "/admin/wordings", Some(format!("{} · {}", w.notice, w.locale))),
        ctx: Ctx::new(staff, &path, flash),
        w,
        words,
        errors: BTreeMap::new(),
    }
}

pub(super) async fn edit(
    State(state): State<AppState>,
    Need(staff, _): Need<MessagesManage>,
    Path((notice, locale)): Path<(String, String)>,
    Query(f): Query<Flash>,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let w = state.run(move |app| app::org::wordings::wording(app, &actor, &notice, &locale)).await?;
    render(&edit_page(&staff, w, f.flash.as_deref()))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct WordingForm {
    subject: String,
    body: String,
    sms: String,
}

pub(super) async fn save(
    State(state): State<AppState>,
    Need(staff, _): Need<MessagesManage>,
    Path((notice, locale)): Path<(String, String)>,
    Form(f): Form<WordingForm>,
) -> Result<Response, WebError> {
    let words = Wording { subject: f.subject, body: f.body, sms: f.sms };
    let actor = staff.actor().clone();
    let (n, lc, typed) = (notice.clone(), locale.clone(), words.clone());
    match state.run(move |app| app::org::wordings::set_wording(app, &actor, &n, &lc, &words)).await {
        Ok(_) => Ok(Redirect::to(&format!("/admin/wordings/{notice}/{locale}?flash=wording-saved")).into_response()),
        Err(app::AppError::Validation(fe)) => {
            let actor = staff.actor().clone();
            let w = state.run(move |app| app::org::wordings::wording(app, &actor, &notice, &locale)).await?;
            let mut page = edit_page(&staff, w, None);
            page.words = typed;
            let l = staff.locale();
            for e in fe.iter() {
                let field = match e.field.as_str() {
                    "subject" => "subject",
                    "body" => "body",
                    _ => "sms",
                };
                page.errors.insert(field, l.error(e.code));
            }
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn reset(
    State(state): State<AppState>,
    Need(staff, _): Need<MessagesManage>,
    Path((notice, locale)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let (n, lc) = (notice.clone(), locale.clone());
    state.run(move |app| app::org::wordings::reset_wording(app, &actor, &n, &lc)).await?;
    Ok(Redirect::to(&format!("/admin/wordings/{notice}/{locale}?flash=wording-reset")).into_response())
}
