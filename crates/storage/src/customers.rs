//! Customer profiles. The data scope is applied inside every list query; a customer read by key
//! is checked with `Visibility::allows`, the same rule, before it leaves this module.

use crate::error::{ClassifyExt, StorageError, StorageResult};
use crate::native;
use crate::schema::{customer_value_rules, customers, users};
pub use crate::scope::Visibility;
use crate::users::{escape_like, lower};
use crate::{DbConnection, Page, PageRequest};
use chrono::NaiveDateTime;
use diesel::prelude::*;

pub mod vehicles;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = customers)]
pub struct CustomerRow {
    pub id: i64,
    pub store_id: i64,
    #[diesel(deserialize_as = crate::codes::Coded<customers::kind, domain::customer::CustomerKind>)]
    pub kind: domain::customer::CustomerKind,
    pub name: String,
    pub mobile: String,
    pub email: Option<String>,
    pub address: Option<String>,
    pub id_number_enc: Option<String>,
    pub id_number_tail: Option<String>,
    pub id_number_hash: Option<String>,
    pub credit_code: Option<String>,
    pub contact_person: Option<String>,
    pub notes: Option<String>,
    pub owner_id: i64,
    pub created_by: i64,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// Comma-separated, as `domain::customer::parse_tags` leaves them.
    pub tags: String,
    pub pref_colour: String,
    pub pref_configuration: String,
    pub pref_contact_time: String,
    pub marketing_consent: bool,
    pub consent_source: Option<String>,
    pub consent_at: Option<NaiveDateTime>,
    pub anonymised_at: Option<NaiveDateTime>,
}

/// The stored form of a profile: the ID number already encrypted by the app layer.
#[derive(Debug, Clone, AsChangeset, Insertable)]
#[diesel(table_name = customers, treat_none_as_null = true)]
pub struct CustomerFields {
    pub kind: String,
    pub name: String,
    pub mobile: String,
    pub email: Option<String>,
    pub address: Option<String>,
    pub id_number_enc: Option<String>,
    pub id_number_tail: Option<String>,
    pub id_number_hash: Option<String>,
    pub credit_code: Option<String>,
    pub contact_person: Option<String>,
    pub notes: Option<String>,
    pub owner_id: i64,
    pub tags: String,
    pub pref_colour: String,
    pub pref_configuration: String,
    pub pref_contact_time: String,
    pub marketing_consent: bool,
    pub consent_source: Option<String>,
    pub consent_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CustomerSort {
    #[default]
    NewestFirst,
    OldestFirst,
    NameAsc,
    NameDesc,
    UpdatedDesc,
}

impl CustomerSort {
    pub const ALL: [CustomerSort; 5] =
        [Self::NewestFirst, Self::OldestFirst, Self::NameAsc, Self::NameDesc, Self::UpdatedDesc];

