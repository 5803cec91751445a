//! The vehicle catalogue: brands, models, trims, colours, options and accessories.

use serde::{Deserialize, Serialize};

/// Fuel type decides the purchase-tax treatment: new-energy vehicles on the exemption catalogue get
/// the dated relief of DOMAIN.md §3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FuelType {
    Petrol,
    Diesel,
    Hybrid,
    PluginHybrid,
    Electric,
}

impl FuelType {
    pub const ALL: [FuelType; 5] = [Self::Petrol, Self::Diesel, Self::Hybrid, Self::PluginHybrid, Self::Electric];

    pub fn code(self) -> &'static str {
        match self {
            Self::Petrol => "petrol",
            Self::Diesel => "diesel",
            Self::Hybrid => "hybrid",
            Self::PluginHybrid => "plugin_hybrid",
            Self::Electric => "electric",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }

    /// Plug-in hybrids and battery-electric cars are new-energy vehicles (NEV); plain hybrids are not.
    pub fn is_new_energy(self) -> bool {
        matches!(self, Self::PluginHybrid | Self::Electric)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColourKind {
    Exterior,
    Interior,
}

impl ColourKind {
    pub fn code(self) -> &'static str {
        match self {
            Self::Exterior => "exterior",
            Self::Interior => "interior",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "exterior" => Some(Self::Exterior),
            "interior" => Some(Self::Interior),
            _ => None,
        }
    }
}

/// Factory options are fitted before delivery; accessories are sold and fitted by the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OptionKind {
    Option,
    Accessory,
}

impl OptionKind {
    pub fn code(self) -> &'static str {
        match self {
            Self::Option => "option",
            Self::Accessory => "accessory",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "option" => Some(Self::Option),
            "accessory" => Some(Self::Accessory),
            _ => None,
        }
    }
}

crate::codes!(FuelType => "fuel type");
