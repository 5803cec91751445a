//! A generic form page for the administration screens: fields described as data, rendered by
//! one template with labels above fields, required marks and messages next to each field.

use super::Ctx;
use crate::i18n::Locale;
use askama::Template;
use domain::FieldErrors;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Text,
    Password,
    Email,
    Tel,
    Number,
    /// A calendar day (the browser's date picker).
    Date,
    Money,
    /// A percentage, with its unit after the field.
    Percent,
    Select,
    Checkbox,
    MultiCheck,
}

pub struct Field {
    pub name: &'static str,
    pub label: String,
    pub kind: Kind,
    pub value: String,
    pub values: Vec<String>,
    pub options: Vec<(String, String)>,
    pub required: bool,
    pub error: Option<String>,
    pub help: Option<String>,
    pub autofocus: bool,
    /// The name the use case reports this field's errors under (its own name unless set).
    pub error_key: &'static str,
    /// Shown only while another field has one of some values: (field, values joined by commas).
    pub shown_when: Option<(&'static str, String)>,
}

impl Field {
    pub fn new(l: Locale, name: &'static str, kind: Kind, value: impl Into<String>) -> Self {
        Self {
            name,
            label: l.t(&format!("field-{}", name.replace('_', "-"))),
            kind,
            value: value.into(),
            values: Vec::new(),
            options: Vec::new(),
            required: false,
            error: None,
            help: None,
            autofocus: false,
            error_key: name,
            shown_when: None,
        }
    }

    /// Errors the use case reports under `key` go next to this field.
    pub fn errors_of(mut self, key: &'static str) -> Self {
        self.error_key = key;
        self
    }

    /// The field applies only while `field` has one of `values` (the page hides it otherwise).
    pub fn shown_when(mut self, field: &'static str, values: &[&str]) -> Self {
        self.shown_when = Some((field, values.join(",")));
        self
    }

    /// The ids of the help and error texts that describe the field, for `aria-describedby`.
    pub fn described_by(&self) -> String {
        let mut ids = Vec::new();
        if self.error.is_some() {
            ids.push(format!("f-{}-error", self.name));
        }
        if self.help.is_some() {
            ids.push(format!("f-{}-help", self.name));
        }
        ids.join(" ")
    }

    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub fn autofocus(mut self) -> Self {
        self.autofocus = true;
        self
    }

    pub fn options(mut self, options: Vec<(String, String)>) -> Self {
        self.options = options;
        self
    }

    pub fn values(mut self, values: Vec<String>) -> Self {
        self.values = values;
        self
    }

    pub fn help(mut self, help: String) -> Self {
        self.help = Some(help);
        self
    }

    pub fn is_checked(&self) -> bool {
        matches!(self.value.as_str(), "true" | "on" | "1")
    }

    pub fn is_selected(&self, option: &str) -> bool {
        self.value == option || self.values.iter().any(|v| v == option)
    }

    pub fn is_kind(&self, kind: &str) -> bool {
        let k = match self.kind {
            Kind::Text => "text",
            Kind::Password => "password",
            Kind::Email => "email",
            Kind::Tel => "tel",
            Kind::Number => "number",
            Kind::Date => "date",
            Kind::Money => "money",
            Kind::Percent => "percent",
            Kind::Select => "select",
            Kind::Checkbox => "checkbox",
            Kind::MultiCheck => "multicheck",
        };
        k == kind
    }

    pub fn input_type(&self) -> &'static str {
        match self.kind {
            Kind::Password => "password",
            Kind::Email => "email",
            Kind::Tel => "tel",
            Kind::Number => "number",
            Kind::Date => "date",
            _ => "text",
        }
    }
}

/// The attributes of a refused field in a hand-written form: invalid, and described by its
/// message (`f-{field}-error`). Empty for a field without an error.
pub fn aria_invalid(field: &str, invalid: bool) -> String {
    if invalid { format!(" aria-invalid=\"true\" aria-describedby=\"f-{field}-error\"") } else { String::new() }
}

/// The standard yes/no select for "active" (a select, not a checkbox: an unchecked box sends nothing).
pub fn active_options(l: Locale) -> Vec<(String, String)> {
    vec![("true".into(), l.t("active-yes")), ("false".into(), l.t("active-no"))]
}

#[derive(Template)]
#[template(path = "form.html")]
pub struct FormPage {
    pub ctx: Ctx,
    pub title: String,
    pub crumbs: Vec<(String, String)>,
    pub action: String,
    pub cancel: String,
    pub submit: String,
    pub version: Option<i64>,
    pub fields: Vec<Field>,
    pub form_error: Option<String>,
}

