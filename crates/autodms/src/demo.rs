//! The demo dataset: a dealer group with two stores, staff in every role, a catalogue of three
//! brands, and a few hundred customers. Generated with a fixed seed, so every run is the same.
//! Everything goes through the same use cases as the UI (validation and audit included), on an
//! application whose clock is set to the moments of the group's past: the stores were opened a
//! year and more ago, customers came in over the last year, and each order was created, submitted,
//! confirmed, approved and progressed on the days and working hours a real one would have been.

use app::catalogue::{BrandInput, ColourInput, ModelInput, OptionInput, TrimInput};
use app::customers::CustomerInput;
use app::org::StoreInput;
use app::users::UserInput;
use app::{App, AppResult, Clock};
use chrono::{Duration, NaiveDateTime};
use domain::ident::{CreditCode, ResidentId};
use domain::org::Actor;
use domain::rbac::Role;
use domain::sales::{Facts, VehicleFact};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use storage::org::StoreRow;
use storage::users::UserRow;

/// The password of every demo account (README lists the accounts).
pub const DEMO_PASSWORD: &str = "autodms-demo";

struct StoreSpec {
    code: &'static str,
    name: &'static str,
    brand_line: &'static str,
    address: &'static str,
    phone: &'static str,
    /// Username prefix of the store's staff.
    prefix: &'static str,
    /// Region codes (GB/T 2260) for the customers' ID numbers, and their city for addresses.
    regions: &'static [&'static str],
    city: &'static str,
    districts: &'static [&'static str],
    customers: usize,
}

const STORES: [StoreSpec; 2] = [
    StoreSpec {
        code: "SH01",
        name: "上海浦东汽车4S店",
        brand_line: "上汽大众",
        address: "上海市浦东新区川沙路 5888 号",
        phone: "021-58881234",
        prefix: "sh",
        regions: &["310115", "310104", "310112", "310110"],
        city: "上海市",
        districts: &["浦东新区", "徐汇区", "闵行区", "杨浦区"],
        customers: 180,
    },
    StoreSpec {
        code: "HZ01",
        name: "杭州西湖新能源4S店",
        brand_line: "比亚迪、广汽丰田",
        address: "杭州市西湖区文一西路 998 号",
        phone: "0571-88776655",
        prefix: "hz",
        regions: &["330106", "330105", "330108", "330110"],
        city: "杭州市",
        districts: &["西湖区", "拱墅区", "滨江区", "余杭区"],
        customers: 140,
    },
];

/// (username suffix, role, team index) of every store's staff: one or more in each role.
const STAFF: [(&str, Role, Option<usize>); 13] = [
    ("gm", Role::GeneralManager, None),
    ("manager1", Role::SalesManager, Some(0)),
    ("manager2", Role::SalesManager, Some(1)),
    ("advisor1", Role::SalesAdvisor, Some(0)),
    ("advisor2", Role::SalesAdvisor, Some(0)),
    ("advisor3", Role::SalesAdvisor, Some(1)),
    ("advisor4", Role::SalesAdvisor, Some(1)),
    ("finance", Role::Finance, None),
    ("inventory", Role::Inventory, None),
    ("service", Role::ServiceAdvisor, Some(2)),
    ("tech", Role::Technician, Some(2)),
    ("cs", Role::CustomerService, None),
    ("admin", Role::Administrator, None),
];

const TEAMS: [&str; 3] = ["销售一组", "销售二组", "售后服务组"];

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗",
    "高", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "潘", "袁", "蒋",
    "蔡", "余",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞",
    "平", "刚", "桂英", "建华", "晓东", "海燕", "志强", "文博", "子涵", "雨桐", "浩然", "欣怡", "宇航", "梓萱", "俊杰",
    "思远", "佳琪",
];
const STREETS: &[&str] =
    &["世纪大道", "张杨路", "龙阳路", "文三路", "古墩路", "天目山路", "中山北路", "解放路", "人民路", "建国路"];
