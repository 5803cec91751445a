//! A store's own wording of its messages: the administrator or general manager
//! (`messages_manage`) rewrites a notice's e-mail subject and body and its text message, per
//! language, with the placeholders of the standard text; going back to the standard text is one
//! click. Every change is audited with the words before and after.

use crate::kernel::audit::{self, Action, Changes, Record};
use crate::kernel::notify::Wording;
use crate::kernel::notify::wording::{WordingError, check};
use crate::{App, AppError, AppResult, require};
use domain::org::Actor;
use domain::rbac::Permission;

/// The languages a message is written in.
pub const LOCALES: [&str; 2] = ["zh-CN", "en"];

/// A notice in a language: its standard words and the store's own, if it has them.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct NoticeWording {
    pub notice: String,
    pub locale: String,
    #[schema(value_type = Object)]
    #[serde(serialize_with = "words")]
    pub standard: Wording,
    #[schema(value_type = Option<Object>)]
    #[serde(serialize_with = "words_opt")]
    pub own: Option<Wording>,
    /// The placeholders the words may name.
    pub placeholders: Vec<String>,
}

fn words<S: serde::Serializer>(w: &Wording, s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeStruct;
    let mut st = s.serialize_struct("Wording", 3)?;
    st.serialize_field("subject", &w.subject)?;
    st.serialize_field("body", &w.body)?;
    st.serialize_field("sms", &w.sms)?;
    st.end()
}

fn words_opt<S: serde::Serializer>(w: &Option<Wording>, s: S) -> Result<S::Ok, S::Error> {
    match w {
        Some(w) => words(w, s),
        None => s.serialize_none(),
    }
}

fn standard(app: &App, notice: &str, locale: &str) -> AppResult<Wording> {
    if !LOCALES.contains(&locale) {
        return Err(AppError::NotFound);
    }
    (app.messages.standard)(notice, locale).ok_or(AppError::NotFound)
}

/// The notices of `keys` in every language, each with the store's own words if any.
pub fn wordings(app: &App, actor: &Actor, keys: &[&str]) -> AppResult<Vec<NoticeWording>> {
    require(actor, Permission::MessagesManage)?;
    let own = app.db.read(|c| Ok::<_, AppError>(storage::notices::templates(c, actor.store_id.0)?))?;
    let mut out = Vec::new();
    for key in keys {
        for locale in LOCALES {
            let Ok(standard) = standard(app, key, locale) else { continue };
            let own = own.iter().find(|t| t.notice == *key && t.locale == locale).map(|t| Wording {
                subject: t.subject.clone(),
                body: t.body.clone(),
                sms: t.sms.clone(),
            });
            let placeholders = standard.placeholders();
            out.push(NoticeWording { notice: key.to_string(), locale: locale.into(), standard, own, placeholders });
        }
    }
    Ok(out)
}

/// One notice in one language.
pub fn wording(app: &App, actor: &Actor, notice: &str, locale: &str) -> AppResult<NoticeWording> {
    require(actor, Permission::MessagesManage)?;
    let standard = standard(app, notice, locale)?;
    let own = app.db.read(|c| Ok::<_, AppError>(storage::notices::template(c, actor.store_id.0, notice, locale)?))?;
    Ok(NoticeWording {
        notice: notice.into(),
        locale: locale.into(),
        placeholders: standard.placeholders(),
        standard,
        own: own.map(|t| Wording { subject: t.subject, body: t.body, sms: t.sms }),
    })
}

fn field_error(e: WordingError) -> AppError {
    match e {
        WordingError::Empty(f) => AppError::field(f, "required"),
        WordingError::TooLong(f) => AppError::field(f, "too-long"),
        WordingError::Braces(f) => AppError::field(f, "wording-braces"),
        WordingError::UnknownPlaceholder(f, _) => AppError::field(f, "wording-unknown-placeholder"),
    }
}

/// Sets the store's own words of a notice in a language (checked against the standard's
/// placeholders), audited.
pub fn set_wording(app: &App, actor: &Actor, notice: &str, locale: &str, words: &Wording) -> AppResult<NoticeWording> {
    require(actor, Permission::MessagesManage)?;
    let now = app.now();
    let std_words = standard(app, notice, locale)?;
    check(words, &std_words).map_err(field_error)?;
    app.db.write(|c| {
        let store = actor.store_id.0;
        let before = storage::notices::template(c, store, notice, locale)?;
        let was =
            |f: fn(&storage::notices::TemplateRow) -> &String, d: &String| before.as_ref().map(f).unwrap_or(d).clone();
        let changes = Changes::new()
            .created("notice", notice)
            .created("locale", locale)
            .field("subject", was(|t| &t.subject, &std_words.subject), words.subject.clone())
            .field("body", was(|t| &t.body, &std_words.body), words.body.clone())
            .field("sms", was(|t| &t.sms, &std_words.sms), words.sms.clone());
        storage::notices::set_template(
            c,
            &storage::notices::TemplateRow {
                store_id: store,
                notice: notice.into(),
                locale: locale.into(),
                subject: words.subject.trim().into(),
                body: words.body.trim().into(),
                sms: words.sms.trim().into(),
                updated_at: now,
                updated_by: actor.user_id.0,
            },
        )?;
        audit::record(
            c,
            now,
            actor,
            Record { action: Action::NoticeWordingSet, entity_id: store, store_id: Some(store), changes },
        )?;
        Ok::<_, AppError>(())
    })?;
    wording(app, actor, notice, locale)
}

/// Goes back to the standard words of a notice in a language, audited (nothing to undo: not
/// found).
pub fn reset_wording(app: &App, actor: &Actor, notice: &str, locale: &str) -> AppResult<NoticeWording> {
    require(actor, Permission::MessagesManage)?;
    let now = app.now();
    standard(app, notice, locale)?;
    app.db.write(|c| {
        let store = actor.store_id.0;
        if !storage::notices::remove_template(c, store, notice, locale)? {
            return Err(AppError::NotFound);
        }
        let changes = Changes::new().created("notice", notice).created("locale", locale);
        audit::record(
            c,
            now,
            actor,
            Record { action: Action::NoticeWordingReset, entity_id: store, store_id: Some(store), changes },
        )?;
        Ok(())
    })?;
    wording(app, actor, notice, locale)
}
