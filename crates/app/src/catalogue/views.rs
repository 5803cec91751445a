//! The catalogue as the API and the pages show it.

use chrono::NaiveDateTime;

crate::kernel::view::view_of!(
    /// A brand of the group's catalogue.
    Brand from storage::catalogue::BrandRow {
        id: i64,
        group_id: i64,
        name: String,
        name_en: Option<String>,
        active: bool,
        version: i64,
        #[serde(serialize_with = "crate::kernel::json::rfc3339")]
        created_at: NaiveDateTime,
        #[serde(serialize_with = "crate::kernel::json::rfc3339")]
        updated_at: NaiveDateTime,
    }
);

crate::kernel::view::view_of!(
    /// A model of a brand.
    Model from storage::catalogue::ModelRow {
        id: i64,
        group_id: i64,
        brand_id: i64,
        name: String,
        body_type: Option<String>,
        active: bool,
        version: i64,
        #[serde(serialize_with = "crate::kernel::json::rfc3339")]
        created_at: NaiveDateTime,
        #[serde(serialize_with = "crate::kernel::json::rfc3339")]
        updated_at: NaiveDateTime,
    }
);

crate::kernel::view::view_of!(
    /// A trim (configuration) of a model with its prices; the floor price only for `pricing_view`.
    Trim from storage::catalogue::TrimRow {
        id: i64,
        group_id: i64,
        model_id: i64,
        name: String,
        model_year: i32,
        msrp_fen: i64,
        floor_price_fen: Option<i64>,
        /// petrol | diesel | hybrid | plugin_hybrid | electric
        #[schema(value_type = String)]
        fuel_type: domain::catalogue::FuelType,
        nev_catalogue: bool,
        seats: i32,
        active: bool,
        version: i64,
        #[serde(serialize_with = "crate::kernel::json::rfc3339")]
        created_at: NaiveDateTime,
        #[serde(serialize_with = "crate::kernel::json::rfc3339")]
        updated_at: NaiveDateTime,
    }
);

crate::kernel::view::view_of!(
    /// An exterior or interior colour of a model.
    Colour from storage::catalogue::ColourRow {
        id: i64,
        group_id: i64,
        model_id: i64,
        kind: String,
        name: String,
        code: Option<String>,
        extra_price_fen: i64,
        active: bool,
        version: i64,
        #[serde(serialize_with = "crate::kernel::json::rfc3339")]
        created_at: NaiveDateTime,
        #[serde(serialize_with = "crate::kernel::json::rfc3339")]
        updated_at: NaiveDateTime,
    }
);

crate::kernel::view::view_of!(
    /// A factory option or a dealer accessory of a model.
    CatalogueOption from storage::catalogue::OptionRow {
        id: i64,
        group_id: i64,
        model_id: i64,
        kind: String,
        code: Option<String>,
        name: String,
        price_fen: i64,
        active: bool,
        version: i64,
        #[serde(serialize_with = "crate::kernel::json::rfc3339")]
        created_at: NaiveDateTime,
        #[serde(serialize_with = "crate::kernel::json::rfc3339")]
        updated_at: NaiveDateTime,
    }
);