    pub fn code(self) -> &'static str {
        match self {
            Self::NewestFirst => "created_desc",
            Self::OldestFirst => "created_asc",
            Self::NameAsc => "name_asc",
            Self::NameDesc => "name_desc",
            Self::UpdatedDesc => "updated_desc",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

#[derive(Debug, Clone, Default)]
pub struct CustomerFilter {
    /// Name (part), mobile (part) or the last 4+ characters of the ID number.
    pub q: Option<String>,
    pub kind: Option<String>,
    pub owner_id: Option<i64>,
    pub created_from: Option<NaiveDateTime>,
    pub created_until: Option<NaiveDateTime>,
    /// One tag, exactly.
    pub tag: Option<String>,
    /// Only those who agreed (or did not agree) to marketing messages.
    pub consent: Option<bool>,
    pub sort: CustomerSort,
}

pub fn insert(
    conn: &mut DbConnection,
    store_id: i64,
    created_by: i64,
    f: &CustomerFields,
    now: NaiveDateTime,
) -> StorageResult<CustomerRow> {
    diesel::insert_into(customers::table)
        .values((
            f,
            customers::store_id.eq(store_id),
            customers::created_by.eq(created_by),
            customers::created_at.eq(now),
            customers::updated_at.eq(now),
        ))
        .returning(customers::all_columns)
        .get_result(conn)
        .classify()
}

pub fn update(
    conn: &mut DbConnection,
    id: i64,
    version: i64,
    f: &CustomerFields,
    now: NaiveDateTime,
) -> StorageResult<CustomerRow> {
    diesel::update(customers::table.filter(customers::id.eq(id)).filter(customers::version.eq(version)))
        .set((f, customers::version.eq(version.saturating_add(1)), customers::updated_at.eq(now)))
        .returning(customers::all_columns)
        .get_result(conn)
        .optional()
        .classify()?
        .ok_or(StorageError::Stale)
}

/// One customer, if visible: `NotFound` for a customer outside the scope (no existence leak).
pub fn get_visible(conn: &mut DbConnection, vis: &Visibility, id: i64) -> StorageResult<CustomerRow> {
    let row: CustomerRow =
        native!(conn, c => customers::table.find(id).select(CustomerRow::as_select()).first(c)).classify()?;
    if vis.allows(domain::ids::StoreId(row.store_id), domain::ids::UserId(row.owner_id)) {
        Ok(row)
    } else {
        Err(StorageError::NotFound)
    }
}

/// The customer of a store with this mobile, whoever owns it (duplicate check).
pub fn find_by_mobile(
    conn: &mut DbConnection,
    store_id: i64,
    mobile: &str,
) -> StorageResult<Option<(i64, String, String)>> {
    customers::table
        .inner_join(users::table.on(users::id.eq(customers::owner_id)))
        .filter(customers::store_id.eq(store_id))
        .filter(customers::mobile.eq(mobile))
        .select((customers::id, customers::name, users::display_name))
        .first(conn)
        .optional()
        .classify()
}

pub fn list(
    conn: &mut DbConnection,
    vis: &Visibility,
    f: &CustomerFilter,
    page: PageRequest,
) -> StorageResult<Page<CustomerRow>> {
    let build = || {
        let mut q =
            crate::scope::restrict!(customers::table.into_boxed(), vis, customers::store_id, customers::owner_id);
        if let Some(text) = f.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
            let pattern = format!("%{}%", escape_like(&text.to_lowercase()));
            let mobile_pattern = format!("%{}%", escape_like(&digits));
            let tail = digits.to_ascii_uppercase();
            let tail = tail.get(tail.len().saturating_sub(4)..).unwrap_or("").to_string();
            q = q.filter(
                lower(customers::name)
                    .like(pattern.clone())
                    .escape('\\')
                    .or(customers::mobile.like(mobile_pattern).escape('\\'))
                    .or(customers::id_number_tail.eq(tail))
                    .or(lower(customers::tags).like(pattern.clone()).escape('\\')),
            );
        }
        if let Some(tag) = f.tag.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            let t = escape_like(tag);
            q = q.filter(
                customers::tags
                    .eq(tag.to_string())
                    .or(customers::tags.like(format!("{t},%")).escape('\\'))
                    .or(customers::tags.like(format!("%,{t}")).escape('\\'))
                    .or(customers::tags.like(format!("%,{t},%")).escape('\\')),
            );
        }
        if let Some(k) = &f.kind {
            q = q.filter(customers::kind.eq(k.clone()));
        }
        if let Some(consent) = f.consent {
            q = q.filter(customers::marketing_consent.eq(consent));
        }
        if let Some(o) = f.owner_id {
            q = q.filter(customers::owner_id.eq(o));
        }
        if let Some(from) = f.created_from {
            q = q.filter(customers::created_at.ge(from));
        }
        if let Some(until) = f.created_until {
            q = q.filter(customers::created_at.lt(until));
        }
        q
    };
    let total = build().count().get_result(conn).classify()?;
    let q = build();
    let q = match f.sort {
        CustomerSort::NewestFirst => q.order((customers::created_at.desc(), customers::id.desc())),
        CustomerSort::OldestFirst => q.order((customers::created_at.asc(), customers::id.asc())),
        CustomerSort::NameAsc => q.order((customers::name.asc(), customers::id.asc())),
        CustomerSort::NameDesc => q.order((customers::name.desc(), customers::id.desc())),
        CustomerSort::UpdatedDesc => q.order((customers::updated_at.desc(), customers::id.desc())),
    };
    let items = q.limit(page.per_page).offset(page.offset()).select(CustomerRow::as_select()).load(conn).classify()?;
    Ok(Page { items, total, page: page.page, per_page: page.per_page })
}

/// Customers of a store whose name or mobile number contains `text` (`digits`: the text without
/// spaces and dashes, for numbers typed in groups), at most `limit`, newest first not guaranteed.
///
/// Three characters or more are looked up in the trigram index of names and numbers (FTS5 on
/// SQLite, pg_trgm on PostgreSQL; migration `customer_search`); fewer have no trigram, and the
/// store's names and numbers are scanned in the covering index `customers_store_name`.
pub fn matching(
    conn: &mut DbConnection,
    store_id: i64,
    text: &str,
    digits: &str,
    limit: i64,
) -> StorageResult<Vec<i64>> {
    #[derive(QueryableByName)]
    struct Id {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        id: i64,
    }
    let ids = |rows: Vec<Id>| rows.into_iter().map(|r| r.id).collect();
    // Punctuation alone ("-") leaves no digits; it must not match every number.
    let digits = if digits.is_empty() { text } else { digits };
    if let DbConnection::Sqlite(c) = &mut *conn {
        if text.chars().count() < 3 {
            // No trigram: a scan. Without letters to fold, a plain substring test; with them,
            // LIKE, which in SQLite ignores the case of ASCII letters as lower() would (lower()
            // itself triples the time of the scan).
            let (test, name, mobile) = if text.bytes().any(|b| b.is_ascii_alphabetic()) {
                let like = |t: &str| format!("%{}%", escape_like(t));
                ("name LIKE ? ESCAPE '\\' OR mobile LIKE ? ESCAPE '\\'", like(text), like(digits))
            } else {
                ("instr(name, ?) OR instr(mobile, ?)", text.to_string(), digits.to_string())
            };
            return diesel::sql_query(format!("SELECT id FROM customers WHERE store_id = ? AND ({test}) LIMIT ?"))
                .bind::<diesel::sql_types::BigInt, _>(store_id)
                .bind::<diesel::sql_types::Text, _>(name)
                .bind::<diesel::sql_types::Text, _>(mobile)
                .bind::<diesel::sql_types::BigInt, _>(limit)
                .load::<Id>(c)
                .map(ids)
                .classify();
        }
        let phrase = |t: &str| format!("\"{}\"", t.replace('"', "\"\""));
        let mut query = phrase(text);
        if digits != text && digits.chars().count() >= 3 {
            query = format!("{query} OR {}", phrase(digits));
        }
        // CROSS JOIN keeps the index look-up first: the other way round, SQLite runs the match
        // once per customer of the store.
        return diesel::sql_query(
            "SELECT c.id AS id FROM customers_search CROSS JOIN customers c ON c.id = customers_search.rowid \
             WHERE customers_search MATCH ? AND c.store_id = ? LIMIT ?",
        )
        .bind::<diesel::sql_types::Text, _>(query)
        .bind::<diesel::sql_types::BigInt, _>(store_id)
        .bind::<diesel::sql_types::BigInt, _>(limit)
        .load::<Id>(c)
        .map(ids)
        .classify();
    }
    let pattern = format!("%{}%", escape_like(&text.to_lowercase()));
    let mobile_pattern = format!("%{}%", escape_like(digits));
    let q = customers::table.filter(customers::store_id.eq(store_id)).select(customers::id).limit(limit);
    let mobile = customers::mobile.like(mobile_pattern).escape('\\');
    if text.chars().count() < 3 && !text.bytes().any(|b| b.is_ascii_alphabetic()) {
        // Nothing to fold, and lower() of every name of the store is most of a scan's time.
        return q.filter(customers::name.like(pattern).escape('\\').or(mobile)).load(conn).classify();
    }
    q.filter(lower(customers::name).like(pattern).escape('\\').or(mobile)).load(conn).classify()
}

pub fn count_in_store(conn: &mut DbConnection, store_id: i64) -> StorageResult<i64> {
    customers::table.filter(customers::store_id.eq(store_id)).count().get_result(conn).classify()
}

/// Customers of a store by id (names for a page of orders, in one query). The store is checked
/// on the rows found by key, not in SQL: given `store_id = ?` too, SQLite may walk the store's
/// index (a quarter of a million entries in the benchmark) instead of looking up twenty keys.
pub fn by_ids(conn: &mut DbConnection, store_id: i64, ids: &[i64]) -> StorageResult<Vec<CustomerRow>> {
    let rows: Vec<CustomerRow> =
        customers::table.filter(customers::id.eq_any(ids)).select(CustomerRow::as_select()).load(conn).classify()?;
    Ok(rows.into_iter().filter(|c| c.store_id == store_id).collect())
}

/// Erases a customer's personal data (PIPL, on their request): the profile keeps its id, store
/// and owner so that orders, contracts and invoices (kept by law, with the buyer as it was when
/// signed) still point at it. `name` and `mobile` are placeholders the caller chooses.
pub fn anonymise(
    conn: &mut DbConnection,
    id: i64,
    version: i64,
    name: &str,
    mobile: &str,
    now: NaiveDateTime,
) -> StorageResult<CustomerRow> {
    diesel::update(customers::table.filter(customers::id.eq(id)).filter(customers::version.eq(version)))
        .set((
            customers::name.eq(name),
            customers::mobile.eq(mobile),
            customers::email.eq(None::<String>),
            customers::address.eq(None::<String>),
            customers::id_number_enc.eq(None::<String>),
            customers::id_number_tail.eq(None::<String>),
            customers::id_number_hash.eq(None::<String>),
            customers::contact_person.eq(None::<String>),
            customers::notes.eq(None::<String>),
            customers::tags.eq(""),
            customers::pref_colour.eq(""),
            customers::pref_configuration.eq(""),
            customers::pref_contact_time.eq("any"),
            customers::marketing_consent.eq(false),
            customers::consent_source.eq(None::<String>),
            customers::consent_at.eq(None::<NaiveDateTime>),
            customers::anonymised_at.eq(Some(now)),
            customers::version.eq(version.saturating_add(1)),
            customers::updated_at.eq(now),
        ))
        .returning(customers::all_columns)
        .get_result(conn)
        .optional()
        .classify()?
        .ok_or(StorageError::Stale)
}

/// A store's value-tier rules that differ from the defaults: `(tier, min purchases, min spend)`.
/// The store's value-tier rules (客户价值等级): its own where set, the defaults for the rest. A
/// stored row that no longer reads (an unknown tier) is left out, its tier's default applies.
pub fn value_rules(conn: &mut DbConnection, store_id: i64) -> StorageResult<Vec<domain::customer::ValueRule>> {
    use domain::customer::{ValueRule, ValueTier};
    let rows: Vec<(String, i32, i64)> = native!(conn, c => customer_value_rules::table
        .filter(customer_value_rules::store_id.eq(store_id))
        .select((customer_value_rules::tier, customer_value_rules::min_purchases, customer_value_rules::min_spend_fen))
        .load(c))
    .classify()?;
    let stored: Vec<ValueRule> = rows
        .into_iter()
        .filter_map(|(tier, purchases, spend)| {
            Some(ValueRule {
                tier: <ValueTier as domain::code::Code>::from_code(&tier)?,
                min_purchases: u32::try_from(purchases).ok()?,
                min_spend: domain::Money::from_fen(spend),
            })
        })
        .collect();
    Ok(domain::customer::value_rules(&stored))
}

pub fn set_value_rule(
    conn: &mut DbConnection,
    store_id: domain::ids::StoreId,
    rule: (&str, i32, i64),
    by: domain::ids::UserId,
    now: NaiveDateTime,
) -> StorageResult<()> {
    use customer_value_rules as r;
    let (tier, purchases, spend) = rule;
    native!(conn, c => diesel::insert_into(r::table)
        .values((
            r::store_id.eq(store_id),
            r::tier.eq(tier),
            r::min_purchases.eq(purchases),
            r::min_spend_fen.eq(spend),
            r::updated_by.eq(by),
            r::updated_at.eq(now),
        ))
        .on_conflict((r::store_id, r::tier))
        .do_update()
        .set((r::min_purchases.eq(purchases), r::min_spend_fen.eq(spend), r::updated_by.eq(by), r::updated_at.eq(now)))
        .execute(c))
    .classify()
    .map(|_| ())
}

/// Holds the customer's row against anonymisation until the transaction ends (PostgreSQL; SQLite
/// has one writer): an order or a lead made for them and their erasure never both happen.
pub fn hold(conn: &mut DbConnection, id: i64) -> StorageResult<()> {
    if let DbConnection::Postgres(c) = conn {
        customers::table.find(id).select(customers::id).for_share().first::<i64>(c).optional().classify()?;
    }
    Ok(())
}
