//! How the answer types of the API and the pages are declared from storage rows.

/// `view_of!(Name from storage::x::Row { field: Type, ... })`: an answer type with those fields
/// (serialised as they are, times as RFC 3339), converted from the row field by field. The row
/// stays storage's; a column renamed there fails this conversion, not the API.
macro_rules! view_of {
    ($(#[$meta:meta])* $name:ident from $row:path { $($(#[$fmeta:meta])* $field:ident: $ty:ty),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
        pub struct $name {
            $($(#[$fmeta])* pub $field: $ty,)*
        }

        impl From<$row> for $name {
            fn from(r: $row) -> Self {
                Self { $($field: r.$field,)* }
            }
        }
    };
}
pub(crate) use view_of;
