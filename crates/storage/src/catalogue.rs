//! The vehicle catalogue of a dealer group.

use crate::DbConnection;
use crate::error::{ClassifyExt, StorageError, StorageResult};
use crate::native;
use crate::schema::{brands, catalogue_options, colours, option_trims, trims, vehicle_models};
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = brands)]
pub struct BrandRow {
    pub id: i64,
    pub group_id: i64,
    pub name: String,
    pub name_en: Option<String>,
    pub active: bool,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, AsChangeset, Insertable)]
#[diesel(table_name = brands, treat_none_as_null = true)]
pub struct BrandFields {
    pub name: String,
    pub name_en: Option<String>,
    pub active: bool,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = vehicle_models)]
pub struct ModelRow {
    pub id: i64,
    pub group_id: i64,
    pub brand_id: i64,
    pub name: String,
    pub body_type: Option<String>,
    pub active: bool,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, AsChangeset, Insertable)]
#[diesel(table_name = vehicle_models, treat_none_as_null = true)]
pub struct ModelFields {
    pub name: String,
    pub body_type: Option<String>,
    pub active: bool,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = trims)]
pub struct TrimRow {
    pub id: i64,
    pub group_id: i64,
    pub model_id: i64,
    pub name: String,
    pub model_year: i32,
    pub msrp_fen: i64,
    pub floor_price_fen: Option<i64>,
    #[diesel(deserialize_as = crate::codes::Coded<trims::fuel_type, domain::catalogue::FuelType>)]
    pub fuel_type: domain::catalogue::FuelType,
    pub nev_catalogue: bool,
    pub seats: i32,
    pub active: bool,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, AsChangeset, Insertable)]
#[diesel(table_name = trims, treat_none_as_null = true)]
pub struct TrimFields {
    pub name: String,
    pub model_year: i32,
    pub msrp_fen: i64,
    pub floor_price_fen: Option<i64>,
    pub fuel_type: String,
    pub nev_catalogue: bool,
    pub seats: i32,
    pub active: bool,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = colours)]
pub struct ColourRow {
    pub id: i64,
    pub group_id: i64,
    pub model_id: i64,
    pub kind: String,
    pub name: String,
    pub code: Option<String>,
    pub extra_price_fen: i64,
    pub active: bool,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, AsChangeset, Insertable)]
#[diesel(table_name = colours, treat_none_as_null = true)]
pub struct ColourFields {
    pub kind: String,
    pub name: String,
    pub code: Option<String>,
    pub extra_price_fen: i64,
    pub active: bool,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = catalogue_options)]
pub struct OptionRow {
    pub id: i64,
    pub group_id: i64,
    pub model_id: i64,
    pub kind: String,
    pub code: Option<String>,
    pub name: String,
    pub price_fen: i64,
    pub active: bool,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, AsChangeset, Insertable)]
#[diesel(table_name = catalogue_options, treat_none_as_null = true)]
pub struct OptionFields {
    pub kind: String,
    pub code: Option<String>,
    pub name: String,
    pub price_fen: i64,
    pub active: bool,
}

/// Generates insert / update / get for one catalogue table whose rows carry `group_id`.
macro_rules! catalogue_table {
    ($table:ident, $row:ty, $fields:ty, $insert:ident, $update:ident, $get:ident $(, $parent:ident)?) => {
        pub fn $insert(
            conn: &mut DbConnection,
            group_id: i64,
            $($parent: i64,)?
            f: &$fields,
            now: NaiveDateTime,
        ) -> StorageResult<$row> {
            diesel::insert_into($table::table)
                .values((
                    f,
                    $table::group_id.eq(group_id),
                    $($table::$parent.eq($parent),)?
                    $table::created_at.eq(now),
                    $table::updated_at.eq(now),
                ))
                .returning($table::all_columns)
                .get_result(conn)
                .classify()
        }

        pub fn $update(conn: &mut DbConnection, group_id: i64, id: i64, version: i64, f: &$fields, now: NaiveDateTime) -> StorageResult<$row> {
            diesel::update(
                $table::table
                    .filter($table::id.eq(id))
                    .filter($table::group_id.eq(group_id))
                    .filter($table::version.eq(version)),
            )
            .set((f, $table::version.eq(version.saturating_add(1)), $table::updated_at.eq(now)))
            .returning($table::all_columns)
            .get_result(conn)
            .optional()
            .classify()?
            .ok_or(StorageError::Stale)
        }

        /// One row of the group; `NotFound` for another group's row.
        pub fn $get(conn: &mut DbConnection, group_id: i64, id: i64) -> StorageResult<$row> {
            native!(conn, c => $table::table
                .filter($table::id.eq(id))
                .filter($table::group_id.eq(group_id))
                .select(<$row>::as_select())
                .first(c))
            .classify()
        }
    };
}

