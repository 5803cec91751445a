//! The order form as typed, parsed against the catalogue and priced with the tax data of the day.

use crate::kernel::tax::tax_of_day;
use crate::{AppError, AppResult};
use chrono::NaiveDate;
use domain::FieldErrors;
use domain::error::ErrorCode;
use domain::money::Money;
use domain::sales::pricing::{Discount, Fee, FeeKind, Quote, QuoteInput, quote};
use domain::sales::{Channel, Loan, PaymentMethod, Terms};
use domain::text;
use storage::DbConnection;
use storage::catalogue::{OptionRow, TrimRow};
use storage::sales::{NewItem, OrderContent};

/// An order form (HTML or JSON). Money as yuan strings, ids as strings: every field is parsed here.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct OrderInput {
    pub customer_id: String,
    pub trim_id: String,
    pub exterior_colour_id: String,
    pub interior_colour_id: String,
    /// Factory options and accessories (catalogue ids) that fit the trim.
    pub option_ids: Vec<String>,
    pub registration_fee: String,
    pub insurance_fee: String,
    pub extended_warranty_fee: String,
    pub service_package_fee: String,
    /// none | amount | percent
    pub discount_kind: String,
    /// Yuan for `amount`, percent (e.g. `3.5`) for `percent`.
    pub discount_value: String,
    pub gift_name: Vec<String>,
    pub gift_value: Vec<String>,
    pub trade_in: String,
    /// full | loan | company
    pub payment_method: String,
    pub lender: String,
    pub down_payment: String,
    pub loan_months: String,
    /// walk_in | phone | website | referral | social_media | car_platform | event | exhibition | returning | other
    pub channel: String,
    /// YYYY-MM-DD
    pub expected_delivery: String,
    pub notes: String,
    /// Blank: the creating user.
    pub owner_id: String,
    /// The lead the order is made from (creates only): it becomes ordered with the order.
    pub lead_id: String,
    /// The version the form was loaded at (updates only).
    pub version: i64,
    /// The order form's repeat-safety key (the API sends the `Idempotency-Key` header instead).
    pub idempotency_key: String,
}

/// A parsed, priced order ready to store.
#[derive(Debug, Clone)]
pub struct Priced {
    pub content: OrderContent,
    pub items: Vec<NewItem>,
    pub quote: Quote,
    pub terms: Terms,
    pub floor_price: Option<Money>,
    pub trim: TrimRow,
}

fn money(e: &mut FieldErrors, field: &str, input: &str) -> Money {
    e.check(field, text::optional_with(input, Money::parse_price)).flatten().unwrap_or(Money::ZERO)
}

struct Code(&'static str);

impl ErrorCode for Code {
    fn code(&self) -> &'static str {
        self.0
    }
}

/// Percent with up to two decimals (`3.5` → 350 basis points).
fn percent_bp(input: &str) -> Result<u32, Code> {
    let m = Money::parse_price(input).map_err(|_| Code("discount-percent"))?;
    u32::try_from(m.fen()).ok().filter(|bp| *bp <= 10_000).ok_or(Code("discount-percent"))
}

/// How far ahead an expected delivery date may be (factory orders of rare trims take months, not
/// years).
const MAX_DELIVERY_DAYS: u64 = 2 * 366;

fn id(input: &str) -> Option<i64> {
    input.trim().parse().ok()
}

impl OrderInput {
    /// The lead named by the form, if any.
    pub fn lead(&self) -> Option<AppResult<i64>> {
        let t = self.lead_id.trim();
        (!t.is_empty()).then(|| t.parse().map_err(|_| AppError::field("lead_id", "lead-unknown")))
    }

