use serde::Serialize;

/// One rejected form or API field: the field name and a stable message code.
/// The code is translated by the web layer (`err-<code>` in the locale files).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub code: &'static str,
}

/// All field errors of one submission, so the user sees every problem at once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: impl Into<String>, code: &'static str) {
        self.0.push(FieldError { field: field.into(), code });
    }

    /// Parse one field, remembering its error; `None` when it failed.
    pub fn check<T, E: ErrorCode>(&mut self, field: &str, result: Result<T, E>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.add(field, e.code());
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &FieldError> {
        self.0.iter()
    }

    pub fn get(&self, field: &str) -> Option<&'static str> {
        self.0.iter().find(|e| e.field == field).map(|e| e.code)
    }

    /// `Ok(())` when nothing was rejected.
    pub fn into_result(self) -> Result<(), FieldErrors> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }
}

/// Errors of parsers carry a stable code naming the reason in a few words.
pub trait ErrorCode {
    fn code(&self) -> &'static str;
}

#[cfg(test)]
mod tests {
    use super::ErrorCode;
    use crate::ident::{CreditCodeError, EmailError, MobileError, PlateError, ResidentIdError, VinError};
    use crate::money::MoneyError;
    use crate::sales::TransitionError;
    use crate::sales::pricing::QuoteError;
    use crate::text::{CodeError, PasswordError, TextError, UsernameError};

