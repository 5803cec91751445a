//! The customer's e-signature on their phone, through the order's signed link: read the PDF,
//! receive a one-time code, draw the signature, sign.
//!
//! How consent is proved sits behind [`SigningService`]: the built-in service sends a one-time
//! code by e-mail and keeps the drawn signature with the evidence (a simple electronic
//! signature). A store that needs the "reliable electronic signature" of the Electronic
//! Signature Law (art. 13) plugs a licensed CA-backed service in here; the order flow only sees
//! "the customer signed this version, with this evidence".

use crate::kernel::audit::{self, Action, Changes, Record};
use crate::kernel::notify::{self, Notice, Sent};
use crate::{App, AppError, AppResult};
use chrono::NaiveDateTime;
use domain::error::ErrorCode;
use domain::finance::contract::{CODE_TTL, Issues, SentCode, check_code, next_issue};
use domain::finance::{ContractStatus, SigningError};
use storage::DbConnection;
use storage::customers::CustomerRow;
use storage::finance::contracts::{self as rows, CodeRow, ContractRow};
use storage::scope::Visibility;

/// What the customer's device sent along with the signature.
#[derive(Debug, Clone, Default)]
pub struct Device {
    pub ip: String,
    pub user_agent: String,
}

/// Proves the customer's consent to a contract version.
pub trait SigningService: Sync {
    /// How consent is challenged (`code`: a one-time code by SMS or e-mail; a CA service's name).
    fn channel(&self) -> &'static str;
    /// Sends the customer a challenge for `contract`; returns where it went (masked).
    fn challenge(
        &self,
        app: &App,
        c: &mut DbConnection,
        contract: &ContractRow,
        customer: &CustomerRow,
    ) -> AppResult<Sent>;
    /// Checks the customer's answer; on success, the evidence to keep (JSON object fields).
    fn respond(
        &self,
        app: &App,
        c: &mut DbConnection,
        contract: &ContractRow,
        answer: &str,
        now: NaiveDateTime,
    ) -> AppResult<serde_json::Map<String, serde_json::Value>>;
}

/// A six-digit code to the order's signing contact (by SMS when the gateway is configured, else
/// by e-mail), valid for ten minutes; five wrong tries lock the contract until the advisor
/// unlocks it, however many codes were sent; at most three codes an hour.
pub struct OneTimeCode;

fn code_hash(app: &App, contract_id: i64, code: &str) -> String {
    app.secrets.blind_index(&format!("signing-code:{contract_id}:{}", code.trim()))
}

