//! The replenishment suggestion per trim and colour: what the store should order from the
//! factory now, with its reasoning line by line so that a manager can check it.
//!
//! Demand until a vehicle ordered today would arrive and then cover a few weeks: the open orders
//! without a vehicle, the recent weekly sales projected over lead time plus cover, the hot leads
//! that usually convert (from the CRM, once it exists), and the low threshold as safety stock.
//! Supply: free vehicles in stock, in transit and on order. The suggestion fills the gap, but
//! never so much that the stock left after the open orders would pass the high threshold.

use super::stock::Threshold;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ReplenishInput {
    /// Open approved orders of this specification without a vehicle.
    pub open_orders: i64,
    /// Orders of this specification per week, over the recent weeks (any number of weeks).
    pub weekly_sales: Vec<i64>,
    /// Free vehicles (not reserved or allocated) in stock, in transit, and on order.
    pub free_in_stock: i64,
    pub free_in_transit: i64,
    pub free_on_order: i64,
    /// Weeks from a factory order to the vehicle in the yard.
    pub lead_weeks: i64,
    /// Weeks of sales the stock should cover once it arrives.
    pub cover_weeks: i64,
    pub threshold: Threshold,
    /// The share of the threshold's model or trim this line stands for, in percent (a colour of
    /// a trim: its share of the trim's sales); `None`: all of it.
    pub threshold_share_pct: Option<i64>,
    /// Free vehicles (in stock, in transit, on order) of the threshold's model or trim in its
    /// other lines: they stand in the yard for the same threshold, so this line keeps only its
    /// share of what the model or trim lacks below the low threshold, and of its room below high.
    pub scope_free_elsewhere: i64,
    /// Hot (H-tier) leads for this specification and the share of them that buy, in percent.
    pub hot_leads: i64,
    pub hot_lead_conversion_pct: i64,
}

/// One line of the reasoning: a message code and its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Reason {
    pub code: &'static str,
    pub value: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// Vehicles to order from the factory now (0: nothing).
    pub quantity: i64,
    pub reasons: Vec<Reason>,
}

fn ceil_div(a: i64, b: i64) -> i64 {
    if b <= 0 { 0 } else { (a + b - 1).div_euclid(b) }
}

/// The suggestion for one specification; a share of a threshold rounds up (a colour selling a
/// tenth of a trim whose low is 5 keeps one car as safety stock).
pub fn suggest(input: &ReplenishInput) -> Suggestion {
    let pos = |n: i64| n.max(0);
    let weeks = i64::try_from(input.weekly_sales.len()).unwrap_or(0);
    let sold: i64 = input.weekly_sales.iter().copied().map(pos).sum();
    let horizon = pos(input.lead_weeks) + pos(input.cover_weeks);
    // Sales per week in hundredths, and the sales until the horizon, rounded up.
    let velocity_x100 = if weeks == 0 { 0 } else { sold * 100 / weeks };
    let projected = ceil_div(sold * horizon, weeks);
    let leads = ceil_div(pos(input.hot_leads) * pos(input.hot_lead_conversion_pct).min(100), 100);
    let open = pos(input.open_orders);
    let share = input.threshold_share_pct.map(|p| p.clamp(0, 100));
    let part = |n: i64| ceil_div(pos(n) * share.unwrap_or(100), 100);
    let elsewhere = pos(input.scope_free_elsewhere);
    let safety = part(input.threshold.low.unwrap_or(0) - elsewhere);
    let need = open + projected + leads + safety;
    let supply = pos(input.free_in_stock) + pos(input.free_in_transit) + pos(input.free_on_order);
    let gap = pos(need - supply);
    let mut reasons = vec![
        Reason { code: "open-orders", value: open },
        Reason { code: "weekly-sales-x100", value: velocity_x100 },
        Reason { code: "horizon-weeks", value: horizon },
        Reason { code: "projected-sales", value: projected },
    ];
    // Until leads are counted (the CRM), the line would always say nothing.
    if input.hot_leads > 0 {
        reasons.push(Reason { code: "hot-leads", value: leads });
    }
    if elsewhere > 0 && (input.threshold.low.is_some() || input.threshold.high.is_some()) {
        reasons.push(Reason { code: "threshold-scope-free", value: elsewhere });
    }
    if let Some(pct) = share {
        reasons.push(Reason { code: "threshold-share-pct", value: pct });
    }
    reasons.extend([
        Reason { code: "safety-stock", value: safety },
        Reason { code: "need", value: need },
        Reason { code: "free-in-stock", value: pos(input.free_in_stock) },
        Reason { code: "free-in-transit", value: pos(input.free_in_transit) },
        Reason { code: "free-on-order", value: pos(input.free_on_order) },
        Reason { code: "gap", value: gap },
    ]);
    let quantity = match input.threshold.high.map(|h| part(h - elsewhere)) {
        Some(high) => {
            // The stock left once the open orders take theirs must stay at or under `high`.
            let room = pos(high + open - supply);
            if room < gap {
                reasons.push(Reason { code: "capped-by-high", value: high });
            }
            let quantity = gap.min(room);
            // Open orders take their cars whatever the cap: say so when they carry the line past it.
            if quantity > high {
                reasons.push(Reason { code: "over-cap-for-open-orders", value: open });
            }
            quantity
        }
        None => gap,
    };
    reasons.push(Reason { code: "suggested", value: quantity });
    Suggestion { quantity, reasons }
}