const COMPANIES: &[&str] = &[
    "物流有限公司",
    "科技有限公司",
    "建设工程有限公司",
    "贸易有限公司",
    "餐饮管理有限公司",
    "医疗器械有限公司",
    "旅游汽车服务有限公司",
];
const MOBILE_PREFIXES: &[&str] =
    &["138", "139", "135", "136", "150", "158", "186", "187", "177", "199", "133", "189", "152", "182"];

struct TrimSpec(&'static str, i32, &'static str, &'static str, bool, i32);
struct ModelSpec {
    name: &'static str,
    body: &'static str,
    trims: &'static [TrimSpec],
    exterior: &'static [(&'static str, &'static str)],
    interior: &'static [&'static str],
}

/// Guide prices of the 2026 model year as published by the makers (yuan), believable rather than official.
const CATALOGUE: &[(&str, &str, &[ModelSpec])] = &[
    (
        "大众",
        "Volkswagen",
        &[
            ModelSpec {
                name: "朗逸",
                body: "轿车",
                trims: &[
                    TrimSpec("1.5L 自动舒适版", 2026, "119900", "petrol", false, 5),
                    TrimSpec("1.5L 自动豪华版", 2026, "135900", "petrol", false, 5),
                    TrimSpec("280TSI 星空版", 2026, "149900", "petrol", false, 5),
                ],
                exterior: &[("极地白", "0"), ("星空灰", "0"), ("深海蓝", "1500")],
                interior: &["黑色", "米色"],
            },
            ModelSpec {
                name: "帕萨特",
                body: "轿车",
                trims: &[
                    TrimSpec("330TSI 精英版", 2026, "219900", "petrol", false, 5),
                    TrimSpec("380TSI 豪华版", 2026, "259900", "petrol", false, 5),
                ],
                exterior: &[("珍珠白", "2000"), ("曜石黑", "0"), ("钛金灰", "0")],
                interior: &["黑色", "棕色"],
            },
            ModelSpec {
                name: "途观L",
                body: "SUV",
                trims: &[
                    TrimSpec("330TSI 两驱智享版", 2026, "219900", "petrol", false, 5),
                    TrimSpec("380TSI 四驱 R-Line", 2026, "289900", "petrol", false, 7),
                ],
                exterior: &[("极地白", "0"), ("胭脂红", "2000"), ("曜石黑", "0")],
                interior: &["黑色", "灰色"],
            },
            ModelSpec {
                name: "ID.4 X",
                body: "SUV",
                trims: &[
                    TrimSpec("纯净智享版", 2026, "199888", "electric", true, 5),
                    TrimSpec("长续航 Pro", 2026, "239888", "electric", true, 5),
                ],
                exterior: &[("冰川白", "0"), ("星河蓝", "3000")],
                interior: &["黑色"],
            },
        ],
    ),
    (
        "比亚迪",
        "BYD",
        &[
            ModelSpec {
                name: "秦PLUS DM-i",
                body: "轿车",
                trims: &[
                    TrimSpec("55KM 领先型", 2026, "79800", "plugin_hybrid", true, 5),
                    TrimSpec("120KM 卓越型", 2026, "109800", "plugin_hybrid", true, 5),
                ],
                exterior: &[("时间灰", "0"), ("雪域白", "0"), ("汉宫红", "0")],
                interior: &["黑色", "棕色"],
            },
            ModelSpec {
                name: "海豹",
                body: "轿车",
                trims: &[
                    TrimSpec("550 标准续航版", 2026, "179800", "electric", true, 5),
                    TrimSpec("650 四驱性能版", 2026, "249800", "electric", true, 5),
                ],
                exterior: &[("极地白", "0"), ("宇宙黑", "0"), ("极光蓝", "2000")],
                interior: &["黑色", "白色"],
            },
            ModelSpec {
                name: "宋PLUS DM-i",
                body: "SUV",
                trims: &[TrimSpec("110KM 旗舰型", 2026, "159800", "plugin_hybrid", true, 5)],
                exterior: &[("雪域白", "0"), ("时间灰", "0")],
                interior: &["黑色"],
            },
        ],
    ),
    (
        "丰田",
        "Toyota",
        &[
            ModelSpec {
                name: "凯美瑞",
                body: "轿车",
                trims: &[
                    TrimSpec("2.0G 豪华版", 2026, "179800", "petrol", false, 5),
                    TrimSpec("2.5HQ 双擎旗舰版", 2026, "239800", "hybrid", false, 5),
                ],
                exterior: &[("铂金珍珠白", "1500"), ("冰川银", "0"), ("星空黑", "0")],
                interior: &["黑色", "米色"],
            },
            ModelSpec {
                name: "汉兰达",
                body: "SUV",
                trims: &[TrimSpec("2.5L 双擎四驱精英版", 2026, "299800", "hybrid", false, 7)],
                exterior: &[("珍珠白", "1500"), ("墨玉黑", "0")],
                interior: &["黑色"],
            },
        ],
    ),
];

