//! The demo's customers: people and companies with valid IDs, mobiles and owners.

use super::hours::working_hours;
use super::org::StoreSpec;
use app::customers::CustomerInput;
use app::{App, AppResult};
use chrono::{Duration, NaiveDateTime};
use domain::ident::{CreditCode, ResidentId};
use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

pub(super) const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗",
    "高", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "潘", "袁", "蒋",
    "蔡", "余",
];
pub(super) const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞",
    "平", "刚", "桂英", "建华", "晓东", "海燕", "志强", "文博", "子涵", "雨桐", "浩然", "欣怡", "宇航", "梓萱", "俊杰",
    "思远", "佳琪",
];
pub(super) const STREETS: &[&str] =
    &["世纪大道", "张杨路", "龙阳路", "文三路", "古墩路", "天目山路", "中山北路", "解放路", "人民路", "建国路"];
pub(super) const COMPANIES: &[&str] = &[
    "物流有限公司",
    "科技有限公司",
    "建设工程有限公司",
    "贸易有限公司",
    "餐饮管理有限公司",
    "医疗器械有限公司",
    "旅游汽车服务有限公司",
];
pub(super) const MOBILE_PREFIXES: &[&str] =
    &["138", "139", "135", "136", "150", "158", "186", "187", "177", "199", "133", "189", "152", "182"];

pub(super) fn valid_id(rng: &mut StdRng, region: &str) -> String {
    let year = rng.gen_range(1962..=2004);
    let month = rng.gen_range(1..=12);
    let day = rng.gen_range(1..=28);
    let seq = rng.gen_range(0..1000);
    let first17 = format!("{region}{year:04}{month:02}{day:02}{seq:03}");
    format!("{first17}{}", ResidentId::check_char(&first17))
}

pub(super) fn credit_code(rng: &mut StdRng, region: &str) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    let body: String = (0..9).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect();
    CreditCode::complete(&format!("91{region}{body}")).map(|c| c.as_str().to_string()).unwrap_or_default()
}

/// The stores' customers: people and companies, with IDs, owners and a history of creation.
const TAGS: &[&str] =
    &["老客户介绍", "二胎家庭", "首次购车", "增购", "置换", "关注油耗", "网约车司机", "公务用车", "爱好自驾"];
const COLOURS: &[&str] = &["珍珠白", "曜石黑", "星光银", "深海蓝", "熔岩红"];
const CONFIGURATIONS: &[&str] = &["全景天窗", "四驱", "七座", "智能驾驶辅助", "真皮座椅"];

/// Tags, preferences and marketing consent on about half the profiles, from their own random
/// sequence (so that the rest of the demo stays as it was).
fn with_preferences(input: CustomerInput, i: usize) -> CustomerInput {
    use domain::customer::{ConsentSource, ContactTime};
    use rand::SeedableRng;
    let mut rng = StdRng::seed_from_u64(0x360_0000 + i as u64);
    if rng.gen_bool(0.45) {
        return input;
    }
    let count = rng.gen_range(1..=2);
    let tags: Vec<&str> = TAGS.choose_multiple(&mut rng, count).copied().collect();
    let consent = rng.gen_bool(0.6);
    CustomerInput {
        tags: tags.join(","),
        pref_colour: COLOURS.choose(&mut rng).copied().unwrap_or_default().to_string(),
        pref_configuration: if rng.gen_bool(0.5) {
            CONFIGURATIONS.choose(&mut rng).copied().unwrap_or_default().to_string()
        } else {
            String::new()
        },
        pref_contact_time: ContactTime::ALL.choose(&mut rng).map_or("any", |t| t.code()).to_string(),
        marketing_consent: consent,
        consent_source: if consent {
            ConsentSource::ALL.choose(&mut rng).map_or("in_store", |s| s.code()).to_string()
        } else {
            String::new()
        },
        ..input
    }
}

pub(super) fn seed_customers(
    app: &App,
    today: NaiveDateTime,
    rng: &mut StdRng,
    spec: &StoreSpec,
    owners: &[app::org::users::User],
    person: &mut impl FnMut(&mut StdRng) -> String,
) -> AppResult<usize> {
    let mut used_mobiles = std::collections::HashSet::new();
    let mut created = 0;
    for i in 0..spec.customers {
        let owner = &owners[i % owners.len()];
        let actor = owner.actor_in(owner.store_id);
        let mobile = loop {
            let m = format!(
                "{}{:08}",
                MOBILE_PREFIXES.choose(rng).copied().unwrap_or("138"),
                rng.gen_range(0..100_000_000)
            );
            if used_mobiles.insert(m.clone()) {
                break m;
            }
        };
        let region = spec.regions.choose(rng).copied().unwrap_or("310115");
        let district = spec.districts.choose(rng).copied().unwrap_or("");
        let street = STREETS.choose(rng).copied().unwrap_or("人民路");
        let address = format!("{}{district}{street} {} 号", spec.city, rng.gen_range(1..2000));
        let company = rng.gen_bool(0.15);
        let name = person(rng);
        let input = if company {
            CustomerInput {
                kind: "company".into(),
                name: format!(
                    "{}{}{}",
                    spec.city.trim_end_matches('市'),
                    district.trim_end_matches('区'),
                    COMPANIES.choose(rng).copied().unwrap_or("有限公司")
                ),
                mobile,
                address,
                credit_code: credit_code(rng, region),
                contact_person: name,
                ..Default::default()
            }
        } else {
            CustomerInput {
                kind: "individual".into(),
                email: if rng.gen_bool(0.85) { format!("user{}@example.com", 1000 + i) } else { String::new() },
                address,
                id_number: if rng.gen_bool(0.7) { valid_id(rng, region) } else { String::new() },
                notes: if rng.gen_bool(0.2) { "到店看车，关注油耗与保值率".into() } else { String::new() },
                name,
                mobile,
                ..Default::default()
            }
        };
        let input = with_preferences(input, i);
        // Profiles spread over the past year, so that lists and date filters look like a real store.
        let day = today - Duration::days(rng.gen_range(1..365));
        app.clock.move_to(working_hours(rng, day));
        app::customers::create(app, &actor, &input)?;
        created += 1;
    }
    Ok(created)
}
