use super::*;
use crate::pdf::render;

pub(crate) fn sample() -> Contract {
    let line = |name: &str, amount: &str| Line { name: name.into(), amount: amount.into() };
    let row = |item: &str, amount: &str| PriceRow { item: item.into(), amount: amount.into() };
    Contract {
        title: "汽车买卖合同".into(),
        number: "SH01-20261201-0007".into(),
        version: 1,
        supplement: None,
        seller: Seller {
            name: "上海浦东星辰汽车销售服务有限公司".into(),
            uscc: "91310115MA1K3XYZ8C".into(),
            address: "上海市浦东新区龙东大道 3000 号".into(),
            phone: "021-5888 1234".into(),
            bank: "中国工商银行上海张江支行".into(),
            account: "1001 2345 6789 0123 456".into(),
        },
        buyer: Buyer {
            name: "王志强".into(),
            id_label: "身份证号码".into(),
            id_number: "310115********1234".into(),
            phone: "138****5678".into(),
            address: "上海市浦东新区张杨路 1 号".into(),
        },
        vehicle: Vehicle {
            brand: "星辰".into(),
            model: "星辰 S7".into(),
            trim: "2026 款 长续航 四驱旗舰版".into(),
            exterior: "珠光白".into(),
            interior: "曜石黑".into(),
            options: vec![line("全景天幕", "8,000.00"), line("21 英寸轮毂", "6,000.00")],
        },
        prices: vec![
            row("车辆指导价（含选装）", "263,800.00"),
            row("精品附件：全车贴膜", "3,000.00"),
            row("服务费用：上牌服务", "500.00"),
            row("优惠", "-10,000.00"),
        ],
        total: Amount { figures: "¥257,300.00".into(), capitals: "贰拾伍万柒仟叁佰圆整".into() },
        gifts: vec!["脚垫".into(), "行车记录仪".into()],
        deposit_clause: "乙方于本合同签订时向甲方支付定金 20,000.00 元（贰万圆整），定金适用《民法典》第五百八十六条至第五百八十八条的规定。".into(),
        payment_method: "全款".into(),
        schedule: vec![
            Instalment { stage: "定金".into(), due: "合同签订时".into(), amount: "20,000.00".into() },
            Instalment { stage: "尾款".into(), due: "交车前".into(), amount: "237,300.00".into() },
        ],
        loan: None,
        delivery: Delivery { expected: "2026年12月20日".into(), place: "甲方展厅".into() },
        warranty_notice: "本车享受国家《家用汽车产品修理更换退货责任规定》规定的三包服务：包修期 3 年或 6 万公里，三包有效期 2 年或 5 万公里，以先到者为准。".into(),
        clauses: vec![Clause {
            title: "违约责任".into(),
            body: "乙方无正当理由解除合同的，定金不予退还；甲方无正当理由不能交付车辆的，应双倍返还定金。\n订金不适用定金罚则，合同解除时如数退还。".into(),
        }],
        clause_numbers: vec!["六".into()],
        signed: Signed::default(),
        evidence: vec![],
    }
}

#[test]
fn a_contract_renders_to_a_pdf_with_its_chinese_text() {
    let pdf = render(&sample(), &[]).expect("renders");
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(pdf.len() > 5_000, "a font subset is embedded ({} bytes)", pdf.len());
}

#[test]
#[ignore = "writes /tmp/contract-sample.pdf to look at"]
fn write_sample() {
    std::fs::write("/tmp/contract-sample.pdf", render(&sample(), &[]).unwrap()).unwrap();
}
