//! After-sales (issue 31): a car received at the desk, its estimate approved, dispatched,
//! worked on, inspected, settled, paid at the cashier and handed back, each step by the role
//! that owns it and refused to the others; the 三包 clocks from the car's repair orders.

use crate::support::*;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

async fn call(t: &TestApp, method: Method, path: &str, token: &str, body: Option<Value>) -> Resp {
    t.client().api(method, path, Some(token), body).await
}

fn days_ago(n: i64) -> String {
    crate::calendar::store_day(-n)
}

/// A customer of store A with a car bought elsewhere, invoiced `invoiced_days_ago` days ago:
/// (customer id, customer vehicle id).
pub async fn car(t: &TestApp, token: &str, mobile: &str, vin: &str, plate: &str) -> (i64, i64) {
    let customer = t.customer(token, mobile).await;
    let body = json!({"vin": vin, "accept_unchecked_vin": true, "plate": plate, "description": "大众 帕萨特 2024款"});
    let r = call(t, Method::POST, &format!("/api/v1/customers/{customer}/vehicles"), token, Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    (customer, r.json()["id"].as_i64().unwrap())
}

pub async fn receive(t: &TestApp, token: &str, vehicle: i64, km: i64, invoice_date: &str) -> Value {
    let body = json!({"customer_vehicle_id": vehicle, "mileage_km": km, "fuel_percent": 40,
        "complaints": "刹车时有异响", "walkaround": "右后门划痕", "invoice_date": invoice_date});
    let r = call(t, Method::POST, "/api/v1/repair-orders", token, Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()
}

fn path(r: &Value, rest: &str) -> String {
    format!("/api/v1/repair-orders/{}{rest}", r["id"])
}

#[tokio::test]
async fn a_car_goes_from_reception_through_the_workshop_to_the_cashier_and_back_to_its_owner() {
    let t = TestApp::new().await;
    let sa = t.token_for("a.service").await;
    let foreman = t.token_for("a.foreman").await;
    let tech = t.token_for("a.tech").await;
    let cashier = t.token_for("a.finance").await;
    crate::parts::stocked(&t, "BP-1001", 4, 0).await;
    let (_, vehicle) = car(&t, &sa, "13700003101", "LSVAU2180N2183101", "沪A3F101").await;
    let r = receive(&t, &sa, vehicle, 1_200, &days_ago(10)).await;
    assert_eq!(r["status"], "received");
    assert!(r["number"].as_str().unwrap().contains("-WX"), "{}", r["number"]);
    // Ten days and 1,200 km after purchase: the 60-day window is open and said at reception.
    let warnings: Vec<&str> =
        r["clocks"]["warnings"].as_array().unwrap().iter().map(|w| w["kind"].as_str().unwrap()).collect();
    assert_eq!(warnings, vec!["sixty_day_window"]);

    // The estimate: a 三包 brake job and a part the customer pays; both wait for approval.
    let job = json!({"version": r["version"], "name": "更换前刹车片", "system": "brakes", "fault": "刹车片磨损异常", "hours": "1.5", "payer": "warranty"});
    let r2 = call(&t, Method::POST, &path(&r, "/jobs"), &sa, Some(job)).await;
    assert_eq!(r2.status, StatusCode::CREATED, "{}", r2.body);
    let r = r2.json();
    assert_eq!(r["jobs"][0]["amount_fen"], 27_000, "1.5 h at the standard ¥180");
    let part = json!({"version": r["version"], "part_no": "bp-1001", "name": "前刹车片", "system": "brakes", "quantity": "2", "unit_price": "368.50", "payer": "customer"});
    let r = call(&t, Method::POST, &path(&r, "/parts"), &sa, Some(part)).await.json();
    assert_eq!(
        (r["parts"][0]["part_no"].as_str(), r["parts"][0]["amount_fen"].as_i64()),
        (Some("BP-1001"), Some(73_700))
    );
    assert_eq!(
        (r["unapproved_lines"].as_i64(), r["customer_fen"].as_i64(), r["total_fen"].as_i64()),
        (Some(2), Some(73_700), Some(100_700))
    );
    let job_id = r["jobs"][0]["id"].as_i64().unwrap();

    // Nothing goes to the workshop before the customer approved.
    let dispatch = format!("/api/v1/repair-orders/{}/jobs/{job_id}/dispatch", r["id"]);
    let tech_id = t.actor("a.tech").await.user_id.0;
    let d = call(
        &t,
        Method::POST,
        &dispatch,
        &foreman,
        Some(json!({"version": r["jobs"][0]["version"], "technician_id": tech_id})),
    )
    .await;
    assert_eq!(d.status, StatusCode::CONFLICT, "{}", d.body);
    let r = call(&t, Method::POST, &path(&r, "/estimate-approval"), &sa, Some(json!({"version": r["version"]})))
        .await
        .json();
    assert_eq!((r["status"].as_str(), r["approved_via"].as_str()), (Some("approved"), Some("paper")));

    // Dispatch is the foreman's: not the technician's nor the front desk's.
    let body = json!({"version": r["jobs"][0]["version"], "technician_id": tech_id});
    for who in [&tech, &sa] {
        assert_eq!(call(&t, Method::POST, &dispatch, who, Some(body.clone())).await.status, StatusCode::FORBIDDEN);
    }
    let r = call(&t, Method::POST, &dispatch, &foreman, Some(body)).await.json();
    assert_eq!((r["status"].as_str(), r["jobs"][0]["status"].as_str()), (Some("in_progress"), Some("assigned")));

    // The technician's phone: the job, started, paused for a part, resumed and finished. Their
    // list holds the repair orders they have a job on, and nobody else's.
    let listed = call(&t, Method::GET, "/api/v1/repair-orders", &tech, None).await.json();
    assert_eq!((listed["total"].as_i64(), listed["items"][0]["id"].as_i64()), (Some(1), r["id"].as_i64()));
    let mine = call(&t, Method::GET, "/api/v1/me/jobs", &tech, None).await.json();
    assert_eq!(mine["items"][0]["job"]["id"].as_i64(), Some(job_id));
    let steps = format!("/api/v1/repair-orders/{}/jobs/{job_id}/steps", r["id"]);
    let mut version = r["jobs"][0]["version"].clone();
    for (step, clocked) in [("start", ""), ("wait_for_parts", ""), ("start", "")] {
        let s =
            call(&t, Method::POST, &steps, &tech, Some(json!({"version": version, "step": step, "clocked": clocked})))
                .await;
        assert_eq!(s.status, StatusCode::OK, "{step}: {}", s.body);
        version = s.json()["jobs"][0]["version"].clone();
    }
    // Another technician's hand is refused; negative hours too.
    let f =
        call(&t, Method::POST, &steps, &foreman, Some(json!({"version": version, "step": "finish", "clocked": "1"})))
            .await;
    assert_eq!(f.status, StatusCode::CONFLICT, "{}", f.body);
    let f = call(&t, Method::POST, &steps, &tech, Some(json!({"version": version, "step": "finish", "clocked": "-1"})))
        .await;
    assert_eq!(f.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", f.body);
    let r =
        call(&t, Method::POST, &steps, &tech, Some(json!({"version": version, "step": "finish", "clocked": "1.2"})))
            .await
            .json();
    assert_eq!((r["status"].as_str(), r["jobs"][0]["clocked_x100"].as_i64()), (Some("quality_check"), Some(120)));

    // Settling before QC passed is refused; QC fails with its reason and the job goes back.
    let s = call(&t, Method::POST, &path(&r, "/settlement"), &sa, Some(json!({"version": r["version"]}))).await;
    assert_eq!(s.status, StatusCode::CONFLICT, "{}", s.body);
    assert!(s.body.contains("repair_qc_not_passed"), "{}", s.body);
    let q = call(
        &t,
        Method::POST,
        &path(&r, "/quality-check"),
        &foreman,
        Some(json!({"version": r["version"], "passed": false, "note": ""})),
    )
    .await;
    assert_eq!(q.status, StatusCode::UNPROCESSABLE_ENTITY, "a failure says why: {}", q.body);
    let r = call(
        &t,
        Method::POST,
        &path(&r, "/quality-check"),
        &foreman,
        Some(json!({"version": r["version"], "passed": false, "note": "试车仍有异响", "rework": [job_id]})),
    )
    .await
    .json();
    assert_eq!((r["status"].as_str(), r["jobs"][0]["status"].as_str()), (Some("in_progress"), Some("assigned")));
    assert_eq!(r["jobs"][0]["rework_note"], "试车仍有异响");
    let mut version = r["jobs"][0]["version"].clone();
    for (step, clocked) in [("start", ""), ("finish", "0.5")] {
        let s =
            call(&t, Method::POST, &steps, &tech, Some(json!({"version": version, "step": step, "clocked": clocked})))
                .await;
        version = s.json()["jobs"][0]["version"].clone();
    }
    let r = call(&t, Method::GET, &path(&r, ""), &sa, None).await.json();
    let q = call(
        &t,
        Method::POST,
        &path(&r, "/quality-check"),
        &tech,
        Some(json!({"version": r["version"], "passed": true})),
    )
    .await;
    assert_eq!(q.status, StatusCode::FORBIDDEN, "a technician does not inspect");
    // The technician opens the order of their job (outside their scope, with the other
    // capabilities' boxes on it).
    let page = t.login("a.tech").await.get(&format!("/service/repair-orders/{}", r["id"])).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let r = call(
        &t,
        Method::POST,
        &path(&r, "/quality-check"),
        &foreman,
        Some(json!({"version": r["version"], "passed": true})),
    )
    .await
    .json();
    assert_eq!(r["status"], "passed");

    // What is billed is what left the shelves: settlement waits for the parts counter.
    let s = call(&t, Method::POST, &path(&r, "/settlement"), &sa, Some(json!({"version": r["version"]}))).await;
    assert_eq!(s.status, StatusCode::CONFLICT, "{}", s.body);
    assert!(s.body.contains("repair_parts_not_issued"), "{}", s.body);
    let clerk = t.token_for("a.parts").await;
    let q = call(&t, Method::GET, &format!("/api/v1/part-requests?q={}", r["number"].as_str().unwrap()), &clerk, None)
        .await
        .json();
    let issue = format!("/api/v1/part-requests/{}/issue", q["items"][0]["id"]);
    let i =
        call(&t, Method::POST, &issue, &clerk, Some(json!({"version": q["items"][0]["version"], "warehouse": "主库"})))
            .await;
    assert_eq!(i.status, StatusCode::OK, "{}", i.body);
    let r = call(&t, Method::GET, &path(&r, ""), &sa, None).await.json();

    // Settled: the customer's part is billed; the car stays until it is paid.
    let r = call(&t, Method::POST, &path(&r, "/settlement"), &sa, Some(json!({"version": r["version"]}))).await.json();
    assert_eq!(
        (r["status"].as_str(), r["customer_fen"].as_i64(), r["total_fen"].as_i64()),
        (Some("settled"), Some(73_700), Some(100_700))
    );
    let id = r["id"].as_i64().unwrap();
    let bill = t
        .with_app(move |app| {
            let d = domain::billing::Document { kind: domain::billing::DocumentKind::RepairOrder, id };
            app.database().read(|c| storage::billing::get(c, d)).expect("billed")
        })
        .await;
    assert_eq!((bill.amount_fen, bill.number.as_str()), (73_700, r["number"].as_str().unwrap()));
    let h = call(&t, Method::POST, &path(&r, "/handover"), &sa, Some(json!({"version": r["version"]}))).await;
    assert_eq!(h.status, StatusCode::CONFLICT);
    assert!(h.body.contains("repair_unpaid"), "{}", h.body);

    // The cashier takes no more than is due; what they take counts at once, with its receipt.
    let pay = path(&r, "/payments");
    let p = call(
        &t,
        Method::POST,
        &pay,
        &cashier,
        Some(json!({"method": "wechat_pay", "amount_fen": 73_701, "reference": "WX-RO-1"})),
    )
    .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", p.body);
    let p = call(&t, Method::POST, &pay, &tech, Some(json!({"method": "cash", "amount_fen": 100}))).await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    let p = call(
        &t,
        Method::POST,
        &pay,
        &cashier,
        Some(json!({"method": "wechat_pay", "amount_fen": 73_700, "reference": "WX-RO-1"})),
    )
    .await;
    assert_eq!(p.status, StatusCode::CREATED, "{}", p.body);
    let p = p.json();
    assert_eq!((p["status"].as_str(), p["document_kind"].as_str()), (Some("confirmed"), Some("repair_order")));
    assert!(p["receipt_no"].as_str().is_some_and(|n| n.contains("-SK")), "{p}");
    let receipt =
        t.client().api(Method::GET, &format!("/api/v1/payments/{}/receipt", p["id"]), Some(&cashier), None).await;
    assert_eq!(receipt.status, StatusCode::OK, "the receipt of a repair order's payment renders");

    let r = call(&t, Method::GET, &path(&r, ""), &sa, None).await.json();
    assert_eq!(r["paid"], true);
    let r = call(&t, Method::POST, &path(&r, "/handover"), &sa, Some(json!({"version": r["version"]}))).await.json();
    assert_eq!(r["status"], "handed_over");
    let steps: Vec<&str> = r["events"].as_array().unwrap().iter().map(|e| e["step"].as_str().unwrap()).collect();
    for s in [
        "received",
        "estimate_approved",
        "dispatched",
        "finish",
        "qc_failed",
        "qc_passed",
        "settled",
        "paid",
        "handed_over",
    ] {
        assert!(steps.contains(&s), "{s} in {steps:?}");
    }
    let audit = t.audit_actions("repair_order", id).await;
    for a in
        ["repair_order.received", "repair_order.settled", "repair_order.payment_confirmed", "repair_order.handed_over"]
    {
        assert!(audit.iter().any(|x| x == a), "{a} in {audit:?}");
    }
    // Nothing more changes a car that left.
    let late = json!({"version": r["version"], "name": "洗车", "system": "other", "hours": "0.5", "payer": "customer"});
    assert_eq!(call(&t, Method::POST, &path(&r, "/jobs"), &sa, Some(late)).await.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn bad_reception_input_and_forbidden_steps_are_refused_with_their_reason_and_change_nothing() {
    let t = TestApp::new().await;
    let sa = t.token_for("a.service").await;
    let foreman = t.token_for("a.foreman").await;
    let (_, vehicle) = car(&t, &sa, "13700003102", "LSVAU2180N2183102", "沪A3F102").await;

    let bad = json!({"customer_vehicle_id": vehicle, "mileage_km": -5, "fuel_percent": 120, "complaints": " ", "promised_at": "2020-01-01T10:00"});
    let r = call(&t, Method::POST, "/api/v1/repair-orders", &sa, Some(bad)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    for f in ["mileage_km", "fuel_percent", "complaints", "promised_at"] {
        assert!(r.body.contains(&format!("\"{f}\"")), "{f}: {}", r.body);
    }
    let list = call(&t, Method::GET, "/api/v1/repair-orders", &sa, None).await.json();
    assert_eq!(list["total"], 0, "nothing was created");

    // Roles that do not receive cars, and another store's car.
    for who in ["a.advisor1", "a.tech", "a.finance"] {
        let token = t.token_for(who).await;
        let body = json!({"customer_vehicle_id": vehicle, "mileage_km": 100, "fuel_percent": 50, "complaints": "x"});
        assert_eq!(
            call(&t, Method::POST, "/api/v1/repair-orders", &token, Some(body)).await.status,
            StatusCode::FORBIDDEN,
            "{who}"
        );
    }
    let b = t.token_for("b.advisor1").await;
    let (_, other) = car(&t, &b, "13700003109", "LSVAU2180N2183109", "苏E3F109").await;
    let body = json!({"customer_vehicle_id": other, "mileage_km": 100, "fuel_percent": 50, "complaints": "x"});
    let r = call(&t, Method::POST, "/api/v1/repair-orders", &sa, Some(body)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);

    // A car outside its 三包 period takes no 三包 line; a car already in the shop no second order.
    let r = receive(&t, &sa, vehicle, 80_000, &days_ago(3 * 365)).await;
    assert_eq!(r["clocks"]["in_period"], false);
    let job =
        json!({"version": r["version"], "name": "更换水泵", "system": "engine", "hours": "2", "payer": "warranty"});
    let j = call(&t, Method::POST, &path(&r, "/jobs"), &sa, Some(job)).await;
    assert_eq!(j.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", j.body);
    assert!(j.body.contains("repair_outside_warranty"), "{}", j.body);
    let again = json!({"customer_vehicle_id": vehicle, "mileage_km": 80_001, "fuel_percent": 50, "complaints": "x"});
    let a = call(&t, Method::POST, "/api/v1/repair-orders", &sa, Some(again)).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    for hours in ["0", "-1", "abc", "100"] {
        let job =
            json!({"version": r["version"], "name": "检查", "system": "other", "hours": hours, "payer": "customer"});
        assert_eq!(
            call(&t, Method::POST, &path(&r, "/jobs"), &sa, Some(job)).await.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{hours}"
        );
    }
    let r = call(&t, Method::GET, &path(&r, ""), &sa, None).await.json();
    assert_eq!(r["jobs"], json!([]), "nothing was added");

    // The foreman who worked on the car does not inspect it.
    let job =
        json!({"version": r["version"], "name": "检查异响", "system": "suspension", "hours": "1", "payer": "customer"});
    let r = call(&t, Method::POST, &path(&r, "/jobs"), &sa, Some(job)).await.json();
    let r = call(&t, Method::POST, &path(&r, "/estimate-approval"), &sa, Some(json!({"version": r["version"]})))
        .await
        .json();
    let job_id = r["jobs"][0]["id"].as_i64().unwrap();
    let me = t.actor("a.foreman").await.user_id.0;
    let dispatch = format!("/api/v1/repair-orders/{}/jobs/{job_id}/dispatch", r["id"]);
    let r = call(
        &t,
        Method::POST,
        &dispatch,
        &foreman,
        Some(json!({"version": r["jobs"][0]["version"], "technician_id": me})),
    )
    .await
    .json();
    let steps = format!("/api/v1/repair-orders/{}/jobs/{job_id}/steps", r["id"]);
    let s =
        call(&t, Method::POST, &steps, &foreman, Some(json!({"version": r["jobs"][0]["version"], "step": "start"})))
            .await
            .json();
    let r = call(
        &t,
        Method::POST,
        &steps,
        &foreman,
        Some(json!({"version": s["jobs"][0]["version"], "step": "finish", "clocked": "1"})),
    )
    .await
    .json();
    assert_eq!(r["status"], "quality_check");
    let q = call(
        &t,
        Method::POST,
        &path(&r, "/quality-check"),
        &foreman,
        Some(json!({"version": r["version"], "passed": true})),
    )
    .await;
    assert_eq!(q.status, StatusCode::CONFLICT);
    assert!(q.body.contains("repair_qc_own_work"), "{}", q.body);
    // A car on which work started is not cancelled.
    let c = call(
        &t,
        Method::POST,
        &path(&r, "/cancel"),
        &sa,
        Some(json!({"version": r["version"], "reason": "客户不修了"})),
    )
    .await;
    assert_eq!(c.status, StatusCode::CONFLICT, "{}", c.body);

    // Another store's staff do not see the repair order.
    let other = t.token_for("b.advisor1").await;
    assert_eq!(call(&t, Method::GET, &path(&r, ""), &other, None).await.status, StatusCode::FORBIDDEN);
    let gm = t.token_for("a.gm").await;
    assert_eq!(call(&t, Method::GET, &path(&r, ""), &gm, None).await.status, StatusCode::OK);
}

/// A whole 三包 visit for the `system`: received, approved, worked, inspected, settled (nothing
/// for the customer to pay) and handed back.
pub async fn warranty_visit(t: &TestApp, vehicle: i64, km: i64, system: &str) -> Value {
    visit_with_job(t, vehicle, km, "三包维修", system).await
}

/// A whole visit paid by the maker (三包): received, the job `name` done, QC passed, settled and
/// handed back.
pub async fn visit_with_job(t: &TestApp, vehicle: i64, km: i64, name: &str, system: &str) -> Value {
    let (sa, foreman, tech) =
        (t.token_for("a.service").await, t.token_for("a.foreman").await, t.token_for("a.tech").await);
    let r = receive(t, &sa, vehicle, km, &days_ago(200)).await;
    let job = json!({"version": r["version"], "name": name, "system": system, "hours": "1", "payer": "warranty"});
    let r = call(t, Method::POST, &path(&r, "/jobs"), &sa, Some(job)).await.json();
    let r = call(t, Method::POST, &path(&r, "/estimate-approval"), &sa, Some(json!({"version": r["version"]})))
        .await
        .json();
    let job_id = r["jobs"][0]["id"].as_i64().unwrap();
    let tech_id = t.actor("a.tech").await.user_id.0;
    let jobs = format!("/api/v1/repair-orders/{}/jobs/{job_id}", r["id"]);
    let r = call(
        t,
        Method::POST,
        &format!("{jobs}/dispatch"),
        &foreman,
        Some(json!({"version": r["jobs"][0]["version"], "technician_id": tech_id})),
    )
    .await
    .json();
    let r = call(
        t,
        Method::POST,
        &format!("{jobs}/steps"),
        &tech,
        Some(json!({"version": r["jobs"][0]["version"], "step": "start"})),
    )
    .await
    .json();
    let r = call(
        t,
        Method::POST,
        &format!("{jobs}/steps"),
        &tech,
        Some(json!({"version": r["jobs"][0]["version"], "step": "finish", "clocked": "1"})),
    )
    .await
    .json();
    let r = call(
        t,
        Method::POST,
        &path(&r, "/quality-check"),
        &foreman,
        Some(json!({"version": r["version"], "passed": true})),
    )
    .await
    .json();
    let r = call(t, Method::POST, &path(&r, "/settlement"), &sa, Some(json!({"version": r["version"]}))).await.json();
    assert_eq!(
        (r["customer_fen"].as_i64(), r["paid"].as_bool()),
        (Some(0), Some(true)),
        "三包 costs the customer nothing"
    );
    let r = call(t, Method::POST, &path(&r, "/handover"), &sa, Some(json!({"version": r["version"]}))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

#[tokio::test]
async fn the_warranty_clocks_count_days_in_the_shop_and_repeat_repairs_from_the_cars_repair_orders() {
    let t = TestApp::new().await;
    let sa = t.token_for("a.service").await;
    let (_, vehicle) = car(&t, &sa, "13700003103", "LSVAU2180N2183103", "沪A3F103").await;
    // Three 三包 visits for the brakes, one for the gearbox, and a cancelled one that counts nothing.
    for km in [5_000, 6_000, 7_000] {
        warranty_visit(&t, vehicle, km, "brakes").await;
    }
    warranty_visit(&t, vehicle, 7_500, "gearbox").await;
    let r = receive(&t, &sa, vehicle, 7_600, "").await;
    let c =
        call(&t, Method::POST, &path(&r, "/cancel"), &sa, Some(json!({"version": r["version"], "reason": "客户改约"})))
            .await;
    assert_eq!(c.status, StatusCode::OK, "{}", c.body);

    let clocks = call(&t, Method::GET, "/api/v1/warranty-clocks?vin=LSVAU2180N2183103", &sa, None).await.json();
    assert_eq!(clocks["repeats"], json!([["gearbox", 1], ["brakes", 3]]), "{clocks}");
    assert_eq!(clocks["days_in_shop"], 4, "four same-day visits count a day each");
    assert_eq!(clocks["approaching"], true);
    // The fourth reception for the brakes is warned: one more and the customer may ask for a new car.
    let r = receive(&t, &sa, vehicle, 8_000, "").await;
    let warnings = r["clocks"]["warnings"].as_array().unwrap().clone();
    assert!(warnings.contains(&json!({"kind": "repeats", "system": "brakes", "count": 3, "limit": 4})), "{warnings:?}");
    assert!(
        warnings.contains(&json!({"kind": "repeats", "system": "gearbox", "count": 1, "limit": 2})),
        "a main system's limit is two: {warnings:?}"
    );
    let bad = call(&t, Method::GET, "/api/v1/warranty-clocks?vin=nope", &sa, None).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
}

/// The customer follows the repair on the page the desk sends them and approves the estimate
/// there; the approval is theirs in the history and the audit log, and the advisor is told.
#[tokio::test]
async fn the_customer_approves_the_estimate_on_their_page_and_a_tampered_link_opens_nothing() {
    let t = TestApp::new().await;
    let sa = t.token_for("a.service").await;
    let (_, vehicle) = car(&t, &sa, "13700003104", "LSVAU2180N2183104", "沪AD31040").await;
    let r = receive(&t, &sa, vehicle, 900, "").await;
    let job = json!({"version": r["version"], "name": "更换空调滤芯", "system": "air_conditioning", "hours": "0.5", "payer": "customer"});
    let r = call(&t, Method::POST, &path(&r, "/jobs"), &sa, Some(job)).await.json();
    let id = r["id"].as_i64().unwrap();

    // Sent by e-mail (no SMS gateway here); the technician may not send it.
    let mut desk = t.login("a.service").await;
    desk.get(&format!("/service/repair-orders/{id}")).await;
    let sent = desk.post(&format!("/service/repair-orders/{id}/link"), &[]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let mut tech = t.login("a.tech").await;
    tech.get("/").await;
    assert_eq!(tech.post(&format!("/service/repair-orders/{id}/link"), &[]).await.status, StatusCode::FORBIDDEN);
    let actor = t.actor("a.service").await;
    let url = t.with_app(move |app| app::service::link_url(app, &actor, id)).await.expect("link");
    let mail = t
        .with_app(|app| {
            app.database().read(|c| storage::outbox::to_recipient(c, "buyer@example.com", 5)).expect("outbox")
        })
        .await;
    assert!(mail.iter().any(|m| m.body.contains("/r/")), "the link went to the customer's e-mail");

    let token = url.rsplit("/r/").next().unwrap().to_string();
    let mut customer = t.client();
    let page = customer.get(&format!("/r/{token}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"customer-approve\"") && page.body.contains("更换空调滤芯"), "{}", page.body);
    for internal in ["右后门划痕", "a.service"] {
        assert!(!page.body.contains(internal), "{internal} is not for the customer");
    }
    let stale = customer.post(&format!("/r/{token}/approve"), &[("version", "0")]).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    let version = r["version"].to_string();
    let ok = customer.post(&format!("/r/{token}/approve"), &[("version", version.as_str())]).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert!(ok.body.contains("id=\"customer-message\"") && !ok.body.contains("id=\"customer-approve\""));
    let r = call(&t, Method::GET, &format!("/api/v1/repair-orders/{id}"), &sa, None).await.json();
    assert_eq!((r["status"].as_str(), r["approved_via"].as_str()), (Some("approved"), Some("link")));
    assert!(
        r["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["step"] == "estimate_approved_by_customer" && e["by"].is_null())
    );
    let notes = t.client().api(Method::GET, "/api/v1/notifications", Some(&sa), None).await.body;
    assert!(notes.contains(r["number"].as_str().unwrap()), "the advisor is told: {notes}");

    // A tampered or foreign token opens nothing.
    assert_eq!(t.client().get(&format!("/r/{token}x")).await.status, StatusCode::NOT_FOUND);
}

/// The store's labour rate is the general manager's or administrator's to set; new jobs are
/// priced at it, jobs already written keep theirs.
#[tokio::test]
async fn the_labour_rate_prices_new_jobs_and_only_settings_managers_change_it() {
    let t = TestApp::new().await;
    let sa = t.token_for("a.service").await;
    let (_, vehicle) = car(&t, &sa, "13700003105", "LSVAU2180N2183105", "沪A3F105").await;
    let r = receive(&t, &sa, vehicle, 900, "").await;
    let job = |v: &Value| json!({"version": v["version"], "name": "检查", "system": "other", "hours": "1", "payer": "customer"});
    let r = call(&t, Method::POST, &path(&r, "/jobs"), &sa, Some(job(&r))).await.json();
    assert_eq!(r["jobs"][0]["amount_fen"], 18_000);

    for who in ["a.service", "a.foreman", "a.tech", "a.finance"] {
        let token = t.token_for(who).await;
        let s = call(&t, Method::PUT, "/api/v1/labour-rate", &token, Some(json!({"rate": "1"}))).await;
        assert_eq!(s.status, StatusCode::FORBIDDEN, "{who}");
    }
    let gm = t.token_for("a.gm").await;
    for bad in ["0", "abc", "-5", "200000"] {
        let s = call(&t, Method::PUT, "/api/v1/labour-rate", &gm, Some(json!({"rate": bad}))).await;
        assert_eq!(s.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {}", s.body);
    }
    let s = call(&t, Method::PUT, "/api/v1/labour-rate", &gm, Some(json!({"rate": "220.50"}))).await;
    assert_eq!(s.json()["labour_rate_fen"], 22_050, "{}", s.body);
    let admin = t.token_for("a.admin").await;
    assert_eq!(call(&t, Method::GET, "/api/v1/labour-rate", &admin, None).await.json()["labour_rate_fen"], 22_050);

    let r = call(&t, Method::POST, &path(&r, "/jobs"), &sa, Some(job(&r))).await.json();
    let amounts: Vec<i64> = r["jobs"].as_array().unwrap().iter().map(|j| j["amount_fen"].as_i64().unwrap()).collect();
    assert_eq!(amounts, vec![18_000, 22_050], "the first job keeps its rate");
    let store = t.fx.store_a.id;
    assert!(t.audit_actions("service_settings", store).await.iter().any(|a| a == "service_settings.labour_rate_set"));
}

#[tokio::test]
async fn a_cars_service_history_lists_every_visit_with_its_jobs_parts_and_technician() {
    let t = TestApp::new().await;
    let sa = t.token_for("a.service").await;
    let (_, vehicle) = car(&t, &sa, "13700006101", "LSVAU2180N2186101", "沪A6H101").await;
    warranty_visit(&t, vehicle, 3_000, "brakes").await;
    warranty_visit(&t, vehicle, 5_000, "engine").await;
    let tech = t.token_for("a.tech").await;
    let r = call(&t, Method::GET, &format!("/api/v1/customer-vehicles/{vehicle}/service-history"), &tech, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let h = r.json();
    let visits = h["visits"].as_array().unwrap();
    assert_eq!(visits.len(), 2);
    assert_eq!(
        (visits[0]["mileage_km"].as_i64(), visits[1]["mileage_km"].as_i64()),
        (Some(5_000), Some(3_000)),
        "newest first"
    );
    assert_eq!(visits[0]["jobs"][0]["system"], "engine");
    assert!(visits[0]["jobs"][0]["technician"].as_str().is_some_and(|n| !n.is_empty()), "{h}");
    // Sales staff do not read the workshop's records; another store does not see the car.
    for who in ["a.advisor1", "b.advisor1"] {
        let token = t.token_for(who).await;
        let r =
            call(&t, Method::GET, &format!("/api/v1/customer-vehicles/{vehicle}/service-history"), &token, None).await;
        assert!(matches!(r.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND), "{who}: {}", r.status);
    }
    let mut web = t.login("a.service").await;
    let page = web.get(&format!("/service/vehicles/{vehicle}/history")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.body.matches("history-visit\" id=\"visit-").count(), 2, "{}", page.body);
    assert!(page.body.contains("data-print"), "printable");
}