/// (kind, name, price in yuan, fits only the dearer trims)
const EXTRAS: &[(&str, &str, &str, bool)] = &[
    ("option", "全景天窗", "6000", false),
    ("option", "高级驾驶辅助包", "8000", true),
    ("option", "20 英寸轮毂", "5000", true),
    ("accessory", "全包围脚垫", "680", false),
    ("accessory", "行车记录仪", "1280", false),
    ("accessory", "隔热膜（全车）", "3800", false),
    ("accessory", "原厂车顶行李架", "2600", false),
];

fn admin_actor(user: &UserRow) -> AppResult<Actor> {
    app::auth::actor_of(user, user.store_id)
}

fn valid_id(rng: &mut StdRng, region: &str) -> String {
    let year = rng.gen_range(1962..=2004);
    let month = rng.gen_range(1..=12);
    let day = rng.gen_range(1..=28);
    let seq = rng.gen_range(0..1000);
    let first17 = format!("{region}{year:04}{month:02}{day:02}{seq:03}");
    format!("{first17}{}", ResidentId::check_char(&first17))
}

fn credit_code(rng: &mut StdRng, region: &str) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    let body: String = (0..9).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect();
    CreditCode::complete(&format!("91{region}{body}")).map(|c| c.as_str().to_string()).unwrap_or_default()
}

/// Loads the demo dataset into an empty database; returns a summary line.
pub fn seed(app: &App) -> AppResult<String> {
    let today = app.now();
    let app = &app.with_clock(Clock::set_to(today - Duration::days(400)));
    let first = &STORES[0];
    let store_a = app::setup::ensure_store(app, "华东汽车集团", first.code, first.name)?;
    let admin = app::setup::create_user(app, &store_a, "admin", "系统管理员", Role::Administrator, DEMO_PASSWORD)?;
    let admin = admin_actor(&admin)?;

    // Stores: fill in the first one, create the second.
    let mut stores: Vec<StoreRow> = Vec::new();
    for spec in &STORES {
        let input = StoreInput {
            code: spec.code.into(),
            name: spec.name.into(),
            brand_line: spec.brand_line.into(),
            address: spec.address.into(),
            phone: spec.phone.into(),
            active: true,
            version: store_a.version,
        };
        stores.push(if spec.code == store_a.code {
            app::org::update_store(app, &admin, store_a.id, store_a.version, &input)?
        } else {
            app::org::create_store(app, &admin, &input)?
        });
    }

    let mut rng = StdRng::seed_from_u64(20261123);
    let mut names_used = std::collections::HashSet::new();
    let mut person = |rng: &mut StdRng| loop {
        let n =
            format!("{}{}", SURNAMES.choose(rng).copied().unwrap_or("王"), GIVEN.choose(rng).copied().unwrap_or("伟"));
        if names_used.insert(n.clone()) || names_used.len() > 1000 {
            return n;
        }
    };

    // Group-level staff.
    let exec_input = UserInput {
        username: "exec".into(),
        display_name: person(&mut rng),
        store_id: stores[0].id.to_string(),
        role: Role::GroupExecutive.code().into(),
        password: DEMO_PASSWORD.into(),
        active: true,
        ..Default::default()
    };
    app::users::create(app, &admin, &exec_input)?;

    let trims = seed_catalogue(app, &admin)?;
    seed_rules(app, &admin)?;
    let mut users = 2;
    let mut customers = 0;
    let mut orders = 0;
    for (spec, store) in STORES.iter().zip(&stores) {
        let teams: Vec<i64> = TEAMS
            .iter()
            .map(|t| app::org::create_team(app, &admin, store.id, t).map(|t| t.id))
            .collect::<AppResult<_>>()?;
        let mut advisors = Vec::new();
        let mut staff = std::collections::HashMap::new();
        for (suffix, role, team) in STAFF {
            let input = UserInput {
                username: format!("{}.{suffix}", spec.prefix),
                display_name: person(&mut rng),
                store_id: store.id.to_string(),
                team_id: team.map(|t| teams[t].to_string()).unwrap_or_default(),
                mobile: format!("13{}{:08}", rng.gen_range(5..=9), rng.gen_range(0..100_000_000)),
                email: format!("{}.{suffix}@autodms.demo", spec.prefix),
                role: role.code().into(),
                // A store's own administrator manages that store only.
                data_scope: if role == Role::Administrator { "store".into() } else { String::new() },
                password: DEMO_PASSWORD.into(),
                active: true,
                ..Default::default()
            };
            let user = app::users::create(app, &admin, &input)?;
            users += 1;
            if matches!(role, Role::SalesAdvisor | Role::SalesManager | Role::ServiceAdvisor) {
                advisors.push(user.clone());
            }
            staff.insert(suffix, user);
        }
        customers += seed_customers(app, today, &mut rng, spec, &advisors, &mut person)?;
        orders += seed_orders(app, today, &mut rng, &staff)?;
    }

    Ok(format!(
        "demo loaded: 2 stores, {users} users (password {DEMO_PASSWORD}), {} brands, {trims} trims, {customers} customers, {orders} orders",
        CATALOGUE.len()
    ))
}

