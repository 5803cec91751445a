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
    #[error("too many wrong codes: ask for a new one")]
    TooManyAttempts,
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
