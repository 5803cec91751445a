//! The data of the sale's documents, from the database, in the words of a Chinese contract: the
//! purchase contract, a payment's receipt and the invoice's layout for checking. Documents are
//! Chinese legal papers whatever the reader's interface language.

use super::template::{Template, fill, of_store};
use crate::{App, AppError, AppResult};
use chrono::NaiveDate;
use documents::contract::{
    Amount, Buyer, Clause, Contract, Delivery, Instalment, Line, Loan, PriceRow, Receipt, Seller, Signed, Vehicle,
};
use domain::Money;
use domain::billing::Document;
use domain::capitals::to_capitals;
use domain::finance::{Method, PaymentKind, PaymentStatus};
use domain::sales::{FeeKind, PaymentMethod, Quote, Terms};
use storage::DbConnection;
use storage::finance::payments::PaymentRow;
use storage::sales::OrderRow;

pub(super) fn figures(m: Money) -> String {
    m.to_string().replace('¥', "")
}

pub(super) fn amount(m: Money) -> Amount {
    Amount { figures: m.to_string(), capitals: to_capitals(m) }
}

pub(super) fn date_cn(d: NaiveDate) -> String {
    d.format("%Y年%-m月%-d日").to_string()
}

pub(super) fn kind_cn(k: PaymentKind) -> &'static str {
    match k {
        PaymentKind::Earnest => "定金",
        PaymentKind::Intent => "订金",
        PaymentKind::Progress => "进度款",
        PaymentKind::DownPayment => "首付款",
        PaymentKind::Balance => "尾款",
        PaymentKind::Loan => "贷款放款",
    }
}

pub(super) fn method_cn(m: Method) -> &'static str {
    match m {
        Method::Cash => "现金",
        Method::BankTransfer => "银行转账",
        Method::Card => "刷卡（POS）",
        Method::WechatPay => "微信支付",
        Method::Alipay => "支付宝",
    }
}

/// A fee's name on the documents, from its code on the order (`registration`...).
fn fee_cn(code: &str) -> &'static str {
    match serde_json::from_value(serde_json::Value::from(code)) {
        Ok(FeeKind::Registration) => "上牌服务费",
        Ok(FeeKind::Insurance) => "代收保险费",
        Ok(FeeKind::ExtendedWarranty) => "延长质保服务费",
        Ok(FeeKind::ServicePackage) => "保养套餐",
        Ok(FeeKind::Other) | Err(_) => "其他费用",
    }
}

fn numeral(n: usize) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n].to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", D[n - 10]),
        _ => format!("{}十{}", D[n / 10], if n.is_multiple_of(10) { "" } else { D[n % 10] }),
    }
}

pub(super) fn seller(t: &Template) -> Seller {
    let or_blank = |s: &str| if s.trim().is_empty() { "（未填写）".to_string() } else { s.to_string() };
    Seller {
        name: t.seller_name.clone(),
        uscc: or_blank(&t.uscc),
        address: or_blank(&t.address),
        phone: or_blank(&t.phone),
        bank: or_blank(&t.bank),
        account: or_blank(&t.account),
    }
}

/// The buyer as the contract names them: person with ID number (masked where the template says),
/// or company with its credit code.
fn buyer(app: &App, customer: &storage::customers::CustomerRow, mask: bool) -> Buyer {
    let company = customer.kind == domain::customer::CustomerKind::Company;
    let id_number = if company {
        customer.credit_code.clone()
    } else {
        customer.id_number_enc.as_deref().and_then(|s| app.secrets.decrypt(s))
    };
    let id_number = match id_number {
        Some(n) if mask && !company => domain::ident::mask_id(&n),
        Some(n) => n,
        None => "（未登记）".into(),
    };
    Buyer {
        name: customer.name.clone(),
        id_label: if company { "统一社会信用代码" } else { "身份证号码" }.into(),
        id_number,
        phone: customer.mobile.clone(),
        address: customer.address.clone().unwrap_or_else(|| "（未登记）".into()),
    }
}