impl FormPage {
    /// Puts each field error next to its field (the one shown, where fields take turns); errors
    /// of unknown fields go on top.
    pub fn with_errors(mut self, errors: &FieldErrors) -> Self {
        let l = self.ctx.l;
        let values: Vec<(&'static str, String)> = self.fields.iter().map(|f| (f.name, f.value.clone())).collect();
        let visible = |f: &Field| {
            f.shown_when.as_ref().is_none_or(|(on, shown)| {
                let v = values.iter().find(|(n, _)| n == on).map_or("", |(_, v)| v.as_str());
                shown.split(',').any(|x| x == v)
            })
        };
        for e in errors.iter() {
            match self.fields.iter_mut().find(|f| f.error_key == e.field && visible(f)) {
                Some(f) => f.error = Some(l.error(e.code)),
                None => self.form_error = Some(l.error(e.code)),
            }
        }
        if self.form_error.is_none() && !errors.is_empty() {
            self.form_error = Some(l.t("err-validation"));
        }
        self
    }
}

/// Re-renders a form after a refused submission: 422 with messages next to the fields, 409 for
/// a duplicate or a stale version. Other errors propagate.
pub fn refused(page: FormPage, err: app::AppError) -> Result<axum::response::Response, crate::WebError> {
    use app::{AppError, Conflict};
    use axum::http::StatusCode;
    use axum::response::IntoResponse;
    let l = page.ctx.l;
    let (status, page) = match err {
        AppError::Validation(fe) => (StatusCode::UNPROCESSABLE_ENTITY, page.with_errors(&fe)),
        AppError::Conflict(Conflict::Duplicate { field, code, .. }) => {
            let mut fe = FieldErrors::new();
            fe.add(field, code);
            (StatusCode::CONFLICT, page.with_errors(&fe))
        }
        AppError::Conflict(Conflict::Stale) => {
            (StatusCode::CONFLICT, FormPage { form_error: Some(l.t("err-stale")), ..page })
        }
        AppError::Conflict(Conflict::Refused { code }) => {
            (StatusCode::CONFLICT, FormPage { form_error: Some(l.error(code)), ..page })
        }
        other => return Err(other.into()),
    };
    Ok((status, super::render(&page)?).into_response())
}

/// Runs a write use case as the signed-in user: on success redirects to `done(&value)`; when the
/// input is refused, shows the form built by `form` again with the messages next to the fields.
pub async fn submit<T: Send + 'static>(
    state: &crate::AppState,
    staff: &crate::session::Staff,
    write: impl FnOnce(&app::App, &domain::org::Actor) -> app::AppResult<T> + Send + 'static,
    done: impl FnOnce(&T) -> String,
    form: impl AsyncFnOnce() -> Result<FormPage, crate::WebError>,
) -> Result<axum::response::Response, crate::WebError> {
    use axum::response::IntoResponse;
    let actor = staff.actor().clone();
    match state.run(move |app| write(app, &actor)).await {
        Ok(value) => Ok(axum::response::Redirect::to(&done(&value)).into_response()),
        Err(e) => refused(form().await?, e),
    }
}

/// A page action's result: where to go on success, or the refusal to show on the page again
/// (422 for input, 409 for a refusal or a stale version; other errors propagate).
pub(crate) enum Answer {
    Done(axum::response::Response),
    Again(axum::http::StatusCode, &'static str, String),
}

pub(crate) fn answer(
    staff: &crate::session::Staff,
    result: app::AppResult<String>,
) -> Result<Answer, crate::error::WebError> {
    use app::{AppError, Conflict};
    let l = staff.locale();
    Ok(match result {
        Ok(to) => Answer::Done(axum::response::IntoResponse::into_response(axum::response::Redirect::to(&to))),
        Err(AppError::Validation(fe)) => {
            let code = fe.iter().next().map_or("validation", |e| e.code);
            Answer::Again(
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                code,
                fe.iter().map(|e| l.error(e.code)).collect::<Vec<_>>().join(" "),
            )
        }
        Err(e @ AppError::Conflict(Conflict::Refused { .. } | Conflict::Stale | Conflict::Duplicate { .. })) => {
            let (code, msg) = crate::error::describe(&e, l);
            Answer::Again(axum::http::StatusCode::CONFLICT, code, msg)
        }
        Err(e) => return Err(e.into()),
    })
}