impl SigningService for OneTimeCode {
    fn channel(&self) -> &'static str {
        "code"
    }

    fn challenge(
        &self,
        app: &App,
        c: &mut DbConnection,
        contract: &ContractRow,
        customer: &CustomerRow,
    ) -> AppResult<Sent> {
        use rand::Rng;
        // The contact fixed when the buyer confirmed the order, never the profile as staff left it.
        let contact = rows::contact(c, contract.order_id)?
            .filter(|k| !k.mobile.is_empty() || k.email.is_some())
            .ok_or_else(|| refused(SigningError::NoContact.code()))?;
        let now = app.now();
        let before = rows::code(c, contract.id)?.map(|b| Issues {
            issued: b.issued,
            since: b.issued_since.and_utc(),
            attempts: b.attempts,
        });
        let issues = next_issue(before, now.and_utc()).map_err(|e| refused(e.code()))?;
        let code = format!("{:06}", rand::thread_rng().gen_range(0..1_000_000));
        let store = storage::org::get_store(c, contract.store_id)?;
        let order = storage::sales::get(c, contract.order_id)?;
        let notice = Notice::new("mail-signing-code")
            .arg("customer", &customer.name)
            .arg("order", order.order_no)
            .arg("store", store.name)
            .arg("code", &code)
            .arg("minutes", CODE_TTL.num_minutes());
        let sent =
            notify::to_customer(app, c, contract.store_id, (Some(&contact.mobile), contact.email.as_deref()), &notice)?;
        let (channel, sent_to) = match &sent {
            Sent::Sms(to) => ("sms", to.clone()),
            Sent::Email(to) => ("email", to.clone()),
            Sent::Nothing => return Err(refused(SigningError::NoContact.code())),
        };
        rows::put_code(
            c,
            &CodeRow {
                contract_id: contract.id,
                code_hash: code_hash(app, contract.id, &code),
                channel: channel.into(),
                sent_to,
                expires_at: now + CODE_TTL,
                attempts: issues.attempts,
                created_at: now,
                issued: issues.issued,
                issued_since: issues.since.naive_utc(),
            },
        )?;
        Ok(sent)
    }

    fn respond(
        &self,
        app: &App,
        c: &mut DbConnection,
        contract: &ContractRow,
        answer: &str,
        now: NaiveDateTime,
    ) -> AppResult<serde_json::Map<String, serde_json::Value>> {
        // An unlocked contract keeps its row with no code: a new one must be asked for.
        let sent = rows::code(c, contract.id)?.filter(|s| !s.code_hash.is_empty() || s.attempts > 0);
        let typed = code_hash(app, contract.id, answer);
        let as_sent = sent.as_ref().map(|s| SentCode {
            hash: &s.code_hash,
            expires_at: s.expires_at.and_utc(),
            attempts: s.attempts,
        });
        check_code(as_sent, &typed, now.and_utc()).map_err(|e| AppError::field("code", e.code()))?;
        let sent = sent.ok_or_else(|| AppError::field("code", SigningError::NoCode.code()))?;
        rows::delete_code(c, contract.id)?;
        let mut m = serde_json::Map::new();
        m.insert("code_channel".into(), sent.channel.into());
        m.insert("code_sent_to".into(), sent.sent_to.into());
        m.insert("code_sent_at".into(), crate::kernel::json::format(&sent.created_at).into());
        m.insert("code_hash".into(), sent.code_hash.into());
        if let Some(k) = rows::contact(c, contract.order_id)? {
            let by = match k.fixed_by {
                Some(id) => storage::users::get(c, id)?.display_name,
                None => String::new(),
            };
            m.insert("contact_fixed_at".into(), crate::kernel::json::format(&k.fixed_at).into());
            m.insert("contact_fixed_by".into(), by.into());
            m.insert("contact_reason".into(), k.reason.into());
        }
        Ok(m)
    }
}

/// The service a store signs with. One today; a store setting will choose once there are more.
pub fn service_for(_store_id: i64) -> &'static dyn SigningService {
    &OneTimeCode
}

fn refused(code: &'static str) -> AppError {
    AppError::Conflict(crate::Conflict::Refused { code })
}

/// A drawn signature as sent by the page: a PNG, not empty, not huge.
pub(crate) fn check_png(png: &[u8]) -> AppResult<()> {
    const MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";
    if png.len() < 100 || !png.starts_with(MAGIC) {
        return Err(AppError::field("signature", SigningError::NoSignature.code()));
    }
    if png.len() > 512 * 1024 {
        return Err(AppError::field("signature", "contract-signature-too-large"));
    }
    Ok(())
}

/// A `data:image/png;base64,…` URL (what signature_pad gives) as bytes.
pub fn png_of_data_url(data_url: &str) -> AppResult<Vec<u8>> {
    use base64::Engine;
    let b64 = data_url.trim().strip_prefix("data:image/png;base64,").unwrap_or(data_url.trim());
    base64::engine::general_purpose::STANDARD
        .decode(b64)
        .map_err(|_| AppError::field("signature", SigningError::NoSignature.code()))
}

/// The version the customer signs now: the current one, awaiting them.
fn awaiting(c: &mut DbConnection, order_id: i64, contract_id: Option<i64>) -> AppResult<ContractRow> {
    let current = rows::current(c, order_id)?.ok_or_else(|| refused(SigningError::NoContract.code()))?;
    if contract_id.is_some_and(|id| id != current.id) {
        // The page showed a version that a newer one replaced.
        return Err(refused(SigningError::Superseded.code()));
    }
    if current.status != ContractStatus::AwaitingCustomer {
        return Err(refused(SigningError::NotAwaiting.code()));
    }
    Ok(current)
}

fn customer_of(c: &mut DbConnection, k: &ContractRow) -> AppResult<CustomerRow> {
    let order = storage::sales::get(c, k.order_id)?;
    Ok(storage::customers::get_visible(c, &Visibility::whole_store(k.store_id), order.customer_id)?)
}

