use diesel::result::{DatabaseErrorKind, Error as DieselError};

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("record not found")]
    NotFound,
    /// A unique constraint refused the write; the caller names the domain conflict. The text is
    /// the database's own description (constraint or columns), for callers guarded by two.
    #[error("unique constraint violated")]
    Duplicate(String),
    /// The row changed since it was read (optimistic locking on the version column).
    #[error("the record was changed by someone else")]
    Stale,
    #[error("database error: {0}")]
    Database(#[from] DieselError),
    /// A row holds what the application never writes (an impossible approval level...).
    #[error("corrupt row: {0}")]
    Corrupt(String),
    #[error("connection pool: {0}")]
    Pool(#[from] r2d2::Error),
    #[error("migration failed: {0}")]
    Migration(String),
    #[error("{0}")]
    Setup(String),
    /// The transaction holding the write (shared with others, see `Db::write`) did not commit.
    #[error("commit failed: {0}")]
    Commit(String),
}

pub type StorageResult<T> = Result<T, StorageError>;

impl StorageError {
    /// Whether this is a unique violation of the constraint or columns named by `what` (a
    /// PostgreSQL index name or a SQLite column name such as `id_number_hash`).
    pub fn is_duplicate_of(&self, what: &str) -> bool {
        matches!(self, Self::Duplicate(d) if d.contains(what))
    }

    /// Classify a Diesel error: unique violations become `Duplicate`, missing rows `NotFound`.
    pub fn from_diesel(e: DieselError) -> Self {
        match e {
            DieselError::NotFound => Self::NotFound,
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                // PostgreSQL names the constraint; SQLite names the columns in its message.
                Self::Duplicate(info.constraint_name().map_or_else(|| info.message().to_string(), str::to_string))
            }
            other => Self::Database(other),
        }
    }
}

/// `?` on a Diesel result inside repositories classifies the error.
pub(crate) trait ClassifyExt<T> {
    fn classify(self) -> StorageResult<T>;
}

impl<T> ClassifyExt<T> for Result<T, DieselError> {
    fn classify(self) -> StorageResult<T> {
        self.map_err(StorageError::from_diesel)
    }
}
