//! What the catalogue forms and the API send, parsed into storage fields.

use crate::AppResult;
use domain::catalogue::{ColourKind, FuelType, OptionKind};
use domain::money::Money;
use domain::{FieldErrors, text};
use serde::Deserialize;
use storage::catalogue::*;

pub(super) fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct BrandInput {
    /// The version the form was loaded at (updates only; optimistic locking).
    #[serde(default)]
    pub version: i64,
    pub name: String,
    #[serde(default)]
    pub name_en: String,
    #[serde(default = "yes")]
    pub active: bool,
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct ModelInput {
    /// The version the form was loaded at (updates only; optimistic locking).
    #[serde(default)]
    pub version: i64,
    pub name: String,
    #[serde(default)]
    pub body_type: String,
    #[serde(default = "yes")]
    pub active: bool,
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct TrimInput {
    /// The version the form was loaded at (updates only; optimistic locking).
    #[serde(default)]
    pub version: i64,
    pub name: String,
    pub model_year: String,
    /// Guide price (MSRP) in yuan, as typed.
    pub msrp: String,
    #[serde(default)]
    pub floor_price: String,
    pub fuel_type: String,
    #[serde(default)]
    pub nev_catalogue: bool,
    pub seats: String,
    #[serde(default = "yes")]
    pub active: bool,
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct ColourInput {
    /// The version the form was loaded at (updates only; optimistic locking).
    #[serde(default)]
    pub version: i64,
    pub kind: String,
    pub name: String,
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub extra_price: String,
    #[serde(default = "yes")]
    pub active: bool,
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct OptionInput {
    /// The version the form was loaded at (updates only; optimistic locking).
    #[serde(default)]
    pub version: i64,
    pub kind: String,
    pub name: String,
    #[serde(default)]
    pub code: String,
    pub price: String,
    /// The trims the option or accessory fits.
    #[serde(default)]
    pub trim_ids: Vec<String>,
    #[serde(default = "yes")]
    pub active: bool,
}

pub(super) fn done<T>(e: FieldErrors, value: impl FnOnce() -> T) -> AppResult<T> {
    e.into_result()?;
    Ok(value())
}

impl BrandInput {
    pub(super) fn parse(&self) -> AppResult<BrandFields> {
        let mut e = FieldErrors::new();
        let name = e.check("name", text::required(&self.name, 40));
        let name_en = e.check("name_en", text::optional(&self.name_en, 40));
        done(e, || BrandFields {
            name: name.expect("checked"),
            name_en: name_en.expect("checked"),
            active: self.active,
        })
    }
}

impl ModelInput {
    pub(super) fn parse(&self) -> AppResult<ModelFields> {
        let mut e = FieldErrors::new();
        let name = e.check("name", text::required(&self.name, 60));
        let body_type = e.check("body_type", text::optional(&self.body_type, 30));
        done(e, || ModelFields {
            name: name.expect("checked"),
            body_type: body_type.expect("checked"),
            active: self.active,
        })
    }
}

pub(super) fn int_in(input: &str, range: std::ops::RangeInclusive<i32>, code: &'static str) -> Result<i32, Code> {
    input.trim().parse::<i32>().ok().filter(|v| range.contains(v)).ok_or(Code(code))
}

/// A bare error code for ad-hoc checks.
pub(super) struct Code(&'static str);

impl domain::error::ErrorCode for Code {
    fn code(&self) -> &'static str {
        self.0
    }
}

impl TrimInput {
    pub(super) fn parse(&self) -> AppResult<TrimFields> {
        let mut e = FieldErrors::new();
        let name = e.check("name", text::required(&self.name, 60));
        let year = e.check("model_year", int_in(&self.model_year, 2000..=2100, "year-range"));
        let msrp = e.check("msrp", Money::parse_price(&self.msrp));
        let floor = e.check("floor_price", text::optional_with(&self.floor_price, Money::parse_price));
        let fuel = e.check("fuel_type", FuelType::from_code(&self.fuel_type).ok_or(Code("fuel-unknown")));
        let seats = e.check("seats", int_in(&self.seats, 1..=60, "seats-range"));
        if let (Some(m), Some(Some(f))) = (msrp, floor)
            && f > m
        {
            e.add("floor_price", "floor-above-msrp");
        }
        if let Some(f) = fuel
            && self.nev_catalogue
            && !f.is_new_energy()
        {
            e.add("nev_catalogue", "nev-needs-new-energy");
        }
        done(e, || TrimFields {
            name: name.expect("checked"),
            model_year: year.expect("checked"),
            msrp_fen: msrp.expect("checked").fen(),
            floor_price_fen: floor.expect("checked").map(Money::fen),
            fuel_type: fuel.expect("checked").code().to_string(),
            nev_catalogue: self.nev_catalogue,
            seats: seats.expect("checked"),
            active: self.active,
        })
    }
}

impl ColourInput {
    pub(super) fn parse(&self) -> AppResult<ColourFields> {
        let mut e = FieldErrors::new();
        let kind = e.check("kind", ColourKind::from_code(&self.kind).ok_or(Code("kind-unknown")));
        let name = e.check("name", text::required(&self.name, 40));
        let code = e.check("code", text::optional(&self.code, 20));
        let extra = e.check("extra_price", text::optional_with(&self.extra_price, Money::parse_price));
        done(e, || ColourFields {
            kind: kind.expect("checked").code().to_string(),
            name: name.expect("checked"),
            code: code.expect("checked"),
            extra_price_fen: extra.expect("checked").map_or(0, Money::fen),
            active: self.active,
        })
    }
}

impl OptionInput {
    pub(super) fn parse(&self, model_trims: &[i64]) -> AppResult<(OptionFields, Vec<i64>)> {
        let mut e = FieldErrors::new();
        let kind = e.check("kind", OptionKind::from_code(&self.kind).ok_or(Code("kind-unknown")));
        let name = e.check("name", text::required(&self.name, 60));
        let code = e.check("code", text::optional(&self.code, 20));
        let price = e.check("price", Money::parse_price(&self.price));
        let mut trims = Vec::new();
        for t in self.trim_ids.iter().filter(|t| !t.trim().is_empty()) {
            match t.trim().parse::<i64>() {
                Ok(id) if model_trims.contains(&id) => trims.push(id),
                _ => e.add("trim_ids", "trim-not-of-model"),
            }
        }
        trims.sort_unstable();
        trims.dedup();
        done(e, || {
            let f = OptionFields {
                kind: kind.expect("checked").code().to_string(),
                code: code.expect("checked"),
                name: name.expect("checked"),
                price_fen: price.expect("checked").fen(),
                active: self.active,
            };
            (f, trims)
        })
    }
}