/// The purchase contract of `row` with its `items`, version `version`: the order as it stands, or
/// as a change order proposes it (a supplement).
pub(super) fn contract(
    app: &App,
    c: &mut DbConnection,
    row: &OrderRow,
    items: &[storage::sales::ItemRow],
    version: i32,
) -> AppResult<Contract> {
    let t = of_store(c, row.store_id)?;
    let h = storage::sales::header_by_key(c, row.id)?;
    let store = storage::org::get_store(c, row.store_id)?;
    let customer =
        storage::customers::get_visible(c, &storage::scope::Visibility::whole_store(row.store_id), row.customer_id)?;
    let quote: Quote = serde_json::from_str(&row.quote).map_err(AppError::internal)?;
    let terms: Terms = serde_json::from_str(&row.terms).map_err(AppError::internal)?;
    let mut colour = |id: Option<i64>| {
        id.and_then(|i| storage::catalogue::get_colour(c, store.group_id, i).ok()).map_or("—".to_string(), |c| c.name)
    };
    let (exterior, interior) = (colour(terms.exterior_colour_id), colour(terms.interior_colour_id));
    let of_kind = |k: &'static str| items.iter().filter(move |i| i.kind == k);
    let line =
        |i: &storage::sales::ItemRow| Line { name: i.name.clone(), amount: figures(Money::from_fen(i.amount_fen)) };
    let mut prices = vec![PriceRow { item: "车辆价格（含选装）".into(), amount: figures(quote.list_price) }];
    if quote.discount.fen() > 0 {
        prices.push(PriceRow { item: "优惠".into(), amount: figures(Money::from_fen(-quote.discount.fen())) });
        prices
            .push(PriceRow { item: "车辆成交价（含增值税）".into(), amount: figures(quote.vehicle_price) });
    }
    for i in of_kind("accessory") {
        prices.push(PriceRow {
            item: format!("精品附件：{}", i.name), amount: figures(Money::from_fen(i.amount_fen))
        });
    }
    for i in of_kind("fee").filter(|i| i.amount_fen > 0) {
        prices.push(PriceRow { item: fee_cn(&i.name).to_string(), amount: figures(Money::from_fen(i.amount_fen)) });
    }
    if quote.trade_in_credit.fen() > 0 {
        prices.push(PriceRow {
            item: "旧车置换抵扣".into(),
            amount: figures(Money::from_fen(-quote.trade_in_credit.fen())),
        });
    }
    let total = Money::from_fen(row.total_fen);
    // Deposits on the order now (confirmed or waiting): the contract states their legal type.
    let payments: Vec<PaymentRow> = storage::finance::payments::of_document(c, Document::sales_order(row.id))?
        .into_iter()
        .filter(|p| p.status != PaymentStatus::Rejected)
        .collect();
    let sum = |f: &dyn Fn(&PaymentRow) -> i64| Money::from_fen(payments.iter().map(f).sum());
    let earnest = sum(&|p| p.earnest_fen);
    let intent = sum(&|p| if p.kind == PaymentKind::Intent { p.amount_fen } else { 0 });
    let excess = sum(&|p| if p.kind == PaymentKind::Earnest { p.amount_fen - p.earnest_fen } else { 0 });
    let paid = sum(&|p| if p.kind == PaymentKind::Loan { 0 } else { p.amount_fen });
    let mut deposit_clause = String::new();
    if earnest.fen() > 0 {
        deposit_clause.push_str(&format!(
            "乙方已向甲方支付定金人民币 {} 元（{}），定金适用《中华人民共和国民法典》第五百八十六条至第五百八十八条的规定，不超过合同总价的百分之二十。",
            figures(earnest),
            to_capitals(earnest)
        ));
    }
    if excess.fen() > 0 {
        deposit_clause.push_str(&format!(
            "乙方以定金名义多付的 {} 元超出法定上限，按预付款处理，不适用定金罚则。",
            figures(excess)
        ));
    }
    if intent.fen() > 0 {
        deposit_clause.push_str(&format!(
            "乙方已向甲方支付订金人民币 {} 元（{}），订金为预付款，不适用定金罚则，合同解除时如数退还。",
            figures(intent),
            to_capitals(intent)
        ));
    }
    if deposit_clause.is_empty() {
        deposit_clause = "本合同签订时乙方未支付定金或订金。".into();
    }
    let mut schedule = Vec::new();
    if paid.fen() > 0 {
        schedule
            .push(Instalment { stage: "已付款项".into(), due: "合同签订前".into(), amount: figures(paid) });
    }
    let payment_method = match terms.payment {
        PaymentMethod::Full => "全款",
        PaymentMethod::Loan => "贷款",
        PaymentMethod::Company => "公司购车（对公转账）",
    };
    let loan = match (&terms.payment, &terms.loan) {
        (PaymentMethod::Loan, Some(l)) => {
            let loan_amount = Money::from_fen((total.fen() - l.down_payment.fen()).max(0));
            let down_left = Money::from_fen((l.down_payment.fen() - paid.fen()).max(0));
            schedule
                .push(Instalment { stage: "首付款".into(), due: "交车前".into(), amount: figures(down_left) });
            schedule.push(Instalment {
                stage: "贷款".into(),
                due: "贷款机构审批后放款".into(),
                amount: figures(loan_amount),
            });
            Some(Loan {
                lender: l.lender.clone(),
                down_payment: figures(l.down_payment),
                amount: figures(loan_amount),
                term: format!("{} 个月", l.months),
            })
        }
        _ => {
            let rest = Money::from_fen((total.fen() - paid.fen()).max(0));
            schedule.push(Instalment { stage: "尾款".into(), due: "交车前".into(), amount: figures(rest) });
            None
        }
    };
    let vehicle_name = format!("{} {} {} {}", h.brand, h.model, h.model_year, h.trim);
    let delivery_date = row.expected_delivery.map_or_else(|| "双方另行约定的日期".to_string(), date_cn);
    let contract_no = format!("HT{}", row.order_no);
    let values = [
        ("出卖人", t.seller_name.clone()),
        ("买受人", customer.name.clone()),
        ("合同编号", contract_no.clone()),
        ("订单编号", row.order_no.clone()),
        ("车辆", vehicle_name.clone()),
        ("车身颜色", exterior.clone()),
        ("合同总价", total.to_string()),
        ("合同总价大写", to_capitals(total)),
        ("定金", earnest.to_string()),
        ("交车日期", delivery_date.clone()),
        ("交车地点", t.delivery_place.clone()),
        ("付款方式", payment_method.to_string()),
    ];
    let clauses: Vec<Clause> =
        t.clauses.iter().map(|k| Clause { title: fill(&k.title, &values), body: fill(&k.body, &values) }).collect();
    let clause_numbers = (0..clauses.len()).map(|i| numeral(6 + i)).collect();
    Ok(Contract {
        title: t.title.clone(),
        number: contract_no,
        version,
        supplement: None,
        seller: seller(&t),
        buyer: buyer(app, &customer, t.mask_id),
        vehicle: Vehicle {
            brand: h.brand.clone(),
            model: format!("{} {}", h.model, h.model_year),
            trim: h.trim.clone(),
            exterior,
            interior,
            options: of_kind("option").map(line).collect(),
        },
        prices,
        total: amount(total),
        gifts: of_kind("gift").map(|i| i.name.clone()).collect(),
        deposit_clause,
        payment_method: payment_method.into(),
        schedule,
        loan,
        delivery: Delivery { expected: delivery_date, place: t.delivery_place.clone() },
        warranty_notice: t.warranty_notice.clone(),
        clauses,
        clause_numbers,
        signed: Signed::default(),
        evidence: Vec::new(),
    })
}