fn seed_customers(
    app: &App,
    today: NaiveDateTime,
    rng: &mut StdRng,
    spec: &StoreSpec,
    owners: &[UserRow],
    person: &mut impl FnMut(&mut StdRng) -> String,
) -> AppResult<usize> {
    let mut used_mobiles = std::collections::HashSet::new();
    let mut created = 0;
    for i in 0..spec.customers {
        let owner = &owners[i % owners.len()];
        let actor = app::auth::actor_of(owner, owner.store_id)?;
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
                email: if rng.gen_bool(0.4) { format!("user{}@example.com", 1000 + i) } else { String::new() },
                address,
                id_number: if rng.gen_bool(0.7) { valid_id(rng, region) } else { String::new() },
                notes: if rng.gen_bool(0.2) { "到店看车，关注油耗与保值率".into() } else { String::new() },
                name,
                mobile,
                ..Default::default()
            }
        };
        // Profiles spread over the past year, so that lists and date filters look like a real store.
        let day = today - Duration::days(rng.gen_range(1..365));
        app.clock.move_to(working_hours(rng, day));
        app::customers::create(app, &actor, &input)?;
        created += 1;
    }
    Ok(created)
}

fn seed_catalogue(app: &App, admin: &Actor) -> AppResult<usize> {
    let mut trims = 0;
    for (brand, brand_en, models) in CATALOGUE {
        let b = app::catalogue::create_brand(
            app,
            admin,
            &BrandInput { name: (*brand).into(), name_en: (*brand_en).into(), active: true, version: 0 },
        )?;
        for m in *models {
            let model = app::catalogue::create_model(
                app,
                admin,
                b.id,
                &ModelInput { name: m.name.into(), body_type: m.body.into(), active: true, version: 0 },
            )?;
            let mut trim_ids = Vec::new();
            for t in m.trims {
                let msrp: i64 = t.2.parse().unwrap_or(0);
                let input = TrimInput {
                    name: t.0.into(),
                    model_year: t.1.to_string(),
                    msrp: t.2.into(),
                    // Floor price: 8% under the guide price, a typical dealer discount ceiling.
                    floor_price: (msrp * 92 / 100).to_string(),
                    fuel_type: t.3.into(),
                    nev_catalogue: t.4,
                    seats: t.5.to_string(),
                    active: true,
                    version: 0,
                };
                trim_ids.push(app::catalogue::create_trim(app, admin, model.id, &input)?.id);
                trims += 1;
            }
            for (name, extra) in m.exterior {
                let input = ColourInput {
                    kind: "exterior".into(),
                    name: (*name).into(),
                    extra_price: (*extra).into(),
                    active: true,
                    ..Default::default()
                };
                app::catalogue::create_colour(app, admin, model.id, &input)?;
            }
            for name in m.interior {
                let input =
                    ColourInput { kind: "interior".into(), name: (*name).into(), active: true, ..Default::default() };
                app::catalogue::create_colour(app, admin, model.id, &input)?;
            }
            for (kind, name, price, upper_only) in EXTRAS {
                let fits: Vec<String> = if *upper_only && trim_ids.len() > 1 {
                    trim_ids[1..].iter().map(i64::to_string).collect()
                } else {
                    trim_ids.iter().map(i64::to_string).collect()
                };
                let input = OptionInput {
                    kind: (*kind).into(),
                    name: (*name).into(),
                    price: (*price).into(),
                    trim_ids: fits,
                    active: true,
                    ..Default::default()
                };
                app::catalogue::create_option(app, admin, model.id, &input)?;
            }
        }
    }
    Ok(trims)
}

