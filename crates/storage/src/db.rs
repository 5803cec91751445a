use crate::error::{StorageError, StorageResult};
use diesel::connection::{SimpleConnection, TransactionManager};
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool, PooledConnection};
use diesel::{Connection, PgConnection, RunQueryDsl, SqliteConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
use std::time::Duration;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// One connection type over both databases; the variant is chosen by the URL.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Sqlite(SqliteConnection),
    Postgres(PgConnection),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs a statement on the connection's own backend instead of through `MultiConnection`, whose
/// generic path renders the whole SQL text on every execution even when the prepared statement
/// is cached (a tenth of the server's CPU under load). For the statements of every request:
/// `native!(conn, c => query.first(c))`; the body is compiled once per backend.
#[macro_export]
macro_rules! native {
    ($conn:expr, $c:ident => $body:expr) => {
        match $conn {
            $crate::DbConnection::Sqlite($c) => $body,
            $crate::DbConnection::Postgres($c) => $body,
        }
    };
}

/// Per-connection SQLite settings, applied when the pool or the writer opens a connection.
///
/// Readers map the database file (`mmap_size`) instead of copying pages through `read()`: each
/// write by another connection empties a connection's page cache, so a reader reads most pages
/// of a request afresh. Checkpoints run in the background ([`checkpoints`]), not in the commit of
/// whichever request crosses the threshold.
const SQLITE_SETUP: &str = "PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
     PRAGMA foreign_keys = ON; PRAGMA mmap_size = 1073741824; \
     PRAGMA wal_autocheckpoint = 0;";

#[derive(Debug)]
struct ConnectionSetup;

impl CustomizeConnection<DbConnection, diesel::r2d2::Error> for ConnectionSetup {
    fn on_acquire(&self, conn: &mut DbConnection) -> Result<(), diesel::r2d2::Error> {
        if let DbConnection::Sqlite(c) = conn {
            c.batch_execute(SQLITE_SETUP).map_err(diesel::r2d2::Error::QueryError)?;
        }
        Ok(())
    }
}

/// A connection outside the pool; `extra` pragmas after the common ones.
fn open_sqlite(path: &str, extra: &str) -> StorageResult<DbConnection> {
    let mut c = SqliteConnection::establish(path).map_err(|e| StorageError::Setup(format!("{path}: {e}")))?;
    c.batch_execute(SQLITE_SETUP).map_err(StorageError::from_diesel)?;
    c.batch_execute(extra).map_err(StorageError::from_diesel)?;
    Ok(DbConnection::Sqlite(c))
}

/// The writer keeps 64 MB of pages (readers the default 2 MB: their cache empties on every write),
/// and the journal of each write's savepoint in memory: in a temporary file it cost a file created,
/// written and deleted per transaction (five times the writes the log itself needs).
const WRITER_SETUP: &str = "PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;";

/// SQLite's one writer: a thread of its own with its own connection, and group commit.
///
/// Each write's closure runs on the writer's thread (`rayon_core::ThreadPool::install` with one
/// thread: the caller blocks until its closure has run there, so the closure may borrow from the
/// caller). Every write thus runs on the same thread, with a connection whose page cache stays
/// warm because no other connection writes, and with the thread's own warm memory; before, each
/// ran on its request's thread and the lock passed from thread to thread (server CPU per request
/// 194–236 → 132 µs, flows at 32 clients +50 %). Each write runs in a savepoint of a shared
/// transaction: a write that finds others queued behind it leaves the transaction open for them
/// and its caller waits; the last of the group (or the [`Writer::GROUP`]th) commits for all and
/// wakes them. Under load one commit (its WAL frames, its locks) serves many requests; alone, a
/// write commits at once. A write that fails or panics is rolled back to its savepoint and
/// leaves the others intact; a commit that fails fails every write of the group, none of which
/// has answered yet.
struct Writer {
    path: String,
    /// The writer's thread.
    thread: rayon_core::ThreadPool,
    /// Locked by the writer's thread, and by the checkpoints between groups.
    state: std::sync::Mutex<WriterState>,
    /// Writes waiting for the writer's thread: while there are any, the group stays open.
    queued: std::sync::atomic::AtomicUsize,
}

struct WriterState {
    conn: DbConnection,
    /// The open transaction and how many writes it holds.
    group: Option<(std::sync::Arc<Group>, usize)>,
}

/// A transaction shared by several writes, and its outcome once committed or rolled back.
#[derive(Default)]
struct Group {
    outcome: std::sync::Mutex<Option<Result<(), String>>>,
    done: std::sync::Condvar,
}

impl Group {
    fn finish(&self, outcome: Result<(), String>) {
        *self.outcome.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(outcome);
        self.done.notify_all();
    }

    fn wait(&self) -> Result<(), String> {
        let mut outcome = self.outcome.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        loop {
            if let Some(o) = outcome.as_ref() {
                return o.clone();
            }
            outcome = self.done.wait(outcome).unwrap_or_else(std::sync::PoisonError::into_inner);
        }
    }
}

/// A statement of fixed text that Diesel prepares once per connection (its transaction manager runs
/// savepoints through `batch_execute`, which parses them again on every write).
#[derive(Debug, Clone, Copy)]
struct Fixed(&'static str);

impl diesel::query_builder::QueryId for Fixed {
    type QueryId = ();
    // Keyed by the SQL text.
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl diesel::query_builder::QueryFragment<diesel::sqlite::Sqlite> for Fixed {
    fn walk_ast<'b>(
        &'b self,
        mut out: diesel::query_builder::AstPass<'_, 'b, diesel::sqlite::Sqlite>,
    ) -> diesel::QueryResult<()> {
        out.push_sql(self.0);
        Ok(())
    }
}

impl diesel::RunQueryDsl<SqliteConnection> for Fixed {}

type Tm = <DbConnection as Connection>::TransactionManager;

impl Writer {
    /// Writes per transaction at most: bounds how long the first of a group waits for its answer.
    const GROUP: usize = 32;

    fn open(path: &str) -> StorageResult<Self> {
        let thread = rayon_core::ThreadPoolBuilder::new()
            .num_threads(1)
            .thread_name(|_| "sqlite-writer".into())
            .build()
            .map_err(|e| StorageError::Setup(format!("could not start the writer's thread: {e}")))?;
        Ok(Self {
            path: path.to_string(),
            thread,
            state: std::sync::Mutex::new(WriterState { conn: open_sqlite(path, WRITER_SETUP)?, group: None }),
            queued: std::sync::atomic::AtomicUsize::new(0),
        })
    }

    fn lock(&self) -> StorageResult<std::sync::MutexGuard<'_, WriterState>> {
        match self.state.lock() {
            Ok(guard) => Ok(guard),
            // The writer panicked outside a write (writes' panics are caught): the connection may
            // be in any state, so it is replaced by a new one; SQLite rolls back what the old one
            // did not commit, and the writes waiting on that transaction are told so.
            Err(poisoned) => {
                let mut guard = poisoned.into_inner();
                if let Some((group, _)) = guard.group.take() {
                    group.finish(Err("the writer failed; the transaction was rolled back".into()));
                }
                guard.conn = open_sqlite(&self.path, WRITER_SETUP)?;
                self.state.clear_poison();
                Ok(guard)
            }
        }
    }

    fn write<T, E>(&self, f: impl FnOnce(&mut DbConnection) -> Result<T, E> + Send) -> Result<T, E>
    where
        T: Send,
        E: From<StorageError> + Send,
    {
        use std::sync::atomic::Ordering::SeqCst;
        self.queued.fetch_add(1, SeqCst);
        // The request's span (its request id) follows the write onto the writer's thread.
        let span = tracing::Span::current();
        let (result, group) = self.thread.install(|| {
            self.queued.fetch_sub(1, SeqCst);
            span.in_scope(|| self.run(f))
        })?;
        let outcome = group.wait();
        match result {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(Err(e)) => Err(e),
            Ok(Ok(value)) => outcome.map(|()| value).map_err(|e| E::from(StorageError::Commit(e))),
        }
    }

    /// Runs one write on the writer's thread: in a savepoint of the group's transaction, which
    /// it commits if no other write is waiting. Returns the write's result and its group.
    #[allow(clippy::type_complexity)] // the closure's result, or its panic, and the group's outcome
    fn run<T, E>(
        &self,
        f: impl FnOnce(&mut DbConnection) -> Result<T, E>,
    ) -> Result<(std::thread::Result<Result<T, E>>, std::sync::Arc<Group>), E>
    where
        E: From<StorageError>,
    {
        use std::sync::atomic::Ordering::SeqCst;
        let mut state = self.lock()?;
        let st = &mut *state;
        if st.group.is_none() {
            let DbConnection::Sqlite(c) = &mut st.conn else { unreachable!("the writer is SQLite") };
            diesel::connection::AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")
                .map_err(|e| E::from(StorageError::from_diesel(e)))?;
            st.group = Some((std::sync::Arc::default(), 0));
        }
        let DbConnection::Sqlite(c) = &mut st.conn else { unreachable!("the writer is SQLite") };
        let result = match Fixed("SAVEPOINT write").execute(c) {
            Ok(_) => std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&mut st.conn))),
            Err(e) => Ok(Err(E::from(StorageError::from_diesel(e)))),
        };
        let DbConnection::Sqlite(c) = &mut st.conn else { unreachable!("the writer is SQLite") };
        let ended = if matches!(result, Ok(Ok(_))) {
            Fixed("RELEASE write").execute(c)
        } else {
            Fixed("ROLLBACK TO write").execute(c).and_then(|_| Fixed("RELEASE write").execute(c))
        };
        let Some((group, writes)) = st.group.as_mut() else { unreachable!("a group is open") };
        *writes += 1;
        let group = group.clone();
        if ended.is_err() || *writes >= Self::GROUP || self.queued.load(SeqCst) == 0 {
            // Commit (or, if this write's savepoint could not be closed, roll back) for the group.
            let outcome = match ended {
                Ok(_) => Tm::commit_transaction(&mut st.conn).map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            };
            if outcome.is_err()
                && !matches!(Tm::transaction_manager_status_mut(&mut st.conn).transaction_depth(), Ok(None))
                && let Err(rollback) = Tm::rollback_transaction(&mut st.conn)
            {
                // SQLite may have rolled back on its own (a full disk): start over on a new
                // connection rather than keep one whose transaction state is unknown.
                tracing::error!(error = %rollback, "rollback failed; reopening the writer's connection");
                match open_sqlite(&self.path, WRITER_SETUP) {
                    Ok(conn) => st.conn = conn,
                    Err(e) => tracing::error!(error = %e, "could not reopen the writer's connection"),
                }
            }
            st.group = None;
            drop(state);
            group.finish(outcome);
        }
        Ok((result, group))
    }

    /// Copies the whole log into the database and empties it, waiting for the group in flight:
    /// after an erasure, the log keeps no page with the erased values.
    fn truncate_log(&self) -> StorageResult<()> {
        let mut state = self.lock()?;
        state.conn.batch_execute("PRAGMA wal_checkpoint(TRUNCATE);").map_err(StorageError::from_diesel)
    }

    /// Copies the log's last frames into the database, between groups. A log grown past
    /// `LONG_LOG` (another process's bulk load: the server's own writes restart it) is also
    /// emptied: until the next write restarts it, every read would look its pages up there.
    fn checkpoint(&self) -> StorageResult<()> {
        let mut state = self.lock()?;
        if state.group.is_some() {
            return Ok(());
        }
        let wal = std::fs::metadata(format!("{}-wal", self.path)).map_or(0, |m| m.len());
        let mode = if wal > LONG_LOG { "TRUNCATE" } else { "PASSIVE" };
        state.conn.batch_execute(&format!("PRAGMA wal_checkpoint({mode});")).map_err(StorageError::from_diesel)
    }
}