/// What the customer's page shows of the contract.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ToSign {
    pub contract: super::Contract,
    /// Where a code would go (masked); `None` when the order has no signing contact.
    pub code_to: Option<String>,
    pub code_sent: bool,
}

/// The contract of the order behind `token`: the current version, whatever its state.
pub fn by_link(app: &App, token: &str) -> AppResult<Option<ToSign>> {
    let order_id = crate::kernel::links::order_of(app, token)?;
    app.db.read(|c| {
        let Some(k) = rows::current(c, order_id)? else { return Ok(None) };
        let code_sent = rows::code(c, k.id)?.is_some_and(|s| {
            s.expires_at > app.now() && s.attempts < domain::finance::contract::CODE_ATTEMPTS && !s.code_hash.is_empty()
        });
        let code_to = rows::contact(c, order_id)?.and_then(|k| match k.email {
            _ if app.messages.sms && !k.mobile.is_empty() => Some(domain::ident::mobile_mask::mask_mobile(&k.mobile)),
            Some(e) => Some(notify::mask_email(&e)),
            None => None,
        });
        Ok(Some(ToSign { code_to, code_sent, contract: k.into() }))
    })
}

/// The PDF of the current version, for the customer behind `token`.
pub fn pdf_by_link(app: &App, token: &str, signed: bool) -> AppResult<(String, Vec<u8>)> {
    let order_id = crate::kernel::links::order_of(app, token)?;
    app.db.read(|c| {
        // The signed copy is the version in force, the buyer's once both have signed; the file
        // to read is the version waiting for them (a supplement), else the one in force.
        let k = if signed { rows::in_force(c, order_id)? } else { rows::current(c, order_id)? };
        let k = k.ok_or(AppError::NotFound)?;
        let bytes = rows::pdf(c, k.id, signed)?.ok_or(AppError::NotFound)?;
        Ok((format!("{}-v{}.pdf", k.contract_no, k.version), bytes))
    })
}

/// The customer asks for a code to sign the current version.
pub fn send_code(app: &App, token: &str, contract_id: i64) -> AppResult<Sent> {
    let order_id = crate::kernel::links::order_of(app, token)?;
    app.db.write(|c| {
        storage::sales::lock(c, order_id)?;
        let k = awaiting(c, order_id, Some(contract_id))?;
        let customer = customer_of(c, &k)?;
        service_for(k.store_id).challenge(app, c, &k, &customer)
    })
}

/// The customer signs the version they read with the code they received and their drawn
/// signature. A wrong code counts against the five tries (kept even though the signing fails).
pub fn sign(app: &App, token: &str, contract_id: i64, code: &str, png: &[u8], device: &Device) -> AppResult<()> {
    let now = app.now();
    let order_id = crate::kernel::links::order_of(app, token)?;
    check_png(png)?;
    let outcome = app.db.write(|c| {
        storage::sales::lock(c, order_id)?;
        let k = awaiting(c, order_id, Some(contract_id))?;
        let service = service_for(k.store_id);
        let mut evidence = match service.respond(app, c, &k, code, now) {
            Ok(e) => e,
            Err(e) => return Ok(Err(e)),
        };
        let customer = customer_of(c, &k)?;
        evidence.insert("signed_at".into(), crate::kernel::json::format(&now).into());
        evidence.insert("ip".into(), device.ip.clone().into());
        evidence.insert("user_agent".into(), device.user_agent.chars().take(300).collect::<String>().into());
        evidence.insert("signer".into(), customer.name.clone().into());
        evidence.insert("pdf_sha256".into(), k.pdf_sha256.clone().into());
        evidence.insert("signature_sha256".into(), crate::kernel::crypto::sha256_hex(png).into());
        let evidence = serde_json::Value::Object(evidence).to_string();
        rows::record_customer_signature(c, &k, png, &evidence, now)?;
        let order = storage::sales::get(c, k.order_id)?;
        let store = storage::org::get_store(c, k.store_id)?;
        audit::record_customer(
            c,
            now,
            store.group_id,
            &customer.name,
            Record {
                action: Action::ContractSignedByCustomer,
                entity_id: k.order_id,
                store_id: Some(k.store_id),
                changes: Changes::new()
                    .created("contract_no", &k.contract_no)
                    .created("contract_version", k.version)
                    .created("pdf_sha256", &k.pdf_sha256),
            },
        )?;
        let by = crate::kernel::events::By::Customer(&customer.name);
        super::document(app, c, now, by, &order, "contract_signed_by_customer", &k.contract_no)?;
        let owner = storage::users::get(c, order.owner_id)?;
        let notice = Notice::new("mail-customer-signed")
            .arg("order", &order.order_no)
            .arg("customer", &customer.name)
            .arg("contract", &k.contract_no)
            .arg("link", format!("{}/orders/{}", app.messages.public_url, order.id));
        notify::to_staff(app, c, &owner, &notice)?;
        Ok::<_, AppError>(Ok(()))
    })?;
    if let Err(e) = outcome {
        // The wrong try is counted in a write of its own, so that it stays.
        if matches!(&e, AppError::Validation(f) if f.get("code") == Some(SigningError::WrongCode.code())) {
            app.db.write(|c| rows::count_wrong_code(c, contract_id).map_err(AppError::from))?;
        }
        return Err(e);
    }
    Ok(())
}

