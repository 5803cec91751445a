//! The JSON bodies of the API's writes, in the API's convention: ids are integers, money is
//! integer fen in `*_fen` fields, rates are basis points (`*_bp`). Each converts into the input
//! type the console's forms fill (ids and yuan as typed), so that both go through one parser and
//! one set of rules in `app`.

use app::catalogue::{ColourInput, OptionInput, TrimInput};
use app::sales::OrderInput;
use app::sales::rules::RuleInput;
use domain::Money;
use serde::Deserialize;
use utoipa::ToSchema;

fn yuan(fen: i64) -> String {
    Money::from_fen(fen).to_plain()
}

fn id(v: Option<i64>) -> String {
    v.map(|i| i.to_string()).unwrap_or_default()
}

/// `350` basis points as the percent a form shows (`3.50`).
fn percent(bp: i64) -> String {
    yuan(bp)
}

fn yes() -> bool {
    true
}

/// One gift with its value.
#[derive(Debug, Clone, Deserialize, serde::Serialize, ToSchema)]
pub struct Gift {
    pub name: String,
    pub value_fen: i64,
}

/// An order as the API takes it (create, update, quote).
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, ToSchema)]
#[serde(default)]
pub struct OrderBody {
    pub customer_id: Option<i64>,
    pub trim_id: Option<i64>,
    pub exterior_colour_id: Option<i64>,
    pub interior_colour_id: Option<i64>,
    /// Factory options and accessories (catalogue ids) that fit the trim.
    pub option_ids: Vec<i64>,
    pub registration_fee_fen: i64,
    pub insurance_fee_fen: i64,
    pub extended_warranty_fee_fen: i64,
    pub service_package_fee_fen: i64,
    /// none (default) | amount (`discount_fen`) | percent (`discount_bp` of the list price)
    pub discount_kind: String,
    pub discount_fen: Option<i64>,
    pub discount_bp: Option<i64>,
    pub gifts: Vec<Gift>,
    pub trade_in_fen: i64,
    /// full | loan | company
    pub payment_method: String,
    pub lender: String,
    pub down_payment_fen: Option<i64>,
    pub loan_months: Option<i64>,
    /// walk_in | phone | website | referral | social_media | car_platform | event | exhibition | returning | other
    pub channel: String,
    /// YYYY-MM-DD
    pub expected_delivery: Option<String>,
    pub notes: String,
    /// Absent: the calling user.
    pub owner_id: Option<i64>,
    /// The lead the order is made from (creates only): it becomes ordered with the order.
    pub lead_id: Option<i64>,
    /// The version the order was read at (updates only).
    pub version: i64,
}

impl From<OrderBody> for OrderInput {
    fn from(b: OrderBody) -> Self {
        let discount_value = match b.discount_kind.as_str() {
            "amount" => b.discount_fen.map(yuan),
            "percent" => b.discount_bp.map(percent),
            _ => None,
        };
        OrderInput {
            customer_id: id(b.customer_id),
            trim_id: id(b.trim_id),
            exterior_colour_id: id(b.exterior_colour_id),
            interior_colour_id: id(b.interior_colour_id),
            option_ids: b.option_ids.iter().map(i64::to_string).collect(),
            registration_fee: yuan(b.registration_fee_fen),
            insurance_fee: yuan(b.insurance_fee_fen),
            extended_warranty_fee: yuan(b.extended_warranty_fee_fen),
            service_package_fee: yuan(b.service_package_fee_fen),
            discount_kind: b.discount_kind,
            discount_value: discount_value.unwrap_or_default(),
            gift_name: b.gifts.iter().map(|g| g.name.clone()).collect(),
            gift_value: b.gifts.iter().map(|g| yuan(g.value_fen)).collect(),
            trade_in: yuan(b.trade_in_fen),
            payment_method: b.payment_method,
            lender: b.lender,
            down_payment: b.down_payment_fen.map(yuan).unwrap_or_default(),
            loan_months: b.loan_months.map(|m| m.to_string()).unwrap_or_default(),
            channel: b.channel,
            expected_delivery: b.expected_delivery.unwrap_or_default(),
            notes: b.notes,
            owner_id: id(b.owner_id),
            lead_id: id(b.lead_id),
            version: b.version,
            idempotency_key: String::new(),
        }
    }
}

/// A trim as the API takes it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct TrimBody {
    #[serde(default)]
    pub version: i64,
    pub name: String,
    pub model_year: i64,
    /// Guide price (MSRP).
    pub msrp_fen: i64,
    /// The lowest price the store may sell at without the general manager's approval.
    #[serde(default)]
    pub floor_price_fen: Option<i64>,
    /// petrol | diesel | hybrid | plugin_hybrid | electric
    pub fuel_type: String,
    #[serde(default)]
    pub nev_catalogue: bool,
    pub seats: i64,
    #[serde(default = "yes")]
    pub active: bool,
}