fn user_name(c: &mut DbConnection, id: Option<i64>) -> String {
    id.and_then(|i| storage::users::get(c, i).ok()).map_or_else(String::new, |u| u.display_name)
}

/// The receipt of a confirmed payment.
pub(super) fn receipt(_app: &App, c: &mut DbConnection, p: &PaymentRow) -> AppResult<Receipt> {
    if p.document().sales_order_id().is_none() {
        return bill_receipt(c, p);
    }
    let row = storage::sales::get(c, super::order_of(p.document())?)?;
    let h = storage::sales::header_by_key(c, row.id)?;
    let t = of_store(c, row.store_id)?;
    let decided = p.decided_at.unwrap_or(p.registered_at);
    let mut note = p.note.clone();
    if p.kind == PaymentKind::Earnest && p.amount_fen > p.earnest_fen {
        let excess = Money::from_fen(p.amount_fen - p.earnest_fen);
        note = format!("其中 {} 元超出合同总价 20% 的定金上限，按预付款处理。{note}", figures(excess));
    }
    // A disbursement is paid by the lender, not the buyer.
    let payer = if p.kind == PaymentKind::Loan {
        let product = p.loan_product_id.map(|id| storage::finance::loan_products::get(c, id)).transpose()?.flatten();
        let planned =
            serde_json::from_str::<domain::sales::Terms>(&row.terms).ok().and_then(|t| t.loan).map(|l| l.lender);
        product.map(|p| p.lender).or(planned).unwrap_or_else(|| "贷款机构".into())
    } else {
        h.customer_name.clone()
    };
    Ok(Receipt {
        title: "收款收据".into(),
        seller: seller(&t),
        number: p.receipt_no.clone().unwrap_or_default(),
        date: date_cn(crate::kernel::calendar::day(c, decided, row.store_id)?),
        paid_on: date_cn(p.paid_on),
        payer,
        order_number: row.order_no.clone(),
        kind: kind_cn(p.kind).into(),
        method: method_cn(p.method).into(),
        amount: amount(Money::from_fen(p.amount_fen)),
        reference: p.reference.clone().unwrap_or_else(|| "—".into()),
        vehicle: format!("{} {} {} {}", h.brand, h.model, h.model_year, h.trim),
        note,
        registered_by: user_name(c, Some(p.registered_by)),
        confirmed_by: user_name(c, p.decided_by),
    })
}

