//! Customer profiles: individuals and companies.

use crate::ident::{CreditCode, Email, Mobile, ResidentId};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomerKind {
    Individual,
    Company,
}

impl CustomerKind {
    pub fn code(self) -> &'static str {
        match self {
            Self::Individual => "individual",
            Self::Company => "company",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "individual" => Some(Self::Individual),
            "company" => Some(Self::Company),
            _ => None,
        }
    }
}

/// What identifies the customer legally: an ID number for a person, a credit code for a company.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LegalIdentity {
    Individual { id_number: Option<ResidentId> },
    Company { credit_code: CreditCode, contact_person: String },
}

/// A validated customer profile as entered, before it gets an id and a store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerProfile {
    pub name: String,
    pub mobile: Mobile,
    pub email: Option<Email>,
    pub address: Option<String>,
    pub identity: LegalIdentity,
    pub notes: Option<String>,
}

impl CustomerProfile {
    pub fn kind(&self) -> CustomerKind {
        match self.identity {
            LegalIdentity::Individual { .. } => CustomerKind::Individual,
            LegalIdentity::Company { .. } => CustomerKind::Company,
        }
    }
}
