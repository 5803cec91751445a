//! Parts records: the group's catalogue (`parts`), each store's shelves (`stock`), what repair
//! orders take (`requests`) and what is bought from the maker (`purchases`).

pub mod purchases;
pub mod requests;
pub mod stock;

use crate::codes::Coded;
use crate::error::{ClassifyExt, StorageError, StorageResult};
use crate::paging::{Page, PageRequest};
use crate::schema::{part_stock as st, parts as p};
use crate::users::{escape_like, lower};
use crate::{DbConnection, native};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::service::System;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = p)]
pub struct PartRow {
    pub id: i64,
    pub group_id: i64,
    pub part_no: String,
    pub name: String,
    #[diesel(deserialize_as = Coded<p::system, System>)]
    pub system: System,
    pub list_price_fen: i64,
    pub cost_fen: i64,
    pub fits: String,
    pub superseded_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

/// A part's catalogue fields, as written.
pub struct PartFields<'a> {
    pub part_no: &'a str,
    pub name: &'a str,
    pub system: System,
    pub list_price_fen: i64,
    pub cost_fen: i64,
    pub fits: &'a str,
    pub superseded_by: Option<i64>,
}

pub fn insert(
    conn: &mut DbConnection,
    group_id: i64,
    f: &PartFields<'_>,
    now: NaiveDateTime,
) -> StorageResult<PartRow> {
    native!(conn, c => diesel::insert_into(p::table)
        .values((
            p::group_id.eq(group_id),
            p::part_no.eq(f.part_no),
            p::name.eq(f.name),
            p::system.eq(f.system.code()),
            p::list_price_fen.eq(f.list_price_fen),
            p::cost_fen.eq(f.cost_fen),
            p::fits.eq(f.fits),
            p::superseded_by.eq(f.superseded_by),
            p::created_at.eq(now),
            p::updated_at.eq(now),
        ))
        .returning(PartRow::as_returning())
        .get_result(c))
    .classify()
}

/// Writes `f` over part `row` if it is still at its version (`Stale` otherwise).
pub fn update(
    conn: &mut DbConnection,
    row: &PartRow,
    f: &PartFields<'_>,
    now: NaiveDateTime,
) -> StorageResult<PartRow> {
    native!(conn, c => diesel::update(p::table.find(row.id).filter(p::version.eq(row.version)))
        .set((
            p::part_no.eq(f.part_no),
            p::name.eq(f.name),
            p::system.eq(f.system.code()),
            p::list_price_fen.eq(f.list_price_fen),
            p::cost_fen.eq(f.cost_fen),
            p::fits.eq(f.fits),
            p::superseded_by.eq(f.superseded_by),
            p::updated_at.eq(now),
            p::version.eq(row.version + 1),
        ))
        .returning(PartRow::as_returning())
        .get_result(c))
    .optional()
    .classify()?
    .ok_or(StorageError::Stale)
}

pub fn get(conn: &mut DbConnection, id: i64) -> StorageResult<PartRow> {
    p::table.find(id).select(PartRow::as_select()).first(conn).classify()
}

/// The group's part with this number (upper case), if it has one.
pub fn by_number(conn: &mut DbConnection, group_id: i64, part_no: &str) -> StorageResult<Option<PartRow>> {
    p::table
        .filter(p::group_id.eq(group_id))
        .filter(p::part_no.eq(part_no))
        .select(PartRow::as_select())
        .first(conn)
        .optional()
        .classify()
}

/// A part in the catalogue's list, with what the reader's store holds of it.
#[derive(Debug, Clone)]
pub struct Listed {
    pub part: PartRow,
    pub on_hand: i64,
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// The start of a part number, or a word of its name.
    pub q: Option<String>,
    pub system: Option<System>,
}

/// The group's parts matching `f`, by number, with the store's stock.
pub fn search(
    conn: &mut DbConnection,
    (group, store): (domain::ids::GroupId, domain::ids::StoreId),
    f: &Filter,
    page: PageRequest,
) -> StorageResult<Page<Listed>> {
    let (group_id, store_id) = (group.0, store.0);
    let build = || {
        let mut q = p::table.filter(p::group_id.eq(group_id)).into_boxed();
        if let Some(text) = f.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            // A number's start is a range over the (group, number) index; a name is searched
            // as typed.
            let upper = text.to_uppercase();
            let name = format!("%{}%", escape_like(&text.to_lowercase()));
            q = q.filter(
                p::part_no
                    .ge(upper.clone())
                    .and(p::part_no.lt(format!("{upper}\u{7f}")))
                    .or(lower(p::name).like(name).escape('\\')),
            );
        }
        if let Some(s) = f.system {
            q = q.filter(p::system.eq(s.code()));
        }
        q
    };
    let total = build().count().get_result(conn).classify()?;
    let parts: Vec<PartRow> = build()
        .order(p::part_no)
        .limit(page.per_page)
        .offset(page.offset())
        .select(PartRow::as_select())
        .load(conn)
        .classify()?;
    let ids: Vec<i64> = parts.iter().map(|x| x.id).collect();
    let held: Vec<(i64, i32)> = st::table
        .filter(st::store_id.eq(store_id))
        .filter(st::part_id.eq_any(ids))
        .select((st::part_id, st::on_hand))
        .load(conn)
        .classify()?;
    let items = parts
        .into_iter()
        .map(|part| {
            let on_hand = held.iter().filter(|(id, _)| *id == part.id).map(|(_, n)| i64::from(*n)).sum();
            Listed { part, on_hand }
        })
        .collect();
    Ok(Page { items, total, page: page.page, per_page: page.per_page })
}

/// The parts that replace `id` or that it replaces: (replaced by, replacing it).
pub fn supersessions(conn: &mut DbConnection, row: &PartRow) -> StorageResult<(Option<PartRow>, Vec<PartRow>)> {
    let by = match row.superseded_by {
        Some(id) => Some(get(conn, id)?),
        None => None,
    };
    let older = p::table
        .filter(p::superseded_by.eq(row.id))
        .order(p::part_no)
        .select(PartRow::as_select())
        .load(conn)
        .classify()?;
    Ok((by, older))
}
