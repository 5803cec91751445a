use domain::FieldErrors;
use storage::StorageError;

/// A conflict the user can act on: a duplicate, or a record changed by someone else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conflict {
    /// Another record already uses this value; `existing` points at it where the user may follow.
    Duplicate { field: &'static str, code: &'static str, existing: Option<ExistingRecord> },
    /// Optimistic lock: the record changed since the form was loaded.
    Stale,
    /// The record's state does not allow the action; `code` names the rule (an order that is
    /// finished, not at the caller's approval level, the caller's own request...).
    Refused { code: &'static str },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExistingRecord {
    /// The record's id and label, where the user may open it; otherwise they learn only whom
    /// to ask.
    pub open: Option<(i64, String)>,
    /// The user who owns it.
    pub owner: String,
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("validation failed")]
    Validation(FieldErrors),
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("conflict")]
    Conflict(Conflict),
    #[error("authentication failed")]
    Unauthenticated(LoginRefusal),
    /// A failure the user cannot act on (the database, a row the application never wrote...),
    /// with its cause kept for the log.
    #[error("internal error: {0}")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginRefusal {
    /// Wrong user name or password (never says which).
    BadCredentials,
    /// An API call without `Authorization: Bearer …`.
    MissingToken,
    /// An API token that does not exist, was revoked, or belongs to a deactivated user.
    BadToken,
    /// Too many failures: locked for this many more minutes.
    Locked { minutes: i64 },
}

pub type AppResult<T> = Result<T, AppError>;

impl From<StorageError> for AppError {
    fn from(e: StorageError) -> Self {
        match e {
            StorageError::NotFound => Self::NotFound,
            StorageError::Stale => Self::Conflict(Conflict::Stale),
            other => Self::Internal(Box::new(other)),
        }
    }
}

impl From<FieldErrors> for AppError {
    fn from(e: FieldErrors) -> Self {
        Self::Validation(e)
    }
}

impl AppError {
    pub fn internal(cause: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self::Internal(cause.into())
    }

    /// The error and its causes, outermost first (`internal error: corrupt row: unknown order
    /// status "bogus" in orders.status`).
    pub fn chain(&self) -> String {
        let mut text = self.to_string();
        let mut cause = std::error::Error::source(self).and_then(std::error::Error::source);
        while let Some(c) = cause {
            // Errors that print their cause already (`database error: …`) are not repeated.
            let part = c.to_string();
            if !text.contains(&part) {
                text.push_str(": ");
                text.push_str(&part);
            }
            cause = c.source();
        }
        text
    }

    pub fn field(field: &str, code: &'static str) -> Self {
        let mut e = FieldErrors::new();
        e.add(field, code);
        Self::Validation(e)
    }
}

/// Maps a unique violation of the write at hand to the conflict it means.
pub(crate) fn on_duplicate(field: &'static str, code: &'static str) -> impl FnOnce(StorageError) -> AppError {
    move |e| match e {
        StorageError::Duplicate(_) => AppError::Conflict(Conflict::Duplicate { field, code, existing: None }),
        other => other.into(),
    }
}
