//! Free-text fields: trimmed, non-empty where required, bounded in length.

use crate::error::ErrorCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("required")]
    Required,
    #[error("too long")]
    TooLong,
}

impl ErrorCode for TextError {
    fn code(&self) -> &'static str {
        match self {
            Self::Required => "required",
            Self::TooLong => "too-long",
        }
    }
}

/// A required single-line text of at most `max` characters, trimmed.
pub fn required(input: &str, max: usize) -> Result<String, TextError> {
    let s = input.trim();
    if s.is_empty() {
        Err(TextError::Required)
    } else if s.chars().count() > max {
        Err(TextError::TooLong)
    } else {
        Ok(s.to_string())
    }
}

/// An optional text: blank becomes `None`.
pub fn optional(input: &str, max: usize) -> Result<Option<String>, TextError> {
    let s = input.trim();
    if s.is_empty() {
        Ok(None)
    } else if s.chars().count() > max {
        Err(TextError::TooLong)
    } else {
        Ok(Some(s.to_string()))
    }
}

/// Parses an optional field with a parser: blank is `None`.
pub fn optional_with<T, E>(input: &str, parse: impl FnOnce(&str) -> Result<T, E>) -> Result<Option<T>, E> {
    if input.trim().is_empty() { Ok(None) } else { parse(input).map(Some) }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("2 to 8 capital letters or digits")]
    Format,
}

impl ErrorCode for CodeError {
    fn code(&self) -> &'static str {
        "store-code-format"
    }
}

/// The short store code used in document numbers (`SO-{code}-{date}-{seq}`): 2-8 of A-Z, 0-9.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StoreCode(String);

impl StoreCode {
    pub fn parse(input: &str) -> Result<Self, CodeError> {
        let s = input.trim().to_ascii_uppercase();
        let ok = (2..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
        if ok { Ok(Self(s)) } else { Err(CodeError::Format) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum UsernameError {
    #[error("3 to 32 lower-case letters, digits, dot, dash or underscore")]
    Format,
}

impl ErrorCode for UsernameError {
    fn code(&self) -> &'static str {
        "username-format"
    }
}

/// A login name: 3-32 of a-z, 0-9, `.`, `-`, `_`; stored lower-case so logins are case-insensitive.
pub fn username(input: &str) -> Result<String, UsernameError> {
    let s = input.trim().to_ascii_lowercase();
    let ok = (3..=32).contains(&s.len())
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'_'));
    if ok { Ok(s) } else { Err(UsernameError::Format) }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("at least 10 characters")]
    TooShort,
    #[error("at most 128 characters")]
    TooLong,
}

impl ErrorCode for PasswordError {
    fn code(&self) -> &'static str {
        match self {
            Self::TooShort => "password-short",
            Self::TooLong => "password-long",
        }
    }
}

/// A document number as typed on papers (engine number, import certificate, inspection): upper
/// case, letters, digits and hyphens, at most 30; `None` when it is not one (blank is `Some("")`).
pub fn document_number(input: &str) -> Option<String> {
    let s = input.trim().to_uppercase();
    (s.len() <= 30 && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')).then_some(s)
}

/// Password policy: length over composition rules (NIST SP 800-63B §5.1.1).
pub fn new_password(input: &str) -> Result<&str, PasswordError> {
    match input.chars().count() {
        0..10 => Err(PasswordError::TooShort),
        10..=128 => Ok(input),
        _ => Err(PasswordError::TooLong),
    }
}
