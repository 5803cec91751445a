use crate::support::*;
use axum::http::{Method, StatusCode};

/// Creates brand → model → two trims through the pages; returns (model id, trim ids).
async fn build_model(admin: &mut Client) -> (i64, Vec<i64>) {
    admin.get("/catalogue/brands/new").await;
    let r = admin.post("/catalogue", &[("name", "斯柯达"), ("name_en", "Skoda")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let brand = admin.get("/catalogue").await;
    let brand_id: String = brand
        .body
        .match_indices("/catalogue/brands/")
        .map(|(i, m)| brand.body[i + m.len()..].chars().take_while(char::is_ascii_digit).collect::<String>())
        .find(|id| !id.is_empty())
        .expect("a brand link");
    let r =
        admin.post(&format!("/catalogue/brands/{brand_id}/models"), &[("name", "明锐"), ("body_type", "轿车")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let model = r.redirect_id();
    for (name, msrp) in [("1.5L 舒适版", "119900"), ("1.5L 豪华版", "135,900.00")] {
        let r = admin
            .post(
                &format!("/catalogue/models/{model}/trims"),
                &[
                    ("name", name),
                    ("model_year", "2026"),
                    ("msrp", msrp),
                    ("floor_price", "110000"),
                    ("fuel_type", "petrol"),
                    ("seats", "5"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let detail = admin.get(&format!("/catalogue/models/{model}")).await;
    assert!(detail.body.contains("¥135,900.00") && detail.body.contains("¥119,900.00"));
    let trims: Vec<i64> = detail
        .body
        .match_indices("/catalogue/trims/")
        .map(|(i, _)| {
            detail.body[i + 17..].chars().take_while(char::is_ascii_digit).collect::<String>().parse().unwrap()
        })
        .collect();
    (model, trims)
}

#[tokio::test]
async fn administrators_build_the_catalogue_with_prices_in_yuan_stored_as_fen() {
    let t = TestApp::new().await;
    let mut admin = t.login("admin").await;
    let (model, trims) = build_model(&mut admin).await;
    assert_eq!(trims.len(), 2);
    let r = admin
        .post(
            &format!("/catalogue/models/{model}/trims"),
            &[
                ("name", "错价"),
                ("model_year", "1999"),
                ("msrp", "100000"),
                ("floor_price", "120000"),
                ("fuel_type", "petrol"),
                ("seats", "0"),
                ("nev_catalogue", "true"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for msg in ["年款应在 2000-2100 之间", "最低限价不能高于指导价", "座位数应在 1-60 之间", "只有插电混动或纯电车型"]
    {
        assert!(r.body.contains(msg), "missing {msg}");
    }
    let r = admin
        .post(
            &format!("/catalogue/models/{model}/colours"),
            &[("kind", "exterior"), ("name", "深海蓝"), ("extra_price", "1500")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let t0 = trims[0].to_string();
    let r = admin
        .post(
            &format!("/catalogue/models/{model}/options"),
            &[("kind", "accessory"), ("name", "脚垫"), ("price", "680"), ("trim_ids", &t0)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = admin
        .post(
            &format!("/catalogue/models/{model}/options"),
            &[("kind", "option"), ("name", "天窗"), ("price", "6000"), ("trim_ids", "999999")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a trim of another model");
    let token = t.token_for("a.advisor1").await;
    let api = admin.api(Method::GET, &format!("/api/v1/catalogue/models/{model}"), Some(&token), None).await;
    let body = api.json();
    assert_eq!(body["trims"][1]["msrp_fen"], 13_590_000);
    assert_eq!(body["colours"][0]["extra_price_fen"], 150_000);
    assert_eq!(body["options"][0]["trim_ids"], serde_json::json!([trims[0]]));
}

#[tokio::test]
async fn everyone_who_sells_reads_the_catalogue_but_only_administrators_change_it() {
    let t = TestApp::new().await;
    let mut admin = t.login("admin").await;
    let (model, trims) = build_model(&mut admin).await;
    let mut adv = t.login("a.advisor1").await;
    let page = adv.get(&format!("/catalogue/models/{model}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("新建配置"), "no edit buttons");
    assert_eq!(adv.get("/catalogue/brands/new").await.status, StatusCode::FORBIDDEN);
    let r = adv
        .post(
            &format!("/catalogue/trims/{}", trims[0]),
            &[
                ("version", "1"),
                ("name", "降价"),
                ("model_year", "2026"),
                ("msrp", "1"),
                ("fuel_type", "petrol"),
                ("seats", "5"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let token = t.token_for("a.advisor1").await;
    let r =
        adv.api(Method::POST, "/api/v1/catalogue/brands", Some(&token), Some(serde_json::json!({"name": "x"}))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}