/// The size of write-ahead log that the checkpoints empty rather than leave to the next write.
const LONG_LOG: u64 = 64 * 1024 * 1024;

/// Copies the write-ahead log into the database file every `every`, while the database is open,
/// so that no request waits for a checkpoint and the log stays short. Each round first copies
/// in the background (passive: blocks nobody), then, holding the writer for the moment it takes,
/// copies the few frames committed meanwhile: a log copied completely is started over by the next
/// write instead of growing for as long as writes keep coming.
fn checkpoints(path: String, writer: std::sync::Weak<Writer>, every: Duration) {
    let spawned = std::thread::Builder::new().name("sqlite-checkpoint".into()).spawn(move || {
        let mut conn = None;
        loop {
            std::thread::sleep(every);
            let Some(writer) = writer.upgrade() else { return };
            if conn.is_none() {
                conn = open_sqlite(&path, "").ok();
            }
            let bulk = conn.as_mut().map(|c| c.batch_execute("PRAGMA wal_checkpoint(PASSIVE);"));
            let top_up = writer.checkpoint();
            if let Some(Err(e)) = bulk {
                tracing::warn!(error = %e, "WAL checkpoint failed");
                conn = None;
            }
            if let Err(e) = top_up {
                tracing::warn!(error = %e, "WAL checkpoint failed");
            }
        }
    });
    if let Err(e) = spawned {
        tracing::error!(error = %e, "could not start the WAL checkpoint thread");
    }
}