impl From<TrimBody> for TrimInput {
    fn from(b: TrimBody) -> Self {
        TrimInput {
            version: b.version,
            name: b.name,
            model_year: b.model_year.to_string(),
            msrp: yuan(b.msrp_fen),
            floor_price: b.floor_price_fen.map(yuan).unwrap_or_default(),
            fuel_type: b.fuel_type,
            nev_catalogue: b.nev_catalogue,
            seats: b.seats.to_string(),
            active: b.active,
        }
    }
}

/// An exterior or interior colour as the API takes it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ColourBody {
    #[serde(default)]
    pub version: i64,
    /// exterior | interior
    pub kind: String,
    pub name: String,
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub extra_price_fen: i64,
    #[serde(default = "yes")]
    pub active: bool,
}

impl From<ColourBody> for ColourInput {
    fn from(b: ColourBody) -> Self {
        ColourInput {
            version: b.version,
            kind: b.kind,
            name: b.name,
            code: b.code,
            extra_price: yuan(b.extra_price_fen),
            active: b.active,
        }
    }
}

/// A factory option or accessory as the API takes it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct OptionBody {
    #[serde(default)]
    pub version: i64,
    /// option | accessory
    pub kind: String,
    pub name: String,
    #[serde(default)]
    pub code: String,
    pub price_fen: i64,
    /// The trims it fits.
    #[serde(default)]
    pub trim_ids: Vec<i64>,
    #[serde(default = "yes")]
    pub active: bool,
}

impl From<OptionBody> for OptionInput {
    fn from(b: OptionBody) -> Self {
        OptionInput {
            version: b.version,
            kind: b.kind,
            name: b.name,
            code: b.code,
            price: yuan(b.price_fen),
            trim_ids: b.trim_ids.iter().map(i64::to_string).collect(),
            active: b.active,
        }
    }
}

/// An approval rule as the API takes it: its threshold in the unit of its condition.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct RuleBody {
    pub name: String,
    /// discount_percent_over (`threshold_bp`) | discount_amount_over, gifts_value_over
    /// (`threshold_fen`) | below_floor_price | payment_method_is (`payment_method`)
    pub condition: String,
    #[serde(default)]
    pub threshold_bp: Option<i64>,
    #[serde(default)]
    pub threshold_fen: Option<i64>,
    /// full | loan | company
    #[serde(default)]
    pub payment_method: Option<String>,
    /// Role codes among sales_manager, general_manager, finance, in any order.
    pub levels: Vec<String>,
    #[serde(default = "yes")]
    pub active: bool,
    #[serde(default)]
    pub version: i64,
}

impl From<RuleBody> for RuleInput {
    fn from(b: RuleBody) -> Self {
        let threshold = match b.condition.as_str() {
            "discount_percent_over" => b.threshold_bp.map(percent),
            "discount_amount_over" | "gifts_value_over" => b.threshold_fen.map(yuan),
            "payment_method_is" => b.payment_method,
            _ => None,
        };
        RuleInput {
            name: b.name,
            condition: b.condition,
            threshold: threshold.unwrap_or_default(),
            levels: b.levels,
            active: b.active,
            version: b.version,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fen_and_basis_points_become_what_a_form_would_type() {
        assert_eq!(yuan(12_345_678), "123456.78");
        assert_eq!(yuan(-500), "-5.00");
        assert_eq!(percent(350), "3.50");
        let b: OrderBody = serde_json::from_str(
            r#"{"customer_id": 7, "trim_id": 3, "option_ids": [4, 5], "discount_kind": "percent", "discount_bp": 250,
                "gifts": [{"name": "贴膜", "value_fen": 380000}], "trade_in_fen": 0, "payment_method": "full", "channel": "phone"}"#,
        )
        .unwrap();
        let i = OrderInput::from(b);
        assert_eq!((i.customer_id.as_str(), i.trim_id.as_str(), i.discount_value.as_str()), ("7", "3", "2.50"));
        assert_eq!(i.option_ids, vec!["4", "5"]);
        assert_eq!((i.gift_name[0].as_str(), i.gift_value[0].as_str()), ("贴膜", "3800.00"));
        let mut unknown = Vec::new();
        let value = serde_json::json!({"registration_fee": "1500"});
        let _: OrderBody = serde_ignored::deserialize(value, |p| unknown.push(p.to_string())).unwrap();
        assert_eq!(unknown, ["registration_fee"], "a yuan string field is not the API's: the extractor refuses it");
    }
}