/// The approval rules a typical 4S store starts with.
fn seed_rules(app: &App, admin: &Actor) -> AppResult<()> {
    use app::sales::rules::{RuleInput, create};
    let rule = |name: &str, condition: &str, threshold: &str, levels: &[&str]| RuleInput {
        name: name.into(),
        condition: condition.into(),
        threshold: threshold.into(),
        levels: levels.iter().map(|l| l.to_string()).collect(),
        active: true,
        version: 0,
    };
    create(app, admin, &rule("折扣超过 3%", "discount_percent_over", "3", &["sales_manager"]))?;
    create(app, admin, &rule("折扣超过 8%", "discount_percent_over", "8", &["sales_manager", "general_manager"]))?;
    create(app, admin, &rule("低于最低限价", "below_floor_price", "", &["general_manager"]))?;
    create(app, admin, &rule("赠品价值超过 5,000 元", "gifts_value_over", "5000", &["sales_manager"]))?;
    create(app, admin, &rule("公司购车", "payment_method_is", "company", &["finance"]))?;
    Ok(())
}

/// Where a demo order ends up: every state of the lifecycle, with how many days ago such an
/// order was typically created.
const ORDER_PATH: [(&str, std::ops::Range<i64>); 16] = [
    ("draft", 1..4),
    ("rejected", 2..6),
    ("submitted", 1..5),
    ("confirmed", 1..4),
    ("awaiting_gm", 2..5),
    ("approved", 3..10),
    ("contract", 6..15),
    ("paid", 8..20),
    ("factory", 10..25),
    ("allocated", 10..25),
    ("in_transit", 15..30),
    ("arrived", 18..35),
    ("ready", 20..40),
    ("delivered", 30..60),
    ("closed", 45..90),
    ("cancelled", 10..40),
];

/// A moment in the store's working hours (09:00 to 19:00 Beijing time) on the day of `at`, in UTC.
fn working_hours(rng: &mut StdRng, at: NaiveDateTime) -> NaiveDateTime {
    let day = (at + Duration::hours(8)).date();
    day.and_time(chrono::NaiveTime::MIN) + Duration::hours(1) + Duration::minutes(rng.gen_range(0..600))
}

/// The moments of one order's history: each step some time after the previous one, never later
/// than the moment the demo is loaded. Moving on sets the demo application's clock.
struct History<'a> {
    app: &'a App,
    at: NaiveDateTime,
    end: NaiveDateTime,
}

