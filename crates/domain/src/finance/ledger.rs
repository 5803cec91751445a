//! The money of one order: what it costs, what was confirmed received and what was paid back.

use crate::money::Money;

/// Sums of the order's confirmed payments and paid refunds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Ledger {
    /// The contract price (the order's total).
    pub price: Money,
    /// The loan the order expects (loan purchases), zero otherwise.
    pub loan: Money,
    /// Confirmed payments from the customer (deposits, progress, down payment, balance).
    pub received: Money,
    /// Confirmed disbursements by the lender.
    pub disbursed: Money,
    /// Paid refunds of money received (not the penalty of a returned 定金).
    pub refunded: Money,
}

impl Ledger {
    /// Money held for the order now.
    pub fn held(&self) -> Money {
        Money::from_fen(self.received.fen() + self.disbursed.fen() - self.refunded.fen())
    }

    /// `price - confirmed payments + paid refunds`: what is still to be paid.
    pub fn balance(&self) -> Money {
        Money::from_fen(self.price.fen() - self.held().fen())
    }

    /// Any money is held: cancelling then needs an outcome.
    pub fn money_received(&self) -> bool {
        self.held().fen() > 0
    }

    /// Nothing left to pay; for a loan, the down payment is in and the lender has disbursed.
    pub fn paid_in_full(&self) -> bool {
        let loan_done = self.loan.fen() == 0 || self.disbursed.fen() > 0;
        self.price.fen() > 0 && self.balance().fen() <= 0 && loan_done
    }

    /// What the customer still owes themselves (the down payment for a loan, everything else
    /// otherwise): the limit of a payment that is not the disbursement.
    pub fn customer_due(&self) -> Money {
        let own = self.price.fen() - self.loan.fen();
        Money::from_fen(own - (self.received.fen() - self.refunded.fen()))
    }

    /// What the lender still has to disburse.
    pub fn loan_due(&self) -> Money {
        Money::from_fen(self.loan.fen() - self.disbursed.fen())
    }
}