/// The rows of the signed copy's evidence page; its times in the store's time zone `tz` with the
/// offset (`2026-12-07 14:05:33 +08:00`), so that they read beside the contract's Chinese dates.
pub(crate) fn evidence_rows(
    k: &ContractRow,
    evidence: &serde_json::Value,
    countersigner: &str,
    now: NaiveDateTime,
    tz: chrono_tz::Tz,
) -> Vec<(String, String)> {
    let s = |key: &str| evidence.get(key).and_then(|v| v.as_str()).unwrap_or("—").to_string();
    let local = |utc: chrono::DateTime<chrono::Utc>| utc.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S %:z").to_string();
    let time_of = |text: &str| {
        chrono::DateTime::parse_from_rfc3339(text)
            .map_or_else(|_| text.to_string(), |t| local(t.with_timezone(&chrono::Utc)))
    };
    let time = |key: &str| time_of(&s(key));
    vec![
        ("合同编号 / 版本".into(), format!("{} / 第 {} 版", k.contract_no, k.version)),
        ("签署文件 SHA-256".into(), k.pdf_sha256.clone()),
        ("买受人".into(), s("signer")),
        ("买受人签署时间".into(), time("signed_at")),
        (
            "验证方式".into(),
            format!("一次性验证码（{}）", if s("code_channel") == "email" { "电子邮件" } else { "短信" }),
        ),
        ("验证码发送至".into(), s("code_sent_to")),
        (
            "签署联系方式".into(),
            match (s("contact_fixed_by").as_str(), s("contact_fixed_at")) {
                ("—", _) => "—".into(),
                ("", at) => format!("买受人确认订单时确定（{}）", time_of(&at)),
                (by, at) => format!("{by} 于 {} 变更：{}", time_of(&at), s("contact_reason")),
            },
        ),
        ("验证码发送时间".into(), time("code_sent_at")),
        ("验证码摘要（HMAC-SHA256）".into(), s("code_hash")),
        ("签署 IP".into(), s("ip")),
        ("签署设备（User-Agent）".into(), s("user_agent")),
        ("签名图像 SHA-256".into(), s("signature_sha256")),
        ("出卖人签署人".into(), countersigner.to_string()),
        ("出卖人签署时间".into(), local(now.and_utc())),
    ]
}

/// The customer's link (to read and sign) while the current contract waits for them.
pub fn link_for(app: &App, money: &super::OrderMoney, customer_id: i64) -> Option<String> {
    let k = money.contracts.iter().find(|k| k.status != ContractStatus::Superseded)?;
    let url = || {
        crate::kernel::links::customer_url(app, domain::ids::OrderId(k.order_id), domain::ids::CustomerId(customer_id))
    };
    (k.status == ContractStatus::AwaitingCustomer).then(url)
}