impl History<'_> {
    fn after(&mut self, rng: &mut StdRng, minutes: std::ops::Range<i64>) {
        self.at = (self.at + Duration::minutes(rng.gen_range(minutes))).min(self.end);
        self.app.clock.move_to(self.at);
    }

    fn days_later(&mut self, rng: &mut StdRng, days: std::ops::Range<i64>) {
        let day = self.at + Duration::days(rng.gen_range(days));
        self.at = working_hours(rng, day).max(self.at + Duration::minutes(1)).min(self.end);
        self.app.clock.move_to(self.at);
    }
}

/// What the later modules record as an order progresses, in order, with the note they leave,
/// up to where the order ends up. The vehicle comes from stock or is ordered from the factory.
fn progress(path: &str, from_factory: bool) -> Vec<(Facts, &'static str)> {
    let from_factory = match path {
        "factory" | "in_transit" => true,
        "allocated" => false,
        _ => from_factory,
    };
    let mut f = Facts { contract_signed: true, ..Facts::default() };
    let mut steps = vec![("contract", f, "购车合同已签署")];
    f.money_received = true;
    f.paid_in_full = true;
    steps.push(("paid", f, "车款已全额到账"));
    if from_factory {
        f.vehicle = VehicleFact::OrderedFromFactory;
        steps.push(("factory", f, "已向厂家下单订车"));
        f.vehicle = VehicleFact::InTransit;
        steps.push(("in_transit", f, "车辆已发运，物流在途"));
    } else {
        f.vehicle = VehicleFact::Allocated;
        steps.push(("allocated", f, "已从库存配车"));
    }
    f.vehicle = VehicleFact::Arrived;
    steps.push(("arrived", f, "车辆已到店入库"));
    f.ready_for_delivery = true;
    steps.push(("ready", f, "PDI 检查完成，待交车"));
    f.delivered = true;
    steps.push(("delivered", f, "车辆已交付客户"));
    let last = if path == "closed" { "delivered" } else { path };
    let reached = steps.iter().position(|(tag, ..)| *tag == last).map_or(0, |i| i + 1);
    steps.into_iter().take(reached).map(|(_, f, note)| (f, note)).collect()
}

