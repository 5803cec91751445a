//! What the customer and the store agreed besides the vehicle: payment, channel, discount,
//! trade-in and the chosen colours. Stored as JSON on the order; priced by `pricing::quote`.

use super::pricing::Discount;
use crate::money::Money;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    /// 全款
    Full,
    /// 贷款: a lender disburses the rest after the down payment.
    Loan,
    /// 公司购车
    Company,
}

impl PaymentMethod {
    pub const ALL: [PaymentMethod; 3] = [Self::Full, Self::Loan, Self::Company];

    pub fn code(self) -> &'static str {
        match self {
            Self::Full => "full",
            Self::Loan => "loan",
            Self::Company => "company",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// Where the customer came from (order source channel).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    WalkIn,
    Phone,
    Website,
    Referral,
    SocialMedia,
    CarPlatform,
    /// A brand or store event (launch, test-drive day).
    Event,
    /// An auto show (车展).
    Exhibition,
    /// A customer who bought or serviced here before.
    Returning,
    Other,
}

impl Channel {
    pub const ALL: [Channel; 10] = [
        Self::WalkIn,
        Self::Phone,
        Self::Website,
        Self::Referral,
        Self::SocialMedia,
        Self::CarPlatform,
        Self::Event,
        Self::Exhibition,
        Self::Returning,
        Self::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::WalkIn => "walk_in",
            Self::Phone => "phone",
            Self::Website => "website",
            Self::Referral => "referral",
            Self::SocialMedia => "social_media",
            Self::CarPlatform => "car_platform",
            Self::Event => "event",
            Self::Exhibition => "exhibition",
            Self::Returning => "returning",
            Self::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Loan {
    pub lender: String,
    pub down_payment: Money,
    pub months: u16,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Terms {
    pub exterior_colour_id: Option<i64>,
    pub interior_colour_id: Option<i64>,
    pub discount: Discount,
    pub trade_in: Money,
    pub payment: PaymentMethod,
    pub loan: Option<Loan>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back_as_their_values() {
        for p in PaymentMethod::ALL {
            assert_eq!(PaymentMethod::from_code(p.code()), Some(p));
        }
        for c in Channel::ALL {
            assert_eq!(Channel::from_code(c.code()), Some(c));
        }
        assert_eq!((PaymentMethod::from_code("cash"), Channel::from_code("tv")), (None, None));
    }
}
