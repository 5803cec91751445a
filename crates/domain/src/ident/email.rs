use crate::error::ErrorCode;
use std::fmt;

/// An e-mail address checked with the `email_address` crate (RFC 5322 syntax), lower-cased domain.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a valid e-mail address")]
pub struct EmailError;

impl ErrorCode for EmailError {
    fn code(&self) -> &'static str {
        "email-invalid"
    }
}

impl Email {
    pub fn parse(input: &str) -> Result<Self, EmailError> {
        let s = input.trim();
        // A dealership only sends to addresses with a dotted domain; `a@b` is a typo.
        let dotted_domain = s.rsplit_once('@').is_some_and(|(_, d)| d.contains('.') && !d.ends_with('.'));
        if s.len() > 254 || !dotted_domain || !email_address::EmailAddress::is_valid(s) {
            return Err(EmailError);
        }
        let (local, domain) = s.rsplit_once('@').ok_or(EmailError)?;
        Ok(Self(format!("{local}@{}", domain.to_ascii_lowercase())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_as_stored_and_stops_at_254_characters() {
        let e = Email::parse("Li.Na@Dealer.EXAMPLE").unwrap();
        assert_eq!(e.to_string(), "Li.Na@dealer.example");
        // 64 + 1 + 189 = 254 characters, every label within 63: the longest address there is
        let address =
            |d: usize| format!("{}@{}.{}.{}.com", "a".repeat(64), "b".repeat(63), "c".repeat(63), "d".repeat(d));
        assert_eq!(address(57).len(), 254);
        assert!(Email::parse(&address(57)).is_ok());
        assert_eq!(Email::parse(&address(58)), Err(EmailError), "255 characters");
    }

    #[test]
    fn parses() {
        assert_eq!(Email::parse(" Li.Wei@Example.COM ").unwrap().as_str(), "Li.Wei@example.com");
        assert!(Email::parse("li@b").is_err());
        assert!(Email::parse("li wei@example.com").is_err());
        assert!(Email::parse("").is_err());
    }
}
