//! Parts (issue 31): the catalogue kept by the parts clerk and refused to others, shelves filled
//! by purchase orders received line by line, the reorder suggestions, issues to repair orders that
//! give the last piece once under concurrent presses, and pieces taken back.

use crate::support::*;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

async fn call(t: &TestApp, method: Method, path: &str, token: &str, body: Option<Value>) -> Resp {
    t.client().api(method, path, Some(token), body).await
}

/// A catalogue part `part_no` with `qty` pieces on the main shelf of store A (reorder at
/// `point`): its id.
pub async fn stocked(t: &TestApp, part_no: &str, qty: i32, point: i32) -> i64 {
    let clerk = t.token_for("a.parts").await;
    let admin = t.token_for("admin").await;
    let body = json!({"part_no": part_no, "name": format!("配件 {part_no}"), "system": "brakes", "list_price": "368.50", "cost": "200"});
    let r = call(t, Method::POST, "/api/v1/parts", &admin, Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["part"]["id"].as_i64().unwrap();
    let levels = json!({"warehouse": "主库", "bin": "a-01-1", "reorder_point": point, "reorder_qty": 10});
    let r = call(t, Method::PUT, &format!("/api/v1/parts/{id}/levels"), &clerk, Some(levels)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    if qty > 0 {
        let po = call(t, Method::POST, "/api/v1/purchase-orders", &clerk, Some(json!({}))).await.json();
        let line =
            json!({"version": po["version"], "part_no": part_no, "warehouse": "主库", "quantity": qty.to_string()});
        let po =
            call(t, Method::POST, &format!("/api/v1/purchase-orders/{}/lines", po["id"]), &clerk, Some(line)).await;
        assert_eq!(po.status, StatusCode::CREATED, "{}", po.body);
        let po = po.json();
        let order = format!("/api/v1/purchase-orders/{}/order", po["id"]);
        let po = call(t, Method::POST, &order, &clerk, Some(json!({"version": po["version"]}))).await.json();
        let lines = json!([{"line_id": po["lines"][0]["id"], "quantity": qty}]);
        let receive = format!("/api/v1/purchase-orders/{}/receipts", po["id"]);
        let r = call(t, Method::POST, &receive, &clerk, Some(json!({"version": po["version"], "lines": lines}))).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    id
}

async fn on_hand(t: &TestApp, id: i64) -> i64 {
    let clerk = t.token_for("a.parts").await;
    call(t, Method::GET, &format!("/api/v1/parts/{id}"), &clerk, None).await.json()["part"]["on_hand"].as_i64().unwrap()
}

#[tokio::test]
async fn the_catalogue_is_the_groups_and_says_what_is_wrong() {
    let t = TestApp::new().await;
    // The catalogue is every store's: kept with group scope (the group's administrator), not by a
    // store's parts clerk or administrator.
    let clerk = t.token_for("admin").await;
    let good = json!({"part_no": " of-2031 ", "name": "机油滤清器", "system": "maintenance", "list_price": "68", "cost": "38", "fits": "帕萨特"});
    // The front desk and the workshop read the catalogue; they do not keep it.
    for who in ["a.service", "a.tech", "a.foreman", "a.parts", "a.admin"] {
        let token = t.token_for(who).await;
        let r = call(&t, Method::POST, "/api/v1/parts", &token, Some(good.clone())).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}");
    }
    let sales = t.token_for("a.advisor1").await;
    assert_eq!(call(&t, Method::GET, "/api/v1/parts", &sales, None).await.status, StatusCode::FORBIDDEN);
    let bad = json!({"part_no": "滤芯", "name": "", "system": "wings", "list_price": "-1", "cost": "x"});
    let r = call(&t, Method::POST, "/api/v1/parts", &clerk, Some(bad)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    for field in ["part_no", "name", "system", "list_price", "cost"] {
        assert!(r.body.contains(&format!("\"{field}\"")), "{field}: {}", r.body);
    }
    let r = call(&t, Method::POST, "/api/v1/parts", &clerk, Some(good.clone())).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let old = r.json();
    assert_eq!((old["part"]["part_no"].as_str(), old["part"]["cost_fen"].as_i64()), (Some("OF-2031"), Some(3_800)));
    assert_eq!(call(&t, Method::POST, "/api/v1/parts", &clerk, Some(good)).await.status, StatusCode::CONFLICT);
    // A newer number supersedes it: the old one is no longer ordered, and says by what.
    let newer = json!({"part_no": "OF-2032", "name": "机油滤清器（新款）", "system": "maintenance", "list_price": "72", "cost": "40"});
    call(&t, Method::POST, "/api/v1/parts", &clerk, Some(newer)).await;
    let id = old["part"]["id"].as_i64().unwrap();
    let mut edit = json!({"version": old["part"]["version"], "part_no": "OF-2031", "name": "机油滤清器", "system": "maintenance", "list_price": "68", "cost": "38", "superseded_by": "OF-2031"});
    let r = call(&t, Method::PUT, &format!("/api/v1/parts/{id}"), &clerk, Some(edit.clone())).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a part does not supersede itself: {}", r.body);
    edit["superseded_by"] = json!("of-2032");
    let r = call(&t, Method::PUT, &format!("/api/v1/parts/{id}"), &clerk, Some(edit)).await;
    assert_eq!(r.json()["part"]["superseded_by"], "OF-2032");
    let clerk = t.token_for("a.parts").await;
    let po = call(&t, Method::POST, "/api/v1/purchase-orders", &clerk, Some(json!({}))).await.json();
    let line = json!({"version": po["version"], "part_no": "OF-2031", "warehouse": "主库", "quantity": "5"});
    let r = call(&t, Method::POST, &format!("/api/v1/purchase-orders/{}/lines", po["id"]), &clerk, Some(line)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("part_superseded"), "{}", r.body);
    // The search finds a number by its start and a part by its name; a technician reads the
    // retail price, not the purchase price.
    let tech = t.token_for("a.tech").await;
    let found = call(&t, Method::GET, "/api/v1/parts?q=of-20", &tech, None).await.json();
    assert_eq!(found["total"], 2);
    assert!(found["items"][0]["cost_fen"].is_null(), "{found}");
    let found = call(&t, Method::GET, "/api/v1/parts?q=新款", &tech, None).await.json();
    assert_eq!(found["items"][0]["part_no"], "OF-2032");
    assert!(t.audit_actions("part", id).await.contains(&"part.updated".to_string()));
}

#[tokio::test]
async fn a_purchase_order_is_received_line_by_line_and_the_shelf_reorders_at_its_point() {
    let t = TestApp::new().await;
    let clerk = t.token_for("a.parts").await;
    let id = stocked(&t, "BP-2001", 0, 4).await;
    // At zero with a point of 4, the shelf is to be reordered: at least what clears the point.
    let s = call(&t, Method::GET, "/api/v1/reorder-suggestions", &clerk, None).await.json();
    assert_eq!((s["items"][0]["part_no"].as_str(), s["items"][0]["quantity"].as_i64()), (Some("BP-2001"), Some(10)));
    let tech = t.token_for("a.tech").await;
    let refused = call(&t, Method::POST, "/api/v1/purchase-orders/from-suggestions", &tech, None).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "a technician does not buy");
    let po = call(&t, Method::POST, "/api/v1/purchase-orders/from-suggestions", &clerk, None).await;
    assert_eq!(po.status, StatusCode::CREATED, "{}", po.body);
    let po = po.json();
    assert_eq!((po["status"].as_str(), po["total_fen"].as_i64()), (Some("draft"), Some(200_000)));
    assert!(po["number"].as_str().unwrap().contains("-CG"), "{}", po["number"]);
    let receive = format!("/api/v1/purchase-orders/{}/receipts", po["id"]);
    let line = po["lines"][0]["id"].clone();
    let r = call(
        &t,
        Method::POST,
        &receive,
        &clerk,
        Some(json!({"version": po["version"], "lines": [{"line_id": line, "quantity": 4}]})),
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "a draft receives nothing: {}", r.body);
    let po = call(
        &t,
        Method::POST,
        &format!("/api/v1/purchase-orders/{}/order", po["id"]),
        &clerk,
        Some(json!({"version": po["version"]})),
    )
    .await
    .json();
    // On order, the shelf is no longer suggested.
    let s = call(&t, Method::GET, "/api/v1/reorder-suggestions", &clerk, None).await.json();
    assert_eq!(s["total"], 0, "{s}");
    let r = call(
        &t,
        Method::POST,
        &receive,
        &clerk,
        Some(json!({"version": po["version"], "lines": [{"line_id": line, "quantity": 4}]})),
    )
    .await;
    let po = r.json();
    assert_eq!((po["status"].as_str(), po["lines"][0]["received"].as_i64()), (Some("partly_received"), Some(4)));
    let r = call(
        &t,
        Method::POST,
        &receive,
        &clerk,
        Some(json!({"version": po["version"], "lines": [{"line_id": line, "quantity": 7}]})),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "more than is still to come: {}", r.body);
    assert_eq!(on_hand(&t, id).await, 4, "the refused delivery changed nothing");
    let po = call(
        &t,
        Method::POST,
        &receive,
        &clerk,
        Some(json!({"version": po["version"], "lines": [{"line_id": line, "quantity": 6}]})),
    )
    .await
    .json();
    assert_eq!(po["status"], "received");
    let cancel = call(
        &t,
        Method::POST,
        &format!("/api/v1/purchase-orders/{}/cancel", po["id"]),
        &clerk,
        Some(json!({"version": po["version"]})),
    )
    .await;
    assert_eq!(cancel.status, StatusCode::CONFLICT);
    let part = call(&t, Method::GET, &format!("/api/v1/parts/{id}"), &clerk, None).await.json();
    assert_eq!(part["part"]["on_hand"], 10);
    let kinds: Vec<(&str, i64, i64)> = part["movements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["kind"].as_str().unwrap(), m["quantity"].as_i64().unwrap(), m["balance"].as_i64().unwrap()))
        .collect();
    assert_eq!(kinds, vec![("receipt", 6, 10), ("receipt", 4, 4)]);
    // A count that differs goes into the ledger with its reason; one that agrees is refused.
    let shelf = part["shelves"][0]["id"].clone();
    let count = |n: i32, reason: &str| json!({"shelf_id": shelf, "counted": n, "reason": reason});
    let r = call(&t, Method::POST, &format!("/api/v1/parts/{id}/counts"), &clerk, Some(count(10, "月末盘点"))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = call(&t, Method::POST, &format!("/api/v1/parts/{id}/counts"), &clerk, Some(count(9, "包装破损一件"))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["movements"][0]["quantity"], -1);
}

/// A repair order of store A whose estimate, approved, holds `qty` of `part_no`: (its id, the
/// part line's request id and version).
async fn approved_with(t: &TestApp, mobile: &str, vin: &str, part_no: &str, qty: i32) -> (i64, i64, i64) {
    let sa = t.token_for("a.service").await;
    let (_, vehicle) = crate::service::car(t, &sa, mobile, vin, "").await;
    let r = crate::service::receive(t, &sa, vehicle, 30_000, "2020-01-10").await;
    let id = r["id"].as_i64().unwrap();
    let job =
        json!({"version": r["version"], "name": "更换前刹车片", "system": "brakes", "hours": "1", "payer": "customer"});
    let r = call(t, Method::POST, &format!("/api/v1/repair-orders/{id}/jobs"), &sa, Some(job)).await.json();
    let part = json!({"version": r["version"], "part_no": part_no, "quantity": qty.to_string(), "payer": "customer"});
    let r = call(t, Method::POST, &format!("/api/v1/repair-orders/{id}/parts"), &sa, Some(part)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = r.json();
    assert_eq!(r["parts"][0]["unit_price_fen"], 36_850, "the catalogue's price");
    let approve = format!("/api/v1/repair-orders/{id}/estimate-approval");
    call(t, Method::POST, &approve, &sa, Some(json!({"version": r["version"]}))).await;
    let number = r["number"].as_str().unwrap().to_string();
    let clerk = t.token_for("a.parts").await;
    let q = call(t, Method::GET, &format!("/api/v1/part-requests?q={number}"), &clerk, None).await.json();
    assert_eq!(q["total"], 1, "{q}");
    (id, q["items"][0]["id"].as_i64().unwrap(), q["items"][0]["version"].as_i64().unwrap())
}

#[tokio::test]
async fn the_last_piece_is_issued_once_however_many_press_at_once() {
    let t = TestApp::new().await;
    let id = stocked(&t, "BP-3001", 1, 0).await;
    let (_, first, v1) = approved_with(&t, "13700004101", "LSVAU2180N2184101", "BP-3001", 1).await;
    let (_, second, v2) = approved_with(&t, "13700004102", "LSVAU2180N2184102", "BP-3001", 1).await;
    let clerk = t.token_for("a.parts").await;
    let sa = t.token_for("a.service").await;
    let issue = |req: i64, v: i64, who: String| {
        let t = t.client();
        async move {
            let mut t = t;
            t.api(
                Method::POST,
                &format!("/api/v1/part-requests/{req}/issue"),
                Some(&who),
                Some(json!({"version": v, "warehouse": "主库"})),
            )
            .await
        }
    };
    // The front desk does not issue parts.
    assert_eq!(issue(first, v1, sa.clone()).await.status, StatusCode::FORBIDDEN);
    // Two repair orders want the last piece, and the first one is pressed twice.
    let (a, b, c) = tokio::join!(
        issue(first, v1, clerk.clone()),
        issue(second, v2, clerk.clone()),
        issue(first, v1, clerk.clone())
    );
    let statuses = [a.status, b.status, c.status];
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::OK).count(),
        1,
        "{statuses:?} {} {} {}",
        a.body,
        b.body,
        c.body
    );
    assert_eq!(on_hand(&t, id).await, 0);
    let issued = call(&t, Method::GET, "/api/v1/part-requests?status=issued", &clerk, None).await.json();
    assert_eq!(issued["total"], 1);
    let part = call(&t, Method::GET, &format!("/api/v1/parts/{id}"), &clerk, None).await.json();
    let issues = part["movements"].as_array().unwrap().iter().filter(|m| m["kind"] == "issue").count();
    assert_eq!(issues, 1, "one line in the ledger: {part}");
    // The other is refused with its reason and waits.
    let waiting = call(&t, Method::GET, "/api/v1/part-requests", &clerk, None).await.json();
    assert_eq!(waiting["total"], 1);
    let req = waiting["items"][0]["id"].as_i64().unwrap();
    let r = issue(req, waiting["items"][0]["version"].as_i64().unwrap(), clerk.clone()).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("part_out_of_stock"), "{}", r.body);
}

#[tokio::test]
async fn settlement_waits_for_the_parts_and_a_cancelled_order_gives_its_pieces_back() {
    let t = TestApp::new().await;
    let id = stocked(&t, "BP-4001", 5, 0).await;
    let (ro, req, v) = approved_with(&t, "13700004201", "LSVAU2180N2184201", "BP-4001", 2).await;
    let clerk = t.token_for("a.parts").await;
    let sa = t.token_for("a.service").await;
    let r = call(
        &t,
        Method::POST,
        &format!("/api/v1/part-requests/{req}/issue"),
        &clerk,
        Some(json!({"version": v, "warehouse": "次库"})),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = call(
        &t,
        Method::POST,
        &format!("/api/v1/part-requests/{req}/issue"),
        &clerk,
        Some(json!({"version": v, "warehouse": "主库"})),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(on_hand(&t, id).await, 3);
    let order = call(&t, Method::GET, &format!("/api/v1/repair-orders/{ro}"), &sa, None).await.json();
    assert_eq!(order["parts"][0]["issued"], 2);
    assert!(order["events"].to_string().contains("parts_issued"), "{order}");
    // Taken back unused: the line waits for the parts counter again.
    let back = call(
        &t,
        Method::POST,
        &format!("/api/v1/part-requests/{req}/return"),
        &clerk,
        Some(json!({"version": r.json()["version"]})),
    )
    .await;
    assert_eq!(back.status, StatusCode::OK, "{}", back.body);
    assert_eq!((back.json()["status"].as_str(), on_hand(&t, id).await), (Some("open"), 5));
    let back = back.json();
    let r = call(
        &t,
        Method::POST,
        &format!("/api/v1/part-requests/{req}/issue"),
        &clerk,
        Some(json!({"version": back["version"], "warehouse": "主库"})),
    )
    .await
    .json();
    // Cancelled before work started, the repair order sends the pieces it holds back.
    let order = call(&t, Method::GET, &format!("/api/v1/repair-orders/{ro}"), &sa, None).await.json();
    let c = call(
        &t,
        Method::POST,
        &format!("/api/v1/repair-orders/{ro}/cancel"),
        &sa,
        Some(json!({"version": order["version"], "reason": "客户改期"})),
    )
    .await;
    assert_eq!(c.status, StatusCode::OK, "{}", c.body);
    let q = call(&t, Method::GET, "/api/v1/part-requests?status=to_return", &clerk, None).await.json();
    assert_eq!(q["total"], 1, "{q}");
    let back = call(
        &t,
        Method::POST,
        &format!("/api/v1/part-requests/{req}/return"),
        &clerk,
        Some(json!({"version": q["items"][0]["version"]})),
    )
    .await;
    assert_eq!((back.json()["status"].as_str(), on_hand(&t, id).await), (Some("returned"), 5));
    let again = call(
        &t,
        Method::POST,
        &format!("/api/v1/part-requests/{req}/return"),
        &clerk,
        Some(json!({"version": r["version"]})),
    )
    .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn the_parts_pages_show_a_refused_form_again_with_its_messages() {
    let t = TestApp::new().await;
    let id = stocked(&t, "BP-5001", 3, 1).await;
    let mut web = t.login("a.parts").await;
    let page = web.get(&format!("/parts/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("value=\"A-01-1\""), "the levels form starts from the shelf: {}", page.body);
    let r = web
        .post(
            &format!("/parts/{id}/levels"),
            &[("warehouse", "主库"), ("bin", "A-01-1"), ("reorder_point", "-1"), ("reorder_qty", "10")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("l-point\" name=\"reorder_point\"") && r.body.contains("is-invalid"), "{}", r.body);
    assert!(r.body.contains("value=\"-1\""), "what was typed stays");
    let r = web
        .post(
            "/parts",
            &[("part_no", "BX-7001"), ("name", "刹车片"), ("system", "brakes"), ("list_price", "1"), ("cost", "1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "a store's clerk does not keep the group's catalogue");
    let mut admin = t.login("admin").await;
    let r = admin
        .post("/parts", &[("part_no", "x"), ("name", ""), ("system", "brakes"), ("list_price", "1"), ("cost", "1")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("配件编号为 3–30 位"), "{}", r.body);
    // The counter page lists the request; the desk's people may not open it.
    assert_eq!(t.login("a.service").await.get("/parts/requests").await.status, StatusCode::FORBIDDEN);
    assert_eq!(web.get("/parts/purchase-orders").await.status, StatusCode::OK);
}
