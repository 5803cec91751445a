//! The two migration trees must stay in lockstep: same folder names, each with up.sql and down.sql.

use std::collections::BTreeSet;
use std::path::Path;

fn folders(backend: &str) -> BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations").join(backend);
    std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry"))
        .filter(|e| e.path().is_dir())
        .map(|e| {
            for f in ["up.sql", "down.sql"] {
                assert!(e.path().join(f).is_file(), "{} lacks {f}", e.path().display());
            }
            e.file_name().to_string_lossy().into_owned()
        })
        .collect()
}

#[test]
fn sqlite_and_postgres_migrations_have_the_same_names() {
    let sqlite = folders("sqlite");
    let postgres = folders("postgres");
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, postgres, "migration folders differ between SQLite and PostgreSQL");
}

#[test]
fn both_trees_create_the_same_tables() {
    let tables = |backend: &str| -> BTreeSet<String> {
        folders(backend)
            .iter()
            .flat_map(|f| {
                let sql = std::fs::read_to_string(
                    Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations").join(backend).join(f).join("up.sql"),
                )
                .expect("up.sql");
                // A table rebuilt under a temporary name (SQLite cannot drop a referenced column)
                // counts under the name it is renamed to.
                let renamed: Vec<(String, String)> = sql
                    .lines()
                    .filter_map(|l| {
                        let r = l.strip_prefix("ALTER TABLE ")?;
                        let (from, to) = r.split_once(" RENAME TO ")?;
                        Some((from.trim().to_string(), to.trim().trim_end_matches(';').to_string()))
                    })
                    .collect();
                sql.lines()
                    .filter_map(|l| {
                        l.strip_prefix("CREATE TABLE ").map(|r| r.split_whitespace().next().unwrap_or("").to_string())
                    })
                    .map(|t| renamed.iter().find(|(from, _)| *from == t).map_or(t, |(_, to)| to.clone()))
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    assert_eq!(tables("sqlite"), tables("postgres"));
}