/// Orders of the store's sales advisors in every state, through the same use cases as the UI,
/// each step at its own moment of the past.
fn seed_orders(
    app: &App,
    today: NaiveDateTime,
    rng: &mut StdRng,
    staff: &std::collections::HashMap<&str, UserRow>,
) -> AppResult<usize> {
    use app::sales::{
        OrderInput, Reply, approve, by_link, cancel, close, create, customer_confirm, get, link_token, mark_lost,
        record_facts, reject, submit,
    };
    let actor = |suffix: &str| app::auth::actor_of(&staff[suffix], staff[suffix].store_id);
    let tree = app::catalogue::tree(app, &actor("advisor1")?)?;
    let trims: Vec<i64> =
        tree.iter().flat_map(|b| b.models.iter()).flat_map(|m| m.trims.iter().map(|t| t.id)).collect();
    let end = today - Duration::minutes(5);
    // Who orders what when, first; then the orders in the order they were created, so that each
    // day's numbers follow the clock.
    let mut plans = Vec::new();
    for (n, advisor) in ["advisor1", "advisor2", "advisor3", "advisor4"].iter().enumerate() {
        let a = actor(advisor)?;
        let mine =
            app::customers::list(app, &a, &Default::default(), storage::PageRequest::new(Some(1), Some(50)))?.items;
        let manager = actor(if n < 2 { "manager1" } else { "manager2" })?;
        let paths = ORDER_PATH.iter().enumerate().skip(n % 2).step_by(2).map(|(i, (p, d))| (i, *p, d.clone()));
        for (i, path, days) in paths.chain(std::iter::once((99, "lost", 5..60))) {
            let Some(customer) = mine.get(i % mine.len().max(1)) else { continue };
            let day = today - Duration::days(rng.gen_range(days));
            let created = working_hours(rng, day).max(customer.created_at + Duration::hours(2)).min(end);
            plans.push((created, path, a.clone(), manager.clone(), customer.id));
        }
    }
    plans.sort_by_key(|p| p.0);
    let mut made = 0;
    for (created, path, a, manager, customer_id) in plans {
        let mut history = History { app, at: created, end };
        app.clock.move_to(created);
        let trim = trims[rng.gen_range(0..trims.len())];
        let discount = match path {
            // Waiting for the sales manager; for the general manager (over 8 %); turned down.
            "confirmed" => "4",
            "awaiting_gm" | "rejected" => "9",
            _ => ["0", "2", "2.5", "4", "6", "9"][rng.gen_range(0..6)],
        };
        let payment = ["full", "full", "full", "loan", "loan", "company"][rng.gen_range(0..6)];
        let with_gift = rng.gen_bool(0.5);
        let input = OrderInput {
            customer_id: customer_id.to_string(),
            trim_id: trim.to_string(),
            registration_fee: "1500".into(),
            insurance_fee: if rng.gen_bool(0.6) { "5860".into() } else { String::new() },
            discount_kind: "percent".into(),
            discount_value: discount.into(),
            gift_name: if with_gift { vec!["全车贴膜".into()] } else { vec![] },
            gift_value: if with_gift { vec!["3800".into()] } else { vec![] },
            payment_method: payment.into(),
            lender: if payment == "loan" { "上汽通用汽车金融".into() } else { String::new() },
            down_payment: if payment == "loan" { "60000".into() } else { String::new() },
            loan_months: if payment == "loan" { "36".into() } else { String::new() },
            channel: ["walk_in", "phone", "website", "referral", "social_media", "car_platform"][rng.gen_range(0..6)]
                .into(),
            expected_delivery: (created.date() + Duration::days(rng.gen_range(14..45))).to_string(),
            ..Default::default()
        };
        let order = create(app, &a, &input, None, Reply::BRIEF)?;
        made += 1;
        if path == "draft" {
            continue;
        }
        if path == "lost" {
            history.days_later(rng, 1..5);
            mark_lost(app, &a, order.id, order.version, "客户选择了竞品", Reply::BRIEF)?;
            continue;
        }
        history.after(rng, 5..40);
        let order = submit(app, &a, order.id, order.version, Reply::BRIEF)?;
        if path == "submitted" {
            continue;
        }
        history.after(rng, 30..600);
        let token = link_token(app, order.id);
        customer_confirm(app, &token, order.version)?;
        if path == "confirmed" {
            continue;
        }
        // Decide every level the rules asked for, each by the right role.
        loop {
            let page = get(app, &manager, order.id)?;
            let o = page.order;
            if o.stage != domain::sales::StageName::AwaitingApproval {
                break;
            }
            let Some(level) = page.approvals.iter().find(|r| r.level == o.approval_level && r.decision.is_none())
            else {
                break;
            };
            let approver = match level.role {
                domain::rbac::Role::SalesManager => manager.clone(),
                domain::rbac::Role::GeneralManager if path == "awaiting_gm" => break,
                domain::rbac::Role::GeneralManager => actor("gm")?,
                _ => actor("finance")?,
            };
            history.after(rng, 20..240);
            if path == "rejected" {
                reject(app, &approver, o.id, o.version, "优惠超出本月政策，请与客户重新协商", Reply::BRIEF)?;
                break;
            }
            approve(app, &approver, o.id, o.version, "同意", Reply::BRIEF)?;
        }
        if path == "rejected" || path == "awaiting_gm" {
            continue;
        }
        for (facts, note) in progress(path, rng.gen_bool(0.5)) {
            history.days_later(rng, 1..6);
            // Finance, logistics and delivery report through the sales manager until their modules exist.
            record_facts(app, &manager, order.id, facts, note)?;
        }
        if path == "closed" {
            history.days_later(rng, 7..20);
            let o = by_link(app, &token)?.order;
            close(app, &a, o.id, o.version, Reply::BRIEF)?;
        }
        if path == "cancelled" {
            history.days_later(rng, 1..7);
            let o = by_link(app, &token)?.order;
            cancel(app, &a, o.id, o.version, "客户资金周转原因放弃购车", Reply::BRIEF)?;
        }
    }
    Ok(made)
}
