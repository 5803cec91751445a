use super::contract::{SentCode, check_code};
use super::*;
use crate::money::Money;
use chrono::{TimeZone, Utc};
use proptest::prelude::*;

fn yuan(y: i64) -> Money {
    Money::from_fen(y * 100)
}

#[test]
fn earnest_money_is_capped_at_a_fifth_of_the_price_and_the_rest_is_a_prepayment() {
    assert_eq!(earnest_cap(yuan(257_300)), yuan(51_460));
    assert_eq!(split_earnest(yuan(20_000), yuan(257_300), Money::ZERO), (yuan(20_000), Money::ZERO));
    assert_eq!(split_earnest(yuan(60_000), yuan(257_300), Money::ZERO), (yuan(51_460), yuan(8_540)));
    // A second 定金 only fills what the first left.
    assert_eq!(split_earnest(yuan(40_000), yuan(257_300), yuan(20_000)), (yuan(31_460), yuan(8_540)));
    assert_eq!(split_earnest(yuan(1_000), yuan(257_300), yuan(51_460)), (Money::ZERO, yuan(1_000)));
}

#[test]
fn the_cancellation_outcome_follows_who_ended_the_deal() {
    let (earnest, other) = (yuan(20_000), yuan(5_000));
    assert_eq!(
        outcome(Breach::Customer, earnest, other),
        Outcome { refund: yuan(5_000), forfeited: yuan(20_000), penalty: Money::ZERO }
    );
    assert_eq!(
        outcome(Breach::Dealer, earnest, other),
        Outcome { refund: yuan(25_000), forfeited: Money::ZERO, penalty: yuan(20_000) }
    );
    assert_eq!(
        outcome(Breach::Agreement, earnest, other),
        Outcome { refund: yuan(25_000), forfeited: Money::ZERO, penalty: Money::ZERO }
    );
}

#[test]
fn a_loan_is_paid_in_full_only_once_the_lender_disbursed() {
    let mut l = Ledger { price: yuan(200_000), loan: yuan(140_000), received: yuan(60_000), ..Ledger::default() };
    assert!(l.money_received());
    assert!(!l.paid_in_full());
    assert_eq!(l.customer_due(), Money::ZERO);
    assert_eq!(l.loan_due(), yuan(140_000));
    l.disbursed = yuan(140_000);
    assert!(l.paid_in_full());
    assert_eq!(l.balance(), Money::ZERO);
}

#[test]
fn a_signing_code_is_checked_for_use_expiry_and_attempts() {
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 10, 0, 0).unwrap();
    let sent = |attempts| SentCode { hash: "abc", expires_at: now + contract::CODE_TTL, attempts };
    assert_eq!(check_code(Some(sent(0)), "abc", now), Ok(()));
    assert_eq!(check_code(Some(sent(0)), "abd", now), Err(SigningError::WrongCode));
    assert_eq!(check_code(Some(sent(contract::CODE_ATTEMPTS)), "abc", now), Err(SigningError::TooManyAttempts));
    assert_eq!(check_code(Some(sent(0)), "abc", now + contract::CODE_TTL), Err(SigningError::Expired));
    assert_eq!(check_code(None, "abc", now), Err(SigningError::NoCode));
}

proptest! {
    #[test]
    fn the_earnest_split_never_passes_the_cap_and_loses_nothing(
        amount in 1i64..10_000_000_000, price in 1i64..10_000_000_000, before in 0i64..3_000_000_000
    ) {
        let (earnest, prepayment) = split_earnest(Money::from_fen(amount), Money::from_fen(price), Money::from_fen(before));
        prop_assert_eq!(earnest.fen() + prepayment.fen(), amount);
        prop_assert!(earnest.fen() >= 0 && prepayment.fen() >= 0);
        prop_assert!(earnest.fen() + before <= earnest_cap(Money::from_fen(price)).fen().max(before));
    }

    #[test]
    fn an_outcome_accounts_for_every_fen_held(breach in prop::sample::select(Breach::ALL.to_vec()), e in 0i64..1_000_000_000, o in 0i64..1_000_000_000) {
        let out = outcome(breach, Money::from_fen(e), Money::from_fen(o));
        prop_assert_eq!(out.refund.fen() + out.forfeited.fen(), e + o);
        prop_assert_eq!(out.penalty.fen(), if breach == Breach::Dealer { e } else { 0 });
    }

    #[test]
    fn the_balance_is_price_less_confirmed_payments_plus_paid_refunds(
        price in 0i64..10_000_000_000, received in 0i64..10_000_000_000, disbursed in 0i64..10_000_000_000, refunded in 0i64..10_000_000_000
    ) {
        let l = Ledger { price: Money::from_fen(price), loan: Money::ZERO, received: Money::from_fen(received), disbursed: Money::from_fen(disbursed), refunded: Money::from_fen(refunded) };
        prop_assert_eq!(l.balance().fen(), price - (received + disbursed) + refunded);
        prop_assert_eq!(l.paid_in_full(), price > 0 && l.balance().fen() <= 0);
    }
}

#[test]
fn codes_are_the_serde_names() {
    fn same<T: crate::Code + serde::Serialize>(all: &[T]) {
        for v in all {
            assert_eq!(serde_json::to_value(v).unwrap(), v.code());
        }
    }
    same(&PaymentKind::ALL);
    same(&Method::ALL);
    same(&PaymentStatus::ALL);
    same(&Breach::ALL);
    same(&RefundKind::ALL);
    same(&RefundStatus::ALL);
    same(&ContractStatus::ALL);
    same(&contract::InvoiceStatus::ALL);
}
