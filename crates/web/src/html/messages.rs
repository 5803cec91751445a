//! What a refused form shows again: the messages by field and the one for the whole form, made
//! from the use case's refusal (422 for bad input, 409 for a rule).

use crate::i18n::Locale;
use std::collections::BTreeMap;

/// What a refused form shows: the messages by field, and the one for the whole form.
#[derive(Default)]
pub struct Messages {
    pub fields: BTreeMap<String, String>,
    pub form: Option<String>,
}

impl Messages {
    /// The messages of a refusal, with its status; other errors go on as errors.
    pub fn of(l: Locale, err: app::AppError) -> Result<(axum::http::StatusCode, Self), crate::error::WebError> {
        use axum::http::StatusCode;
        match err {
            app::AppError::Validation(fe) => {
                let mut fields = BTreeMap::new();
                for e in fe.iter() {
                    fields.entry(e.field.clone()).or_insert_with(|| l.error(e.code));
                }
                Ok((StatusCode::UNPROCESSABLE_ENTITY, Self { fields, form: Some(l.t("err-validation")) }))
            }
            e @ app::AppError::Conflict(_) => {
                let (_, message) = crate::error::describe(&e, l);
                Ok((StatusCode::CONFLICT, Self { fields: BTreeMap::new(), form: Some(message) }))
            }
            other => Err(other.into()),
        }
    }

    pub fn get(&self, field: &str) -> Option<&String> {
        self.fields.get(field)
    }
}

/// A refused form shown again on its page: which form (a page may have several), its messages
/// and what was typed; the other forms start empty.
#[derive(Default)]
pub struct Again(pub Option<(&'static str, Messages, BTreeMap<String, String>)>);

impl Again {
    fn of(&self, form: &str) -> Option<&(&'static str, Messages, BTreeMap<String, String>)> {
        self.0.as_ref().filter(|(f, _, _)| *f == form)
    }

    /// What was typed in `field` of `form`, if that form was refused.
    pub fn typed(&self, form: &str, field: &str) -> String {
        self.of(form).and_then(|(_, _, t)| t.get(field).cloned()).unwrap_or_default()
    }

    /// The message of `field` of `form`, if that form was refused for it.
    pub fn error(&self, form: &str, field: &str) -> Option<String> {
        self.of(form).and_then(|(_, m, _)| m.get(field).cloned())
    }

    /// The message of the whole `form`, if it was refused.
    pub fn form_error(&self, form: &str) -> Option<String> {
        self.of(form).and_then(|(_, m, _)| m.form.clone())
    }
}
