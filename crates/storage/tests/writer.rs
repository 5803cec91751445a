//! SQLite's writer commits concurrent writes in groups: each write stands or falls alone, and a
//! write has committed by the time it returns.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use std::collections::BTreeSet;
use storage::{Db, DbConnection, StorageError};

#[derive(QueryableByName)]
struct Value {
    #[diesel(sql_type = BigInt)]
    v: i64,
}

fn values(c: &mut DbConnection) -> BTreeSet<i64> {
    let DbConnection::Sqlite(c) = c else { panic!("SQLite expected") };
    diesel::sql_query("SELECT v FROM scratch").load::<Value>(c).expect("select").into_iter().map(|r| r.v).collect()
}

fn insert(c: &mut DbConnection, v: i64) -> Result<(), StorageError> {
    c.batch_execute(&format!("INSERT INTO scratch (v) VALUES ({v})")).map_err(StorageError::from_diesel)
}

struct TempDb(std::path::PathBuf);

impl Drop for TempDb {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn open() -> (Db, TempDb) {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_nanos();
    let dir = std::env::temp_dir().join(format!("autodms-writer-{}-{nanos}", std::process::id()));
    let db = Db::open(&format!("sqlite://{}", dir.join("test.db").display()), 4).expect("open");
    db.write(|c| c.batch_execute("CREATE TABLE scratch (v INTEGER PRIMARY KEY)").map_err(StorageError::from_diesel))
        .expect("create");
    (db, TempDb(dir))
}

/// Sixteen threads write at once; some writes fail after inserting, some panic. Exactly the
/// writes that returned `Ok` are in the database, and each is visible to another connection as
/// soon as it has returned.
#[test]
fn concurrent_writes_commit_alone_or_together_but_each_stands_alone() {
    let (db, _dir) = open();
    let committed: Vec<BTreeSet<i64>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..16i64)
            .map(|t| {
                let db = db.clone();
                s.spawn(move || {
                    let mut ok = BTreeSet::new();
                    for i in 0..60i64 {
                        let v = t * 1000 + i;
                        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                            db.write(|c| {
                                insert(c, v)?;
                                // A second statement, so that a rollback has more than one to undo.
                                insert(c, v + 500)?;
                                match v % 7 {
                                    3 => Err(StorageError::Stale),
                                    5 => panic!("write {v} panics"),
                                    _ => Ok(()),
                                }
                            })
                        }));
                        if let Ok(Ok(())) = outcome {
                            let seen = db.read(|c| Ok::<_, StorageError>(values(c))).expect("read");
                            assert!(seen.contains(&v), "write {v} returned before it was committed");
                            ok.insert(v);
                            ok.insert(v + 500);
                        }
                    }
                    ok
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("writer thread")).collect()
    });
    let returned_ok: BTreeSet<i64> = committed.into_iter().flatten().collect();
    let should_succeed: BTreeSet<i64> = (0..16i64)
        .flat_map(|t| (0..60i64).map(move |i| t * 1000 + i))
        .filter(|v| v % 7 != 3 && v % 7 != 5)
        .flat_map(|v| [v, v + 500])
        .collect();
    assert_eq!(returned_ok, should_succeed);
    let stored = db.read(|c| Ok::<_, StorageError>(values(c))).expect("read");
    assert_eq!(stored, should_succeed);
}

/// A write that fails on a constraint leaves the transaction usable for the next ones.
#[test]
fn a_failed_write_does_not_poison_the_next() {
    let (db, _dir) = open();
    db.write(|c| insert(c, 1)).expect("first");
    let dup = db.write(|c| {
        insert(c, 2)?;
        insert(c, 1)
    });
    assert!(matches!(dup, Err(StorageError::Duplicate(_))), "{dup:?}");
    db.write(|c| insert(c, 3)).expect("after the failure");
    let stored = db.read(|c| Ok::<_, StorageError>(values(c))).expect("read");
    assert_eq!(stored, BTreeSet::from([1, 3]));
}
