//! Every API route × every role, from the router itself: the routes the API modules register
//! must be the operations the OpenAPI document describes, each operation declares the permission
//! it needs (its bearer scope), and every role gets exactly what `rbac::grants` says: 401 without
//! a token, 403 without the permission, and otherwise an answer that is neither (never a 500).
//! A route added without its document entry or permission fails here.

use crate::support::*;
use axum::http::{Method, StatusCode};
use domain::rbac::{DataScope, Permission, Role};
use std::collections::BTreeSet;

/// (method, path) of every `.route(...)` in the API modules' source, as `/api/v1/...`.
fn registered_routes() -> BTreeSet<(String, String)> {
    let mut dirs = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../web/src/api"))];
    let mut files = Vec::new();
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).expect("api dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() { dirs.push(path) } else { files.push(path) }
        }
    }
    let mut out = BTreeSet::new();
    for file in files {
        let src = std::fs::read_to_string(file).expect("source");
        // Each `.route("path", method(..)...)`, one or several on a line.
        for route in src.lines().flat_map(|l| l.split(".route(\"").skip(1)) {
            let path = route.split('"').next().expect("path");
            if path == "/openapi.json" {
                continue; // the document itself
            }
            for m in ["get", "post", "put", "delete"] {
                if route.contains(&format!("({m}("))
                    || route.contains(&format!(".{m}("))
                    || route.contains(&format!(" {m}("))
                {
                    out.insert((m.to_string(), format!("/api/v1{path}")));
                }
            }
        }
    }
    out
}

/// Each documented operation: method, path, and the permission it needs (`None`: any signed-in
/// user; `Some(None)` is not used); `public` when it needs no token at all.
struct Operation {
    method: String,
    path: String,
    permission: Option<Permission>,
    public: bool,
}

fn operations(doc: &serde_json::Value) -> Vec<Operation> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("item") {
            let security = op["security"].as_array().unwrap_or_else(|| panic!("{method} {path} declares no security"));
            let public = security.iter().all(|r| r.as_object().is_some_and(|o| o.is_empty()));
            let scopes: Vec<&str> =
                security.iter().filter_map(|r| r["bearer"].as_array()).flatten().filter_map(|s| s.as_str()).collect();
            assert!(scopes.len() <= 1, "{method} {path}: one permission per operation");
            let permission = scopes.first().map(|code| {
                *Permission::ALL.iter().find(|p| p.code() == *code).unwrap_or_else(|| panic!("unknown scope {code}"))
            });
            out.push(Operation { method: method.clone(), path: path.clone(), permission, public });
        }
    }
    out
}

#[tokio::test]
async fn every_route_is_documented_with_its_permission_and_enforced_for_every_role() {
    let t = TestApp::new().await;
    let mut c = t.client();
    let doc = c.api(Method::GET, "/api/v1/openapi.json", None, None).await.json();
    let ops = operations(&doc);
    let documented: BTreeSet<(String, String)> = ops.iter().map(|o| (o.method.clone(), o.path.clone())).collect();
    assert_eq!(registered_routes(), documented, "the router's routes and the OpenAPI document differ");

    // One record of each kind within reach of store A's roles, so that allowed calls reach the
    // use case: the advisor's user row (manageable by the store's administrator), an order...
    let adv = t.token_for("a.advisor1").await;
    let cust = crate::orders::customer(&t, &adv, "13700000201").await;
    let order = c.api(Method::POST, "/api/v1/orders", Some(&adv), Some(crate::orders::order_body(&t, cust, "1"))).await;
    let order_id = order.json()["order"]["id"].as_i64().expect("order");
    let user_id = {
        let tok = t.token_for("admin").await;
        let users = c.api(Method::GET, "/api/v1/users?q=a.advisor1", Some(&tok), None).await.json();
        users["items"][0]["id"].as_i64().expect("user")
    };
    let id_for = |path: &str| -> i64 {
        if path.starts_with("/api/v1/orders/") {
            order_id
        } else if path.starts_with("/api/v1/customers/") {
            cust
        } else if path.starts_with("/api/v1/users/") {
            user_id
        } else if path.starts_with("/api/v1/stores/") {
            t.fx.store_a.id
        } else if path.starts_with("/api/v1/teams/") {
            t.fx.team_a1
        } else if path.starts_with("/api/v1/me/tokens/") {
            999_999 // nobody's: revoking the caller's own token would sign them out mid-test
        } else {
            1
        }
    };

    let roles: [(&str, Role, DataScope); 14] = [
        ("a.advisor1", Role::SalesAdvisor, DataScope::Own),
        ("a.manager", Role::SalesManager, DataScope::Team),
        ("a.gm", Role::GeneralManager, DataScope::Store),
        ("a.finance", Role::Finance, DataScope::Store),
        ("a.inventory", Role::Inventory, DataScope::Store),
        ("a.service", Role::ServiceAdvisor, DataScope::Store),
        ("a.tech", Role::Technician, DataScope::Own),
        ("a.foreman", Role::WorkshopForeman, DataScope::Store),
        ("a.parts", Role::PartsClerk, DataScope::Store),
        ("a.cs", Role::CustomerService, DataScope::Store),
        ("admin", Role::Administrator, DataScope::Group),
        ("a.admin", Role::Administrator, DataScope::Store),
        ("exec", Role::GroupExecutive, DataScope::Group),
        ("b.advisor1", Role::SalesAdvisor, DataScope::Own),
    ];
    let mut tokens = Vec::new();
    for (user, role, scope) in roles {
        tokens.push((user, role, scope, t.token_for(user).await));
    }
    let mut checked = 0;
    for op in &ops {
        let path = op.path.replace("{id}", &id_for(&op.path).to_string());
        let method: Method = op.method.to_uppercase().parse().expect("method");
        // Reads first, writes with an empty body: the permission is checked before the body.
        let body = (method != Method::GET).then(|| serde_json::json!({}));
        let anonymous = c.api(method.clone(), &path, None, body.clone()).await;
        if op.public {
            assert_ne!(anonymous.status, StatusCode::UNAUTHORIZED, "{} {}", op.method, op.path);
        } else {
            assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED, "{} {} without a token", op.method, op.path);
        }
        for (user, role, scope, token) in &tokens {
            let r = c.api(method.clone(), &path, Some(token), body.clone()).await;
            let allowed = op.public || op.permission.is_none_or(|p| domain::rbac::grants(*role, *scope, p));
            assert_ne!(r.status, StatusCode::INTERNAL_SERVER_ERROR, "{} {} as {user}: {}", op.method, path, r.body);
            if allowed {
                assert!(
                    r.status != StatusCode::FORBIDDEN && r.status != StatusCode::UNAUTHORIZED,
                    "{} {} as {user} ({}) should be allowed: {} {}",
                    op.method,
                    path,
                    role.code(),
                    r.status,
                    r.body
                );
            } else {
                assert_eq!(
                    r.status,
                    StatusCode::FORBIDDEN,
                    "{} {} as {user} ({}): {}",
                    op.method,
                    path,
                    role.code(),
                    r.body
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 400, "{checked} calls");
}