catalogue_table!(brands, BrandRow, BrandFields, insert_brand, update_brand, get_brand);
catalogue_table!(vehicle_models, ModelRow, ModelFields, insert_model, update_model, get_model, brand_id);
catalogue_table!(trims, TrimRow, TrimFields, insert_trim, update_trim, get_trim, model_id);
catalogue_table!(colours, ColourRow, ColourFields, insert_colour, update_colour, get_colour, model_id);
catalogue_table!(catalogue_options, OptionRow, OptionFields, insert_option, update_option, get_option, model_id);

pub fn list_brands(conn: &mut DbConnection, group_id: i64) -> StorageResult<Vec<BrandRow>> {
    brands::table
        .filter(brands::group_id.eq(group_id))
        .order(brands::name)
        .select(BrandRow::as_select())
        .load(conn)
        .classify()
}

/// Models of the group, optionally of one brand, by brand and name.
pub fn list_models(conn: &mut DbConnection, group_id: i64, brand_id: Option<i64>) -> StorageResult<Vec<ModelRow>> {
    let mut q = vehicle_models::table.filter(vehicle_models::group_id.eq(group_id)).into_boxed();
    if let Some(b) = brand_id {
        q = q.filter(vehicle_models::brand_id.eq(b));
    }
    q.order((vehicle_models::brand_id, vehicle_models::name)).select(ModelRow::as_select()).load(conn).classify()
}

/// Trim `id` if it is the group's.
pub fn trim_of_group(conn: &mut DbConnection, group: domain::ids::GroupId, id: i64) -> StorageResult<Option<TrimRow>> {
    trims::table
        .filter(trims::id.eq(id))
        .filter(trims::group_id.eq(group.0))
        .select(TrimRow::as_select())
        .first(conn)
        .optional()
        .classify()
}

pub fn list_trims(conn: &mut DbConnection, group_id: i64, model_ids: &[i64]) -> StorageResult<Vec<TrimRow>> {
    trims::table
        .filter(trims::group_id.eq(group_id))
        .filter(trims::model_id.eq_any(model_ids))
        .order((trims::model_id, trims::model_year.desc(), trims::msrp_fen))
        .select(TrimRow::as_select())
        .load(conn)
        .classify()
}

pub fn list_colours(
    conn: &mut DbConnection,
    group_id: domain::ids::GroupId,
    model_id: domain::ids::ModelId,
) -> StorageResult<Vec<ColourRow>> {
    colours::table
        .filter(colours::group_id.eq(group_id))
        .filter(colours::model_id.eq(model_id))
        .order((colours::kind, colours::name))
        .select(ColourRow::as_select())
        .load(conn)
        .classify()
}

pub fn list_options(
    conn: &mut DbConnection,
    group_id: domain::ids::GroupId,
    model_id: domain::ids::ModelId,
) -> StorageResult<Vec<OptionRow>> {
    catalogue_options::table
        .filter(catalogue_options::group_id.eq(group_id))
        .filter(catalogue_options::model_id.eq(model_id))
        .order((catalogue_options::kind.desc(), catalogue_options::name))
        .select(OptionRow::as_select())
        .load(conn)
        .classify()
}

/// (option id, trim id) fitment pairs of a model's options.
pub fn list_fitments(conn: &mut DbConnection, option_ids: &[i64]) -> StorageResult<Vec<(i64, i64)>> {
    option_trims::table
        .filter(option_trims::option_id.eq_any(option_ids))
        .select((option_trims::option_id, option_trims::trim_id))
        .load(conn)
        .classify()
}

/// Replaces the trims an option fits.
pub fn set_fitments(conn: &mut DbConnection, option_id: i64, trim_ids: &[i64]) -> StorageResult<()> {
    diesel::delete(option_trims::table.filter(option_trims::option_id.eq(option_id))).execute(conn).classify()?;
    // Row by row: batch inserts are not available over Diesel's multi-backend connection.
    for t in trim_ids {
        diesel::insert_into(option_trims::table)
            .values((option_trims::option_id.eq(option_id), option_trims::trim_id.eq(*t)))
            .execute(conn)
            .classify()?;
    }
    Ok(())
}

pub fn count_trims(conn: &mut DbConnection, group_id: i64) -> StorageResult<i64> {
    trims::table.filter(trims::group_id.eq(group_id)).count().get_result(conn).classify()
}

/// The names of an exterior and an interior colour of the group (`None` for none or unknown).
pub fn colour_names(
    conn: &mut DbConnection,
    group_id: i64,
    (exterior, interior): (Option<i64>, Option<i64>),
) -> (Option<String>, Option<String>) {
    let mut name = |id: Option<i64>| id.and_then(|i| get_colour(conn, group_id, i).ok()).map(|c| c.name);
    (name(exterior), name(interior))
}