    /// Parses and prices the order for `group` on `date`; every problem is reported at once.
    pub fn price(&self, c: &mut DbConnection, group_id: i64, date: NaiveDate) -> AppResult<Priced> {
        let mut e = FieldErrors::new();
        let trim = match id(&self.trim_id).map(|t| storage::catalogue::get_trim(c, group_id, t)) {
            Some(Ok(t)) if t.active => Some(t),
            _ => {
                e.add("trim_id", "trim-required");
                None
            }
        };
        let customer_id = id(&self.customer_id);
        if customer_id.is_none() {
            e.add("customer_id", "customer-required");
        }
        let mut colour = |field: &str, input: &str, kind: &str, trim: &Option<TrimRow>| -> (Option<i64>, Money) {
            let Some(cid) = id(input) else { return (None, Money::ZERO) };
            match (storage::catalogue::get_colour(c, group_id, cid), trim) {
                (Ok(col), Some(t)) if col.model_id == t.model_id && col.kind == kind && col.active => {
                    (Some(col.id), Money::from_fen(col.extra_price_fen))
                }
                _ => {
                    e.add(field, "colour-not-of-model");
                    (None, Money::ZERO)
                }
            }
        };
        let (exterior, ext_surcharge) = colour("exterior_colour_id", &self.exterior_colour_id, "exterior", &trim);
        let (interior, int_surcharge) = colour("interior_colour_id", &self.interior_colour_id, "interior", &trim);

        let mut chosen: Vec<OptionRow> = Vec::new();
        if let Some(t) = &trim {
            let fits: Vec<i64> = storage::catalogue::list_fitments(
                c,
                &self.option_ids.iter().filter_map(|o| id(o)).collect::<Vec<_>>(),
            )?
            .into_iter()
            .filter(|(_, trim_id)| *trim_id == t.id)
            .map(|(o, _)| o)
            .collect();
            for o in self.option_ids.iter().filter(|o| !o.trim().is_empty()) {
                match id(o).map(|oid| storage::catalogue::get_option(c, group_id, oid)) {
                    Some(Ok(opt)) if opt.active && fits.contains(&opt.id) => {
                        if !chosen.iter().any(|x| x.id == opt.id) {
                            chosen.push(opt);
                        }
                    }
                    _ => e.add("option_ids", "option-not-for-trim"),
                }
            }
        }

        let fees: Vec<Fee> = [
            ("registration_fee", &self.registration_fee, FeeKind::Registration),
            ("insurance_fee", &self.insurance_fee, FeeKind::Insurance),
            ("extended_warranty_fee", &self.extended_warranty_fee, FeeKind::ExtendedWarranty),
            ("service_package_fee", &self.service_package_fee, FeeKind::ServicePackage),
        ]
        .into_iter()
        .map(|(field, v, kind)| Fee { kind, amount: money(&mut e, field, v) })
        .filter(|f| f.amount.fen() > 0)
        .collect();

        let discount = match self.discount_kind.as_str() {
            "amount" => Discount::Amount(money(&mut e, "discount_value", &self.discount_value)),
            "percent" => match e.check("discount_value", percent_bp(&self.discount_value)) {
                Some(bp) => Discount::Percent(bp),
                None => Discount::None,
            },
            "" | "none" => Discount::None,
            _ => {
                e.add("discount_kind", "discount-kind-unknown");
                Discount::None
            }
        };

        let mut gifts: Vec<(String, Money)> = Vec::new();
        for (name, value) in self.gift_name.iter().zip(self.gift_value.iter().chain(std::iter::repeat(&String::new())))
        {
            if name.trim().is_empty() && value.trim().is_empty() {
                continue;
            }
            let name = e.check("gift_name", text::required(name, 40));
            let value = money(&mut e, "gift_value", value);
            if let Some(n) = name {
                gifts.push((n, value));
            }
        }
        let trade_in = money(&mut e, "trade_in", &self.trade_in);

        let payment = PaymentMethod::from_code(&self.payment_method);
        if payment.is_none() {
            e.add("payment_method", "payment-required");
        }
        let loan = if payment == Some(PaymentMethod::Loan) {
            let lender = e.check("lender", text::required(&self.lender, 60));
            let down = e.check("down_payment", Money::parse_price(&self.down_payment));
            let months = match self.loan_months.trim().parse::<u16>() {
                Ok(m) if (6..=60).contains(&m) => Some(m),
                _ => {
                    e.add("loan_months", "loan-months");
                    None
                }
            };
            match (lender, down, months) {
                (Some(lender), Some(down_payment), Some(months)) => Some(Loan { lender, down_payment, months }),
                _ => None,
            }
        } else {
            None
        };
        let channel = Channel::from_code(&self.channel);
        if channel.is_none() {
            e.add("channel", "channel-required");
        }
        let expected_delivery = match self.expected_delivery.trim() {
            "" => None,
            d => match NaiveDate::parse_from_str(d, "%Y-%m-%d") {
                // A car is delivered within a few years of its order, never in 9999.
                Ok(d) if d >= date && d <= date + chrono::Days::new(MAX_DELIVERY_DAYS) => Some(d),
                Ok(d) if d >= date => {
                    e.add("expected_delivery", "delivery-too-far");
                    None
                }
                Ok(_) => {
                    e.add("expected_delivery", "delivery-in-past");
                    None
                }
                Err(_) => {
                    e.add("expected_delivery", "date-invalid");
                    None
                }
            },
        };
        let notes = e.check("notes", text::optional(&self.notes, 1000)).flatten();

        let (vat, purchase) = tax_of_day(c, date)?;
        let Some(trim) = trim else { return Err(AppError::Validation(e)) };
        let input = QuoteInput {
            guide_price: Money::from_fen(trim.msrp_fen),
            colour_surcharge: Money::from_fen(ext_surcharge.fen() + int_surcharge.fen()),
            options: chosen.iter().filter(|o| o.kind == "option").map(|o| Money::from_fen(o.price_fen)).collect(),
            accessories: chosen
                .iter()
                .filter(|o| o.kind == "accessory")
                .map(|o| Money::from_fen(o.price_fen))
                .collect(),
            discount: Some(discount),
            gifts: gifts.iter().map(|(_, v)| *v).collect(),
            fees: fees.clone(),
            trade_in_credit: trade_in,
        };
        let quote = match quote(&input, vat, &purchase, trim.nev_catalogue) {
            Ok(q) => Some(q),
            Err(err) => {
                let field = match err.code() {
                    "trade-in-too-large" => "trade_in",
                    _ => "discount_value",
                };
                e.add(field, err.code());
                None
            }
        };
        if let Some(loan) = &loan
            && !lender_offered(c, &loan.lender)?
        {
            e.add("lender", "lender-not-a-product");
        }
        if let (Some(q), Some(loan)) = (&quote, &loan) {
            if loan.down_payment > q.total_payable {
                e.add("down_payment", "down-payment-too-large");
            } else if !loan_fits_a_product(c, q.total_payable, loan)? {
                e.add("down_payment", "loan-over-every-product");
            }
        }
        e.into_result()?;
        let quote = quote.expect("no errors");
        let terms = Terms {
            exterior_colour_id: exterior,
            interior_colour_id: interior,
            discount,
            trade_in,
            payment: payment.expect("no errors"),
            loan,
        };
        let mut items: Vec<NewItem> = chosen
            .iter()
            .map(|o| NewItem {
                kind: o.kind.clone(),
                option_id: Some(o.id),
                name: o.name.clone(),
                amount_fen: o.price_fen,
            })
            .collect();
        items.extend(fees.iter().map(|f| NewItem {
            kind: "fee".into(),
            option_id: None,
            name: serde_json::to_value(f.kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(),
            amount_fen: f.amount.fen(),
        }));
        items.extend(gifts.iter().map(|(n, v)| NewItem {
            kind: "gift".into(),
            option_id: None,
            name: n.clone(),
            amount_fen: v.fen(),
        }));
        let content = OrderContent {
            customer_id: customer_id.expect("no errors"),
            owner_id: 0,
            model_id: trim.model_id,
            trim_id: trim.id,
            channel: channel.expect("no errors").code(),
            payment_method: terms.payment.code(),
            expected_delivery,
            notes,
            terms: serde_json::to_string(&terms).map_err(AppError::internal)?,
            quote: serde_json::to_string(&quote).map_err(AppError::internal)?,
            total_fen: quote.total_payable.fen(),
            discount_fen: quote.discount.fen(),
            discount_bp: i32::try_from(quote.discount_bp).unwrap_or(i32::MAX),
            gifts_fen: quote.gifts_value.fen(),
        };
        Ok(Priced { content, items, floor_price: trim.floor_price_fen.map(Money::from_fen), quote, terms, trim })
    }
}

/// Whether the loan the order plans (the total less the down payment) is within the
/// loan-to-value of an active product: the lender's own products when it has some, else any.
/// Checked when the order is saved, so that an approved plan is one a lender can disburse;
/// with no product kept yet there is nothing to check against.
/// Whether `lender` is one the store works with: a lender of an active loan product (设置 → 贷款
///产品), when there are any; the order form offers exactly these.
fn lender_offered(c: &mut DbConnection, lender: &str) -> AppResult<bool> {
    let active: Vec<_> = storage::finance::loan_products::list(c)?.into_iter().filter(|p| p.active).collect();
    Ok(active.is_empty() || active.iter().any(|p| p.lender.trim() == lender.trim()))
}

fn loan_fits_a_product(c: &mut DbConnection, total: Money, loan: &Loan) -> AppResult<bool> {
    let active: Vec<_> = storage::finance::loan_products::list(c)?.into_iter().filter(|p| p.active).collect();
    if active.is_empty() {
        return Ok(true);
    }
    let lenders: Vec<_> = active.iter().filter(|p| p.lender.trim() == loan.lender.trim()).collect();
    let products = if lenders.is_empty() { active.iter().collect() } else { lenders };
    let planned = Money::from_fen(total.fen() - loan.down_payment.fen());
    Ok(products.iter().any(|p| {
        let ltv = domain::tax::Rate::bp(u32::try_from(p.max_ltv_bp).unwrap_or(0));
        planned <= domain::finance::payment::max_loan(total, ltv)
    }))
}
