//! Domain enumerations read from text columns, typed at the boundary: a row that holds a code the
//! enumeration does not know fails with an error that names the column and the value
//! (`unknown order status "bogus" in orders.status`), never a default.
//!
//! A row struct's field has the domain type and reads through [`Coded`]:
//! `#[diesel(deserialize_as = Coded<orders::status, Status>)] pub status: Status`.

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql};
use diesel::sql_types::Text;
use domain::Code;
use std::marker::PhantomData;

/// The text of column `C`, to be read as the enumeration `T`.
#[derive(diesel::deserialize::FromSqlRow)]
pub struct Coded<C, T>(String, PhantomData<fn() -> (C, T)>);

impl<C, T, DB: Backend> FromSql<Text, DB> for Coded<C, T>
where
    String: FromSql<Text, DB>,
{
    fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
        Ok(Self(String::from_sql(bytes)?, PhantomData))
    }
}

impl<C, T: Code> Coded<C, T> {
    /// What Diesel's `Queryable` derive calls to build the field (`deserialize_as`).
    pub fn try_into(self) -> Result<T, UnknownCode> {
        T::from_code(&self.0).ok_or_else(|| UnknownCode { kind: T::KIND, column: column_name::<C>(), value: self.0 })
    }
}

/// The text of nullable column `C`, to be read as an optional `T`.
#[derive(diesel::deserialize::FromSqlRow)]
pub struct CodedOption<C, T>(Option<String>, PhantomData<fn() -> (C, T)>);

impl<C, T, DB: Backend> FromSql<diesel::sql_types::Nullable<Text>, DB> for CodedOption<C, T>
where
    Option<String>: FromSql<diesel::sql_types::Nullable<Text>, DB>,
{
    fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
        Ok(Self(Option::<String>::from_sql(bytes)?, PhantomData))
    }

    fn from_nullable_sql(bytes: Option<DB::RawValue<'_>>) -> deserialize::Result<Self> {
        Ok(Self(Option::<String>::from_nullable_sql(bytes)?, PhantomData))
    }
}

impl<C, T: Code> CodedOption<C, T> {
    pub fn try_into(self) -> Result<Option<T>, UnknownCode> {
        self.0.map(|v| Coded::<C, T>(v, PhantomData).try_into()).transpose()
    }
}

/// A stored code that the enumeration does not have.
#[derive(Debug, thiserror::Error)]
#[error("unknown {kind} {value:?} in {column}")]
pub struct UnknownCode {
    pub kind: &'static str,
    pub column: String,
    pub value: String,
}

/// `orders.status` for the column type `storage::schema::orders::columns::status`.
fn column_name<C>() -> String {
    let path: Vec<&str> = std::any::type_name::<C>().split("::").filter(|p| *p != "columns").collect();
    path[path.len().saturating_sub(2)..].join(".")
}

/// `value`, read from column `C` as `T` (for values selected outside a row struct).
pub fn decode<C, T: Code>(value: String) -> crate::StorageResult<T> {
    Coded::<C, T>(value, PhantomData).try_into().map_err(|e| crate::StorageError::Corrupt(e.to_string()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_column_is_named_by_its_table_and_name() {
        assert_eq!(super::column_name::<crate::schema::orders::status>(), "orders.status");
    }
}
