//! The demo's contracts, payments, refunds and invoices: each through the use cases, the
//! customer signing with the code the outbox holds for them, as they would read it in their mail.

use app::finance::{contracts, invoices, payments, refunds, signing};
use app::{App, AppError, AppResult};
use domain::org::Actor;
use rand::Rng;
use rand::rngs::StdRng;

static BUYER_SIGNATURE: &[u8] = include_bytes!("signatures/buyer.png");
static SELLER_SIGNATURE: &[u8] = include_bytes!("signatures/seller.png");

/// The code in the latest signing mail to `email`.
fn code_in_mail(app: &App, email: &str) -> AppResult<String> {
    let mails = app.database().read(|c| storage::outbox::to_recipient(c, email, 5))?;
    // Newest first: the code of the last request, in the subject.
    mails
        .iter()
        .find(|m| m.subject.contains("验证码"))
        .and_then(|m| m.subject.split(|ch: char| !ch.is_ascii_digit()).find(|w| w.len() == 6).map(str::to_string))
        .ok_or_else(|| AppError::internal("no signing code in the customer's mail"))
}

/// Generates the contract, has the customer sign it on their phone and the advisor countersign.
/// `false` when the customer has no e-mail to receive the code (the contract waits for them).
pub(super) fn sign_contract(
    app: &App,
    advisor: &Actor,
    order_id: i64,
    token: &str,
    email: Option<&str>,
) -> AppResult<bool> {
    let k = contracts::generate(app, advisor, order_id, None)?;
    let Some(email) = email else { return Ok(false) };
    signing::send_code(app, token, k.id)?;
    let code = code_in_mail(app, email)?;
    let device = signing::Device {
        ip: "223.104.5.18".into(),
        user_agent: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0.50".into(),
    };
    signing::sign(app, token, k.id, &code, BUYER_SIGNATURE, &device)?;
    let k = contracts::get(app, advisor, k.id)?;
    contracts::countersign(app, advisor, k.id, k.version_lock, SELLER_SIGNATURE)?;
    Ok(true)
}

fn reference(rng: &mut StdRng, prefix: &str) -> String {
    format!("{prefix}{}", rng.gen_range(100_000_000_000u64..999_999_999_999))
}

fn input(kind: &str, method: &str, fen: i64, rng: &mut StdRng) -> payments::PaymentInput {
    let prefix = match method {
        "wechat_pay" => "4200002",
        "alipay" => "2026",
        "card" => "POS",
        _ => "TR",
    };
    payments::PaymentInput {
        kind: kind.into(),
        method: method.into(),
        amount_fen: Some(fen),
        reference: if method == "cash" { String::new() } else { reference(rng, prefix) },
        ..Default::default()
    }
}

/// The deposit the customer pays when signing: 定金 or 订金, registered by the advisor from the
/// customer's transfer screenshot, confirmed by finance.
pub(super) fn deposit(
    app: &App,
    advisor: &Actor,
    finance: &Actor,
    order_id: i64,
    rng: &mut StdRng,
    confirm: bool,
) -> AppResult<()> {
    let kind = if rng.gen_bool(0.6) { "earnest" } else { "intent" };
    let method = ["wechat_pay", "alipay", "card"][rng.gen_range(0..3)];
    let fen = [500_000, 1_000_000, 2_000_000][rng.gen_range(0..3)];
    let p = payments::register(app, advisor, order_id, &input(kind, method, fen, rng), None)?;
    if confirm {
        payments::confirm(app, finance, p.id, p.version)?;
    }
    Ok(())
}

/// The rest of the price: the balance by bank transfer; for a loan, the rest of the down payment
/// and the lender's disbursement. Finance records what arrives.
pub(super) fn pay_rest(app: &App, finance: &Actor, order_id: i64, rng: &mut StdRng) -> AppResult<()> {
    let money = app::finance::workspace::of_order(app, finance, order_id)?;
    let b = &money.balance;
    let own = b.price_fen - b.loan_fen - (b.received_fen - b.refunded_fen);
    if own > 0 {
        let kind = if b.loan_fen > 0 { "down_payment" } else { "balance" };
        payments::register(app, finance, order_id, &input(kind, "bank_transfer", own, rng), None)?;
    }
    if b.loan_fen > 0 {
        // A lender whose products lend this share of the price (the smallest that does).
        let share_bp = b.loan_fen * 10_000 / b.price_fen.max(1);
        let mut products = app::finance::loan_products::active(app)?;
        products.sort_by_key(|p| p.max_ltv_bp);
        let product = products.iter().find(|p| i64::from(p.max_ltv_bp) >= share_bp).map(|p| p.id);
        let mut loan = input("loan", "bank_transfer", b.loan_fen - b.disbursed_fen, rng);
        loan.loan_product_id = product;
        payments::register(app, finance, order_id, &loan, None)?;
    }
    Ok(())
}

/// Finance prepares the vehicle sales invoice with the numbers the tax system issued.
pub(super) fn invoice(app: &App, finance: &Actor, order_id: i64, rng: &mut StdRng) -> AppResult<()> {
    // The invoice takes the allocated vehicle's papers and follows the signed contract: an order
    // without either gets none.
    let money = app::finance::workspace::of_order(app, finance, order_id)?;
    if !money.actions.iter().any(|a| a == "prepare_invoice") {
        return Ok(());
    }
    let input = invoices::InvoiceInput {
        invoice_code: String::new(),
        invoice_no: format!("2631{:016}", rng.gen_range(0..9_999_999_999_999_999u64)),
        tax_authority: "国家税务总局上海市浦东新区税务局".into(),
        ..Default::default()
    };
    invoices::prepare(app, finance, order_id, &input, None)?;
    Ok(())
}

/// Finance approves and pays the refunds a cancellation requested.
pub(super) fn settle_refunds(app: &App, finance: &Actor, order_id: i64, rng: &mut StdRng) -> AppResult<()> {
    for r in app::finance::workspace::of_order(app, finance, order_id)?.refunds {
        if r.status != domain::finance::RefundStatus::Requested {
            continue;
        }
        let r = refunds::approve(app, finance, r.id, r.version)?;
        refunds::mark_paid(app, finance, r.id, r.version, "bank_transfer", &reference(rng, "RF"))?;
    }
    Ok(())
}