/// The receipt of a payment against a billable document other than a sales order (a repair
/// order's settlement): its number and customer as the owner registered them.
fn bill_receipt(c: &mut DbConnection, p: &PaymentRow) -> AppResult<Receipt> {
    let bill = storage::billing::get(c, p.document())?;
    let t = of_store(c, bill.store_id)?;
    let customer =
        storage::customers::by_ids(c, bill.store_id, &[bill.customer_id])?.pop().map(|k| k.name).unwrap_or_default();
    let decided = p.decided_at.unwrap_or(p.registered_at);
    let what = match p.document_kind {
        domain::billing::DocumentKind::RepairOrder => "维修结算",
        domain::billing::DocumentKind::SalesOrder => "购车款",
    };
    Ok(Receipt {
        title: "收款收据".into(),
        seller: seller(&t),
        number: p.receipt_no.clone().unwrap_or_default(),
        date: date_cn(crate::kernel::calendar::day(c, decided, bill.store_id)?),
        paid_on: date_cn(p.paid_on),
        payer: customer,
        order_number: bill.number.clone(),
        kind: what.into(),
        method: method_cn(p.method).into(),
        amount: amount(Money::from_fen(p.amount_fen)),
        reference: p.reference.clone().unwrap_or_else(|| "—".into()),
        vehicle: format!("{what} {}", bill.number),
        note: p.note.clone(),
        registered_by: user_name(c, Some(p.registered_by)),
        confirmed_by: user_name(c, p.decided_by),
    })
}