    fn all<E: ErrorCode, const N: usize>(
        errors: [E; N],
        codes: [&'static str; N],
    ) -> Vec<(&'static str, &'static str)> {
        errors.iter().map(ErrorCode::code).zip(codes).collect()
    }

    /// Every code a parser or rule can give, with the code it must keep: they are stored,
    /// sent to API clients, and are the locale keys (`err-<code>`) of the messages staff read.
    fn every_code() -> Vec<(&'static str, &'static str)> {
        use TransitionError as T;
        [
            all(
                [MoneyError::Invalid, MoneyError::TooManyDecimals, MoneyError::OutOfRange, MoneyError::Negative],
                ["money-invalid", "money-decimals", "money-range", "money-negative"],
            ),
            all([MobileError::Format, MobileError::NotMobile], ["mobile-format", "mobile-unknown"]),
            all([EmailError], ["email-invalid"]),
            all(
                [VinError::Length, VinError::Character, VinError::CheckDigit],
                ["vin-length", "vin-character", "vin-check"],
            ),
            all(
                [PlateError::Province, PlateError::Authority, PlateError::Serial],
                ["plate-province", "plate-authority", "plate-serial"],
            ),
            all(
                [CreditCodeError::Length, CreditCodeError::Character, CreditCodeError::CheckDigit],
                ["credit-length", "credit-character", "credit-check"],
            ),
            all(
                [
                    ResidentIdError::Length,
                    ResidentIdError::Character,
                    ResidentIdError::BirthDate,
                    ResidentIdError::BornInFuture,
                    ResidentIdError::Region,
                    ResidentIdError::CheckDigit,
                ],
                ["id-length", "id-character", "id-birth-date", "id-born-in-future", "id-region", "id-check"],
            ),
            all([TextError::Required, TextError::TooLong], ["required", "too-long"]),
            all([CodeError::Format], ["store-code-format"]),
            all([UsernameError::Format], ["username-format"]),
            all([PasswordError::TooShort, PasswordError::TooLong], ["password-short", "password-long"]),
            all(
                [
                    QuoteError::DiscountTooLarge,
                    QuoteError::PercentOver100,
                    QuoteError::TradeInTooLarge,
                    QuoteError::Negative,
                ],
                ["discount-too-large", "discount-percent", "trade-in-too-large", "money-negative"],
            ),
            all(
                [
                    T::Finished,
                    T::WrongState,
                    T::CustomerOnly,
                    T::StaffOnly,
                    T::OwnApproval,
                    T::WrongLevel,
                    T::ReasonRequired,
                    T::ContractSigned,
                    T::MoneyReceived,
                    T::Delivered,
                    T::NotDelivered,
                ],
                [
                    "order-finished",
                    "order-wrong-state",
                    "order-customer-only",
                    "order-staff-only",
                    "order-own-approval",
                    "order-wrong-level",
                    "order-reason-required",
                    "order-contract-signed",
                    "order-money-received",
                    "order-delivered",
                    "order-not-delivered",
                ],
            ),
            finance_codes(),
            inventory_codes(),
        ]
        .concat()
    }

    fn inventory_codes() -> Vec<(&'static str, &'static str)> {
        use crate::inventory::{ShipmentError as S, ThresholdError, TransferError as X, VehicleError as V};
        [
            all(
                [
                    V::Delivered,
                    V::NotOrdered,
                    V::NotInTransit,
                    V::NotInStock,
                    V::Committed,
                    V::NotCommitted,
                    V::OtherSpec,
                    V::OtherStore,
                    V::NotForSale,
                    V::NotAllocated,
                    V::NotInPdi,
                ],
                [
                    "vehicle-delivered",
                    "vehicle-not-ordered",
                    "vehicle-not-in-transit",
                    "vehicle-not-in-stock",
                    "vehicle-committed",
                    "vehicle-not-committed",
                    "vehicle-other-spec",
                    "vehicle-other-store",
                    "vehicle-not-for-sale",
                    "vehicle-not-allocated",
                    "vehicle-not-in-pdi",
                ],
            ),
            all(
                [ThresholdError::Negative, ThresholdError::LowAboveHigh, ThresholdError::TooLarge],
                ["threshold-negative", "threshold-low-above-high", "threshold-too-large"],
            ),
            all(
                [
                    S::FactoryOrderNotOpen,
                    S::FactoryOrderFull,
                    S::Received,
                    S::BackInTransit,
                    S::VinNotExpected,
                    S::DamageNote,
                ],
                [
                    "factory-order-not-open",
                    "factory-order-full",
                    "shipment-received",
                    "shipment-back-in-transit",
                    "shipment-vin-not-expected",
                    "shipment-damage-note",
                ],
            ),
            all(
                [X::SameStore, X::OwnRequest, X::WrongState],
                ["transfer-same-store", "transfer-own-request", "transfer-wrong-state"],
            ),
            customer_codes(),
        ]
        .concat()
    }

    fn customer_codes() -> Vec<(&'static str, &'static str)> {
        use crate::customer::{ConsentError as C, TagError as T, ValueRuleError as V};
        [
            all([C::SourceRequired, C::SourceUnknown], ["consent-source-required", "consent-source-unknown"]),
            all([T::TooMany, T::TooLong], ["tags-too-many", "tag-too-long"]),
            all([V::NoPurchase, V::BelowLower], ["value-rule-no-purchase", "value-rule-below-lower"]),
        ]
        .concat()
    }

    fn finance_codes() -> Vec<(&'static str, &'static str)> {
        use crate::finance::contract::SigningError as S;
        use crate::finance::payment::PaymentError as P;
        use crate::finance::refund::RefundError as R;
        [
            all(
                [
                    P::NotPositive,
                    P::OverBalance,
                    P::OrderNotPayable,
                    P::NotALoan,
                    P::OverLoanToValue,
                    P::NotRegistered,
                    P::DuplicateReference,
                    P::ReferenceRequired,
                ],
                [
                    "payment-not-positive",
                    "payment-over-balance",
                    "payment-order-not-payable",
                    "payment-not-a-loan",
                    "payment-over-ltv",
                    "payment-not-registered",
                    "payment-duplicate-reference",
                    "payment-reference-required",
                ],
            ),
            all(
                [R::NotPositive, R::OverReceived, R::OwnRequest, R::WrongState],
                ["refund-not-positive", "refund-over-received", "refund-own-request", "refund-wrong-state"],
            ),
            all(
                [
                    S::NotAwaiting,
                    S::Superseded,
                    S::NoCode,
                    S::Expired,
                    S::WrongCode,
                    S::TooManyAttempts,
                    S::TooManyCodes,
                    S::NoContact,
                    S::NoSignature,
                    S::NoContract,
                ],
                [
                    "contract-not-awaiting",
                    "contract-superseded",
                    "contract-no-code",
                    "contract-code-expired",
                    "contract-code-wrong",
                    "contract-code-attempts",
                    "contract-code-issues",
                    "contract-no-contact",
                    "contract-no-signature",
                    "contract-none",
                ],
            ),
        ]
        .concat()
    }

    #[test]
    fn every_error_code_is_stable_and_has_its_messages() {
        for lang in ["zh-CN", "en"] {
            let dir = format!("{}/../web/locales/{lang}", env!("CARGO_MANIFEST_DIR"));
            let ftl: String = std::fs::read_dir(&dir)
                .expect("locale dir")
                .map(|f| std::fs::read_to_string(f.expect("entry").path()).expect("locale file"))
                .collect();
            for (code, expected) in every_code() {
                assert_eq!(code, expected);
                assert!(ftl.contains(&format!("\nerr-{code} = ")), "{lang}: no message for {code}");
            }
        }
    }
}
