//! Fixture builders: the set-up the tests share, written once. Each builds through the public
//! API or the use cases, as a user would, and checks that the step it takes succeeded.

use crate::support::*;
use axum::http::{Method, StatusCode};
use domain::org::Actor;
use serde_json::{Value, json};

/// A drawn signature, as the signature pad sends it.
pub const SIGNATURE: &[u8] = include_bytes!("../../src/demo/signatures/buyer.png");

impl TestApp {
    /// The user `username` as an actor in their own store.
    pub async fn actor(&self, username: &str) -> Actor {
        let u = username.to_string();
        self.with_app(move |app| {
            let user = app.database().read(|c| storage::users::find_by_username(c, &u)).expect("read").expect("user");
            app::org::auth::actor_of(&user, user.store_id).expect("actor")
        })
        .await
    }

    /// A customer created by `token`'s user (who owns it), with an e-mail for the order mails.
    pub async fn customer(&self, token: &str, mobile: &str) -> i64 {
        let r = self
            .client()
            .api(
                Method::POST,
                "/api/v1/customers",
                Some(token),
                Some(json!({"name": "订单客户", "mobile": mobile, "email": "buyer@example.com"})),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        r.json()["id"].as_i64().expect("id")
    }

    /// A draft order of `customer` at `discount_percent` % off, created by `token`: the order page
    /// the API answered with.
    pub async fn draft_order(&self, token: &str, customer: i64, discount_percent: &str) -> Value {
        let body = crate::orders::order_body(self, customer, discount_percent);
        let r = self.client().api(Method::POST, "/api/v1/orders", Some(token), Some(body)).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        r.json()
    }

    /// The signed link token of order `id`.
    pub async fn link_token(&self, id: i64) -> String {
        self.with_app(move |app| {
            let customer = app.database().read(|c| storage::sales::get(c, id)).expect("order").customer_id;
            app::sales::link_token(app, domain::ids::OrderId(id), domain::ids::CustomerId(customer))
        })
        .await
    }

    /// A draft order created by `token` for `customer`, submitted (version 2) and confirmed by the
    /// customer through their link (version 3): its id, and the confirmation's answer (`status`
    /// `approved`, or `awaiting_approval` when the rules ask for approval).
    pub async fn confirmed_order(&self, token: &str, customer: i64, discount_percent: &str) -> (i64, Value) {
        let id = self.draft_order(token, customer, discount_percent).await["order"]["id"].as_i64().expect("id");
        let mut c = self.client();
        let r = crate::orders::step(&mut c, token, id, "submit", 1, "").await;
        assert_eq!(r.status, StatusCode::OK, "submit: {}", r.body);
        let link = self.link_token(id).await;
        let r = c.api(Method::POST, "/api/v1/orders/confirm", None, Some(json!({"token": link, "version": 2}))).await;
        assert_eq!(r.status, StatusCode::OK, "confirm: {}", r.body);
        (id, r.json())
    }

    /// A vehicle of the fixture's trim and colour registered in stock at store A by logistics,
    /// for `usage` (`""`: for sale, `"demo"`: a demo car); `serial` makes its VIN.
    async fn registered_vehicle(&self, serial: u32, usage: &'static str) -> (Actor, app::inventory::Vehicle) {
        let actor = self.actor("a.inventory").await;
        let (trim, colour) = (self.fx.trim, self.fx.colour);
        self.with_app(move |app| {
            let mut vin = format!("LGWEF4A5{serial:09}");
            let check = char::from(domain::ident::Vin::check_digit(&vin));
            vin.replace_range(8..9, &check.to_string());
            let input = app::inventory::VehicleInput {
                engine_no: format!("E{serial:08}"),
                certificate_no: format!("WDJ{serial:012}"),
                vin,
                trim_id: Some(trim),
                exterior_colour_id: Some(colour),
                whereabouts: "in_stock".into(),
                usage: usage.into(),
                ..Default::default()
            };
            let v = app::inventory::register(app, &actor, &input, None).expect("registered");
            (actor, v)
        })
        .await
    }

    /// A vehicle in stock at store A allocated to approved order `order` (the order then says
    /// "allocated"); `serial` makes its VIN. Returns the vehicle.
    pub async fn allocated_vehicle(&self, order: i64, serial: u32) -> app::inventory::Vehicle {
        let (actor, v) = self.registered_vehicle(serial, "").await;
        self.with_app(move |app| {
            app::inventory::allocate(app, &actor, domain::ids::VehicleId(v.id), v.version, domain::ids::OrderId(order))
                .expect("allocated")
        })
        .await
    }

    /// The contract of approved order `id` generated by `advisor`, signed by the buyer with the
    /// code mailed to them and countersigned: the order then says "contract signed".
    pub async fn signed_contract(&self, advisor: &str, id: i64) {
        let actor = self.actor(advisor).await;
        let token = self.link_token(id).await;
        self.with_app(move |app| {
            use app::finance::{contracts, signing};
            let k = contracts::generate(app, &actor, id, None).expect("generated");
            signing::send_code(app, &token, k.id).expect("code sent");
            let email =
                app::customers::get(app, &actor, app::sales::get(app, &actor, id).expect("order").order.customer_id)
                    .expect("customer")
                    .email
                    .expect("e-mail");
            let code = mailed_code_in(app, &email);
            let device = signing::Device { ip: "10.0.0.9".into(), user_agent: "test phone".into() };
            signing::sign(app, &token, k.id, &code, SIGNATURE, &device).expect("signed");
            let k = contracts::get(app, &actor, k.id).expect("contract");
            contracts::countersign(app, &actor, k.id, k.version_lock, SIGNATURE).expect("countersigned");
        })
        .await
    }

    /// A demo car (usage "demo") of store A, registered by logistics; `serial` makes its VIN.
    pub async fn demo_car(&self, serial: u32) -> i64 {
        self.registered_vehicle(serial, "demo").await.1.id
    }

    /// A loaner car (usage "loaner") of store A, registered by logistics.
    pub async fn loaner_car(&self, serial: u32) -> i64 {
        self.registered_vehicle(serial, "loaner").await.1.id
    }
}

/// The six digits of a signing code in a message's text.
pub fn six_digits(text: &str) -> String {
    text.split(|ch: char| !ch.is_ascii_digit()).find(|w| w.len() == 6).expect("six digits").to_string()
}

/// The code of the newest signing-code e-mail to `email`, as the customer reads it.
pub fn mailed_code_in(app: &app::App, email: &str) -> String {
    let mails = app.database().read(|c| storage::outbox::to_recipient(c, email, 20)).expect("outbox");
    // Newest first: the code of the last request.
    six_digits(&mails.iter().find(|m| m.subject.contains("验证码")).expect("code mail").body)
}
