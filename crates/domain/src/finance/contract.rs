//! A contract version's life, the one-time signing code, and the invoice's validity.

use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContractStatus {
    /// Generated; the customer has not signed yet.
    AwaitingCustomer,
    /// The customer signed; the advisor countersigns.
    AwaitingCountersign,
    /// Both signed: the order's "contract signed".
    Signed,
    /// A later version replaced it (the order's terms changed).
    Superseded,
}

impl ContractStatus {
    pub const ALL: [ContractStatus; 4] =
        [Self::AwaitingCustomer, Self::AwaitingCountersign, Self::Signed, Self::Superseded];

    pub fn code(self) -> &'static str {
        match self {
            Self::AwaitingCustomer => "awaiting_customer",
            Self::AwaitingCountersign => "awaiting_countersign",
            Self::Signed => "signed",
            Self::Superseded => "superseded",
        }
    }
}

/// A motor vehicle sales invoice is valid until a red-letter reversal voids it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    Valid,
    Reversed,
}

impl InvoiceStatus {
    pub const ALL: [InvoiceStatus; 2] = [Self::Valid, Self::Reversed];

    pub fn code(self) -> &'static str {
        match self {
            Self::Valid => "valid",
            Self::Reversed => "reversed",
        }
    }
}

/// How long a signing code lives, and how many wrong tries void it.
pub const CODE_TTL: Duration = Duration::minutes(10);
pub const CODE_ATTEMPTS: i32 = 5;
/// How many codes a contract may be sent within an hour.
pub const CODE_ISSUES_PER_HOUR: i32 = 3;

/// The codes sent for a contract so far: how many since when, and the wrong tries, which a new
/// code does not reset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Issues {
    pub issued: i32,
    pub since: DateTime<Utc>,
    pub attempts: i32,
}

/// Whether another code may be sent now, and the count after it: refused once the tries are used
/// up (the advisor unlocks the contract) or when the hour's codes are spent.
pub fn next_issue(before: Option<Issues>, now: DateTime<Utc>) -> Result<Issues, SigningError> {
    let Some(b) = before else { return Ok(Issues { issued: 1, since: now, attempts: 0 }) };
    if b.attempts >= CODE_ATTEMPTS {
        return Err(SigningError::TooManyAttempts);
    }
    if now - b.since >= Duration::hours(1) {
        return Ok(Issues { issued: 1, since: now, ..b });
    }
    if b.issued >= CODE_ISSUES_PER_HOUR {
        return Err(SigningError::TooManyCodes);
    }
    Ok(Issues { issued: b.issued + 1, ..b })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SigningError {
    #[error("the contract is not waiting for this signature")]
    NotAwaiting,
    #[error("a newer version of the contract replaced this one")]
    Superseded,
    #[error("no code was sent, or it was used up: ask for a new one")]
    NoCode,
    #[error("the code has expired: ask for a new one")]
    Expired,
    #[error("the code is wrong")]
    WrongCode,
    #[error("too many wrong codes: the advisor unlocks the contract")]
    TooManyAttempts,
    #[error("too many codes within the hour: try again later")]
    TooManyCodes,
    #[error("nowhere to send the code: the order has no signing contact")]
    NoContact,
    #[error("draw the signature first")]
    NoSignature,
    #[error("the order has no contract to sign now")]
    NoContract,
}

impl crate::error::ErrorCode for SigningError {
    fn code(&self) -> &'static str {
        match self {
            Self::NotAwaiting => "contract-not-awaiting",
            Self::Superseded => "contract-superseded",
            Self::NoCode => "contract-no-code",
            Self::Expired => "contract-code-expired",
            Self::WrongCode => "contract-code-wrong",
            Self::TooManyAttempts => "contract-code-attempts",
            Self::TooManyCodes => "contract-code-issues",
            Self::NoContact => "contract-no-contact",
            Self::NoSignature => "contract-no-signature",
            Self::NoContract => "contract-none",
        }
    }
}

/// A sent code as stored: its hash, when it expires, the wrong tries so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SentCode<'a> {
    pub hash: &'a str,
    pub expires_at: DateTime<Utc>,
    pub attempts: i32,
}

/// Checks a typed code (already hashed by the caller) against the one sent.
pub fn check_code(sent: Option<SentCode<'_>>, typed_hash: &str, now: DateTime<Utc>) -> Result<(), SigningError> {
    let sent = sent.ok_or(SigningError::NoCode)?;
    if sent.attempts >= CODE_ATTEMPTS {
        return Err(SigningError::TooManyAttempts);
    }
    if now >= sent.expires_at {
        return Err(SigningError::Expired);
    }
    if !constant_time_eq(sent.hash.as_bytes(), typed_hash.as_bytes()) {
        return Err(SigningError::WrongCode);
    }
    Ok(())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
