//! PDI photos: a phone's JPEG, PNG or HEIC for a checklist item, checked by its bytes; from the
//! API (the body is the image) and from the PDI page (a multipart form with its CSRF token).

use crate::delivery::with_car;
use crate::support::*;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};

fn jpeg(size: usize) -> Vec<u8> {
    let mut b = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F'];
    b.resize(size, 0x5A);
    b
}

async fn upload(t: &TestApp, token: &str, id: i64, item: &str, content_type: &str, body: Vec<u8>) -> Resp {
    let req = Request::post(format!("/api/v1/orders/{id}/pdi/photos?item={item}"))
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", content_type)
        .body(Body::from(body))
        .unwrap();
    t.client().send(req).await
}

#[tokio::test]
async fn a_photo_is_checked_by_its_bytes_and_kept_with_the_order() {
    let t = TestApp::new().await;
    let (adv, id, _) = with_car(&t, "13700003901", 3901).await;
    let yard = t.token_for("a.inventory").await;
    // A 5 MB photo from a phone.
    let r = upload(&t, &yard, id, "paint", "image/jpeg", jpeg(5 * 1024 * 1024)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let photo = r.json()["id"].as_i64().unwrap();
    // Bad uploads: each refused with its reason, nothing kept.
    let png_as_jpeg = b"\x89PNG\r\n\x1a\n0000000000".to_vec();
    for (item, ct, body, code) in [
        ("paint", "image/jpeg", png_as_jpeg, "photo_type_mismatch"),
        ("paint", "image/jpeg", b"%PDF-1.7 not a photo".to_vec(), "photo_not_image"),
        ("paint", "image/jpeg", Vec::new(), "photo_empty"),
        ("wallbox_7kw_11kw", "image/jpeg", jpeg(2048), "pdi_item_unknown"),
    ] {
        let r = upload(&t, &yard, id, item, ct, body).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{code}: {}", r.body);
        assert_eq!(r.json()["error"]["fields"][0]["code"], code, "{}", r.body);
    }
    let r = upload(&t, &yard, id, "paint", "image/jpeg", jpeg(11 * 1024 * 1024)).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "over the limit");
    // Only the yard and the managers take photos; the advisor reads them.
    assert_eq!(upload(&t, &adv, id, "paint", "image/jpeg", jpeg(2048)).await.status, StatusCode::FORBIDDEN);
    let d = t.client().api(Method::GET, &format!("/api/v1/orders/{id}/delivery"), Some(&adv), None).await.json();
    assert_eq!(d["photos"].as_array().unwrap().len(), 1, "{d}");
    assert_eq!(d["photos"][0]["item_key"], "paint");
    let req = Request::get(format!("/api/v1/pdi-photos/{photo}"))
        .header("authorization", format!("Bearer {adv}"))
        .body(Body::empty())
        .unwrap();
    let got = t.client().send(req).await;
    assert_eq!((got.status, got.bytes.len()), (StatusCode::OK, 5 * 1024 * 1024));
    assert_eq!(got.headers["content-type"], "image/jpeg");
    let other = t.token_for("b.advisor1").await;
    let req = Request::get(format!("/api/v1/pdi-photos/{photo}"))
        .header("authorization", format!("Bearer {other}"))
        .body(Body::empty())
        .unwrap();
    assert_eq!(t.client().send(req).await.status, StatusCode::NOT_FOUND, "another store's advisor");
}

#[tokio::test]
async fn the_pdi_page_takes_a_photo_as_a_multipart_form_with_its_token() {
    let t = TestApp::new().await;
    let (_, id, _) = with_car(&t, "13700003902", 3902).await;
    let mut yard = t.login("a.inventory").await;
    let page = yard.get(&format!("/orders/{id}/pdi")).await;
    assert!(page.body.contains("id=\"photo-form\""));
    let csrf = yard.csrf.clone().expect("token");
    let multipart = |token: &str, bytes: &[u8], ct: &str| {
        let mut body = Vec::new();
        for (name, value) in [("_csrf", token), ("item", "tyre_pressure")] {
            body.extend(
                format!("--XX\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
            );
        }
        body.extend(format!("--XX\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.jpg\"\r\nContent-Type: {ct}\r\n\r\n").as_bytes());
        body.extend(bytes);
        body.extend(b"\r\n--XX--\r\n");
        Request::post(format!("/orders/{id}/pdi/photos"))
            .header("content-type", "multipart/form-data; boundary=XX")
            .body(Body::from(body))
            .unwrap()
    };
    let r = yard.send(multipart("wrong", &jpeg(1024), "image/jpeg")).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "a forged form is refused");
    let r = yard.send(multipart(&csrf, b"GIF89a........", "image/jpeg")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("文件不是照片"), "{}", r.body);
    let csrf = yard.csrf.clone().expect("token");
    let r = yard.send(multipart(&csrf, &jpeg(3 * 1024 * 1024), "image/jpeg")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = yard.get(&format!("/orders/{id}/pdi")).await;
    assert!(page.body.contains("id=\"photo-list\"") && page.body.contains("3072 KB"), "{}", page.body);
}
