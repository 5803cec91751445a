use super::*;
use Permission as P;

#[test]
fn roles_doc_is_generated_from_the_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/ROLES.md");
    let want = roles_markdown();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(path, &want).expect("write docs/ROLES.md");
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        have == want,
        "docs/ROLES.md differs from Role::permissions: run UPDATE_DOCS=1 cargo test -p domain roles_doc"
    );
}

#[test]
fn permission_codes_round_trip_and_are_distinct() {
    let codes: std::collections::BTreeSet<&str> = Permission::ALL.iter().map(|p| p.code()).collect();
    assert_eq!(codes.len(), Permission::ALL.len());
    assert!(Permission::ALL.iter().all(|p| p.code().chars().all(|c| c.is_ascii_lowercase() || c == '_')));
}

#[test]
fn codes_round_trip() {
    for r in Role::ALL {
        assert_eq!(Role::from_code(r.code()), Some(r));
    }
    for s in DataScope::ALL {
        assert_eq!(DataScope::from_code(s.code()), Some(s));
    }
}

#[test]
fn advisors_cannot_see_id_numbers_or_manage() {
    assert!(!Role::SalesAdvisor.has(P::CustomerViewIdNumber));
    assert!(!Role::SalesAdvisor.has(P::UserManage));
    assert!(Role::Administrator.has(P::UserManage));
    assert_eq!(Role::SalesAdvisor.default_scope(), DataScope::Own);
}
