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
fn caps_are_ceilings_rounded_down_to_the_fen() {
    use crate::tax::Rate;
    // 20 % of ¥247,468.04 is ¥49,493.608: the cap is ¥49,493.60, never ¥49,493.61.
    assert_eq!(earnest_cap(Money::from_fen(24_746_804)), Money::from_fen(4_949_360));
    assert_eq!(earnest_cap(Money::from_fen(4)), Money::ZERO);
    assert_eq!(earnest_cap(Money::from_fen(5)), Money::from_fen(1));
    assert_eq!(
        split_earnest(Money::from_fen(4_949_361), Money::from_fen(24_746_804), Money::ZERO).1,
        Money::from_fen(1)
    );
    // 80 % of ¥100,000.99 is ¥80,000.792: the lender lends ¥80,000.79.
    assert_eq!(payment::max_loan(Money::from_fen(10_000_099), Rate::bp(8000)), Money::from_fen(8_000_079));
    assert_eq!(payment::max_loan(Money::from_fen(10_000_000), Rate::bp(8500)), Money::from_fen(8_500_000));
}

#[test]
fn the_ledger_counts_only_what_it_holds() {
    let l = Ledger {
        price: yuan(200_000),
        loan: yuan(120_000),
        received: yuan(90_000),
        disbursed: yuan(0),
        refunded: yuan(5_000),
    };
    assert_eq!(l.held(), yuan(85_000));
    assert_eq!(l.balance(), yuan(115_000));
    assert_eq!(l.customer_due(), yuan(-5_000), "the customer paid 5,000 more than their part");
    assert_eq!(l.loan_due(), yuan(120_000));
    assert!(l.money_received() && !l.paid_in_full());
    let nothing = Ledger { price: yuan(100), ..Ledger::default() };
    assert!(!nothing.money_received());
    let refunded = Ledger { price: yuan(100), received: yuan(100), refunded: yuan(100), ..Ledger::default() };
    assert!(!refunded.money_received() && !refunded.paid_in_full());
    let cash = Ledger { price: yuan(100), received: yuan(100), ..Ledger::default() };
    assert!(cash.paid_in_full() && cash.customer_due() == Money::ZERO && cash.balance() == Money::ZERO);
    let one_fen_short =
        Ledger { price: Money::from_fen(10_000), received: Money::from_fen(9_999), ..Ledger::default() };
    assert!(!one_fen_short.paid_in_full());
    assert!(!Ledger::default().paid_in_full(), "a price of zero is nothing to pay in full");
    let lent = Ledger { disbursed: yuan(120_000), received: yuan(80_000), refunded: Money::ZERO, ..l };
    assert!(lent.paid_in_full() && lent.loan_due() == Money::ZERO);
    let down_only = Ledger { price: yuan(200_000), loan: yuan(120_000), received: yuan(200_000), ..Ledger::default() };
    assert!(!down_only.paid_in_full(), "a loan purchase waits for the lender's disbursement");
}

#[test]
fn deposits_and_references_by_kind_and_method() {
    use PaymentKind as K;
    assert_eq!(K::ALL.map(K::is_deposit), [true, true, false, false, false, false]);
    assert_eq!(Method::ALL.map(Method::needs_reference), [false, true, true, true, true]);
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
    // Two differing bytes whose differences cancel out are still a wrong code.
    assert_eq!(check_code(Some(sent(0)), "bac", now), Err(SigningError::WrongCode));
    assert_eq!(check_code(Some(sent(0)), "abcd", now), Err(SigningError::WrongCode));
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

#[test]
fn codes_are_limited_per_hour_and_a_new_one_keeps_the_wrong_tries() {
    use super::contract::{CODE_ATTEMPTS, CODE_ISSUES_PER_HOUR, Issues, next_issue};
    let t0 = Utc.with_ymd_and_hms(2026, 12, 7, 2, 0, 0).unwrap();
    let first = next_issue(None, t0).unwrap();
    assert_eq!(first, Issues { issued: 1, since: t0, attempts: 0 });
    let mut now = first;
    for n in 2..=CODE_ISSUES_PER_HOUR {
        now = next_issue(Some(Issues { attempts: 2, ..now }), t0 + chrono::Duration::minutes(n.into())).unwrap();
        assert_eq!((now.issued, now.attempts), (n, 2), "the tries are kept");
    }
    let minute_59 = t0 + chrono::Duration::minutes(59);
    assert_eq!(next_issue(Some(now), minute_59), Err(SigningError::TooManyCodes));
    let hour = t0 + chrono::Duration::hours(1);
    assert_eq!(next_issue(Some(now), hour), Ok(Issues { issued: 1, since: hour, attempts: 2 }));
    let locked = Issues { attempts: CODE_ATTEMPTS, ..first };
    assert_eq!(next_issue(Some(locked), t0 + chrono::Duration::days(1)), Err(SigningError::TooManyAttempts));
    let almost = Issues { attempts: CODE_ATTEMPTS - 1, ..first };
    assert!(next_issue(Some(almost), t0).is_ok());
}

#[test]
fn a_registered_payment_is_decided_once() {
    use super::payment::{Decision, available_decisions, decide};
    assert_eq!(available_decisions(PaymentStatus::Registered), vec![Decision::Confirm, Decision::Reject]);
    assert_eq!(decide(PaymentStatus::Registered, Decision::Confirm), Ok(PaymentStatus::Confirmed));
    assert_eq!(decide(PaymentStatus::Registered, Decision::Reject), Ok(PaymentStatus::Rejected));
    for done in [PaymentStatus::Confirmed, PaymentStatus::Rejected] {
        assert_eq!(available_decisions(done), Vec::<Decision>::new());
        assert_eq!(decide(done, Decision::Confirm), Err(PaymentError::NotRegistered));
        assert_eq!(decide(done, Decision::Reject), Err(PaymentError::NotRegistered));
    }
}