/// Fixes the order's signing contact to the customer's mobile number and e-mail as they stand
/// now, in the caller's transaction: when the buyer confirms the order on their own link
/// (`by` = `None`), or when a manager changes it ([`change_contact`]).
pub(crate) fn fix_contact_in(
    c: &mut DbConnection,
    now: NaiveDateTime,
    order: &storage::sales::OrderRow,
    customer: &CustomerRow,
    by: Option<&domain::org::Actor>,
    reason: &str,
) -> AppResult<rows::ContactRow> {
    let row = rows::ContactRow {
        order_id: order.id,
        store_id: order.store_id,
        mobile: customer.mobile.clone(),
        email: customer.email.clone().filter(|e| !e.is_empty()),
        fixed_at: now,
        fixed_by: by.map(|a| a.user_id.0),
        reason: reason.to_string(),
    };
    rows::fix_contact(c, &row)?;
    Ok(row)
}

/// A manager changes the order's signing contact to the customer's profile as it stands (the
/// buyer changed their number), with a reason (`signing_contact_change`): never on an order they asked for
/// (its owner, creator or anyone who reshaped it), audited, named on the evidence page. A code
/// already sent no longer works.
#[tracing::instrument(name = "finance", skip_all, fields(use_case = "change_signing_contact", store = actor.store_id.0, actor = actor.user_id.0, order = order_id))]
pub fn change_contact(app: &App, actor: &domain::org::Actor, order_id: i64, reason: &str) -> AppResult<()> {
    let now = app.now();
    crate::require(actor, domain::rbac::Permission::SigningContactChange)?;
    let reason = domain::text::required(reason, 500).map_err(|e| AppError::field("reason", e.code()))?;
    app.db.write(|c| {
        storage::sales::lock(c, order_id)?;
        let order = crate::kernel::scope::order(c, actor, order_id)?;
        if storage::sales::requesters_of(c, &order)?.includes(actor.user_id) {
            return Err(refused("signing-contact-own-order"));
        }
        let customer = storage::customers::get_visible(c, &Visibility::whole_store(order.store_id), order.customer_id)?;
        let before = rows::contact(c, order_id)?;
        let after = fix_contact_in(c, now, &order, &customer, Some(actor), &reason)?;
        if let Some(k) = rows::current(c, order_id)? {
            rows::delete_code(c, k.id)?;
        }
        let mask = |m: &str| domain::ident::mobile_mask::mask_mobile(m);
        audit::record(
            c,
            now,
            actor,
            Record {
                action: Action::SigningContactChanged,
                entity_id: order_id,
                store_id: Some(order.store_id),
                changes: Changes::new()
                    .field("mobile", before.as_ref().map(|b| mask(&b.mobile)), Some(mask(&after.mobile)))
                    .field(
                        "email",
                        before.and_then(|b| b.email).map(|e| notify::mask_email(&e)),
                        after.email.as_deref().map(notify::mask_email),
                    )
                    .created("reason", &reason),
            },
        )
    })
}

/// The advisor unlocks a contract whose code was mistyped too often (`contract_sign`): the buyer
/// may ask for new codes again. Audited; the tries start again.
#[tracing::instrument(name = "finance", skip_all, fields(use_case = "unlock_contract", store = actor.store_id.0, actor = actor.user_id.0, contract = contract_id))]
pub fn unlock(app: &App, actor: &domain::org::Actor, contract_id: i64) -> AppResult<()> {
    let now = app.now();
    crate::require(actor, domain::rbac::Permission::ContractSign)?;
    app.db.write(|c| {
        let k = rows::get(c, contract_id)?;
        crate::kernel::scope::order(c, actor, k.order_id)?;
        let k = awaiting(c, k.order_id, Some(contract_id))?;
        let locked = rows::code(c, k.id)?.is_some_and(|s| s.attempts >= domain::finance::contract::CODE_ATTEMPTS);
        if !locked {
            return Err(refused("contract-not-locked"));
        }
        rows::unlock_code(c, k.id)?;
        audit::record(
            c,
            now,
            actor,
            Record {
                action: Action::ContractUnlocked,
                entity_id: k.order_id,
                store_id: Some(k.store_id),
                changes: Changes::new().created("contract_no", &k.contract_no).created("contract_version", k.version),
            },
        )
    })
}