/// Logs each statement with whether it had to be prepared (`AUTODMS_LOG_SQL=1`).
struct SqlLog;

impl diesel::connection::Instrumentation for SqlLog {
    fn on_connection_event(&mut self, event: diesel::connection::InstrumentationEvent<'_>) {
        match event {
            diesel::connection::InstrumentationEvent::StartQuery { query, .. } => {
                tracing::info!(target: "autodms::sql", "{query}");
            }
            diesel::connection::InstrumentationEvent::CacheQuery { sql, .. } => {
                tracing::info!(target: "autodms::sql", "prepared and cached: {sql}");
            }
            _ => {}
        }
    }
}

/// The connection pool and the backend it talks to.
#[derive(Clone)]
pub struct Db {
    pool: Pool<ConnectionManager<DbConnection>>,
    backend: Backend,
    /// SQLite only: the one connection that writes.
    writer: Option<std::sync::Arc<Writer>>,
}

impl Db {
    /// Opens `sqlite://path`, `sqlite::memory:` is not supported (each pooled connection would be
    /// a different database), or `postgres://...`, and runs pending migrations.
    pub fn open(url: &str, pool_size: u32) -> StorageResult<Self> {
        let (backend, conn_url) = if let Some(path) = url.strip_prefix("sqlite://") {
            if let Some(parent) = std::path::Path::new(path).parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)
                    .map_err(|e| StorageError::Setup(format!("{}: {e}", parent.display())))?;
            }
            (Backend::Sqlite, path.to_string())
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            (Backend::Postgres, url.to_string())
        } else {
            return Err(StorageError::Setup(format!(
                "unsupported database URL (use sqlite://PATH or postgres://...): {}",
                redact(url)
            )));
        };
        if std::env::var_os("AUTODMS_LOG_SQL").is_some() {
            // Every statement at debug level (target `autodms::sql`), for finding slow paths.
            diesel::connection::set_default_instrumentation(|| Some(Box::new(SqlLog)))
                .map_err(StorageError::from_diesel)?;
        }
        if backend == Backend::Sqlite {
            // A new file is switched to WAL once, here: the pool opens its connections at the same
            // time, and the switch needs the file to itself (the others would fail it, logged).
            drop(open_sqlite(&conn_url, "")?);
        }
        let manager = ConnectionManager::<DbConnection>::new(&conn_url);
        let pool = Pool::builder()
            .max_size(pool_size)
            // A PostgreSQL connection can die with its server and is checked (`SELECT 1`) before
            // each use; a SQLite connection is a file handle that cannot, and the check would be a
            // tenth of the statements of a request.
            .test_on_check_out(backend == Backend::Postgres)
            .connection_timeout(Duration::from_secs(10))
            .connection_customizer(Box::new(ConnectionSetup))
            .build(manager)?;
        let db = Self { pool, backend, writer: None };
        db.migrate()?;
        if backend == Backend::Sqlite {
            let writer = std::sync::Arc::new(Writer::open(&conn_url)?);
            checkpoints(conn_url, std::sync::Arc::downgrade(&writer), Duration::from_millis(250));
            return Ok(Self { writer: Some(writer), ..db });
        }
        Ok(db)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn migrate(&self) -> StorageResult<()> {
        let mut conn = self.conn()?;
        let result = match &mut *conn {
            DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|_| ()),
            DbConnection::Postgres(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS).map(|_| ()),
        };
        result.map_err(|e| StorageError::Migration(e.to_string()))
    }

    pub fn conn(&self) -> StorageResult<PooledConnection<ConnectionManager<DbConnection>>> {
        Ok(self.pool.get()?)
    }

    /// Runs `f` in a write transaction. On SQLite the transaction is `BEGIN IMMEDIATE`, so that it
    /// takes the write lock up front and waits (busy timeout) instead of failing with SQLITE_BUSY
    /// when two requests read and then both try to write.
    pub fn write<T, E>(&self, f: impl FnOnce(&mut DbConnection) -> Result<T, E> + Send) -> Result<T, E>
    where
        T: Send,
        E: From<StorageError> + Send,
    {
        if let Some(writer) = &self.writer {
            return writer.write(f);
        }
        let mut conn = self.conn()?;
        write_transaction(&mut conn, f)
    }

    /// Runs `f` on a pooled connection without a transaction (reads). (A read transaction per
    /// request, for one snapshot and one check for other connections' writes, measured slower
    /// under the flow benchmark than statements on their own.)
    pub fn read<T, E>(&self, f: impl FnOnce(&mut DbConnection) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StorageError>,
    {
        let mut conn = self.conn()?;
        f(&mut conn)
    }

    /// Whether the database answers a trivial query (readiness probe).
    /// SQLite: empties the write-ahead log into the database file (after personal data was
    /// erased, so that no copy of the old pages stays in the log); PostgreSQL: nothing to do.
    pub fn purge_log(&self) -> StorageResult<()> {
        match &self.writer {
            Some(w) => w.truncate_log(),
            None => Ok(()),
        }
    }

    pub fn ping(&self) -> bool {
        self.conn().is_ok_and(|mut c| c.batch_execute("SELECT 1").is_ok())
    }
}

pub fn write_transaction<T, E>(
    conn: &mut DbConnection,
    f: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<StorageError>,
{
    let begun = match conn {
        DbConnection::Sqlite(c) => {
            diesel::connection::AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")
        }
        DbConnection::Postgres(_) => Tm::begin_transaction(conn),
    };
    begun.map_err(|e| E::from(StorageError::from_diesel(e)))?;
    match f(conn) {
        Ok(value) => {
            Tm::commit_transaction(conn).map_err(|e| E::from(StorageError::from_diesel(e)))?;
            Ok(value)
        }
        Err(e) => {
            if let Err(rollback) = Tm::rollback_transaction(conn) {
                tracing::error!(error = %rollback, "rollback failed");
            }
            Err(e)
        }
    }
}

/// Hides the password of a database URL in messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            format!("{}://***@{}", &url[..scheme_end], &url[at + 1..])
        }
        _ => url.to_string(),
    }
}
