//! The demo catalogue: brands, models, trims, colours, options and accessories.

use app::catalogue::{BrandInput, ColourInput, ModelInput, OptionInput, TrimInput};
use app::{App, AppResult};
use domain::org::Actor;

pub(super) struct TrimSpec(&'static str, i32, &'static str, &'static str, bool, i32);
pub(super) struct ModelSpec {
    name: &'static str,
    body: &'static str,
    trims: &'static [TrimSpec],
    exterior: &'static [(&'static str, &'static str)],
    interior: &'static [&'static str],
}

/// Guide prices of the 2026 model year as published by the makers (yuan), believable rather than official.
pub(super) const CATALOGUE: &[(&str, &str, &[ModelSpec])] = &[
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
pub(super) const EXTRAS: &[(&str, &str, &str, bool)] = &[
    ("option", "全景天窗", "6000", false),
    ("option", "高级驾驶辅助包", "8000", true),
    ("option", "20 英寸轮毂", "5000", true),
    ("accessory", "全包围脚垫", "680", false),
    ("accessory", "行车记录仪", "1280", false),
    ("accessory", "隔热膜（全车）", "3800", false),
    ("accessory", "原厂车顶行李架", "2600", false),
];

pub(super) fn seed_catalogue(app: &App, admin: &Actor) -> AppResult<usize> {
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
