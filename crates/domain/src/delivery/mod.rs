//! Delivery: the pre-delivery inspection (PDI) and the handover to the buyer (DOMAIN.md §5).
//!
//! A PDI checks every item of the checklist for the car's fuel type; a failed item needs a note
//! saying what is wrong, and any failure blocks the handover until a later inspection passes. The
//! handover needs the car at the store, the last PDI passed, the money in (paid in full, a loan
//! disbursed counting as paid) and a valid invoice; it records the documents handed over, the
//! keys, the odometer and the buyer's signature. The 三包 clocks run from the invoice date
//! (DOMAIN.md §6).

pub mod photo;
pub mod slots;
pub mod survey;

use crate::FieldErrors;
use crate::catalogue::FuelType;
use crate::code::coded;

coded! {
    /// The parts of a checklist, in the order an inspector walks round the car.
    Section {
        Body => "body",
        Interior => "interior",
        Tyres => "tyres",
        Lights => "lights",
        Fluids => "fluids",
        Electrics => "electrics",
        Charging => "charging",
        Keys => "keys",
        Documents => "documents",
    }
}

coded! {
    /// One item's result.
    Outcome {
        Pass => "pass",
        Fail => "fail",
    }
}

coded! {
    /// What the buyer receives with the car.
    HandoverDocument {
        /// 机动车销售统一发票 (the buyer's copies).
        Invoice => "invoice",
        /// 合格证: its custody moves to the customer.
        Certificate => "certificate",
        /// 车辆一致性证书.
        Consistency => "consistency",
        /// 三包凭证.
        WarrantyCard => "warranty_card",
        /// 使用说明书 and the service booklet.
        Manuals => "manuals",
    }
}

crate::codes!(Section => "checklist section", Outcome => "checklist outcome", HandoverDocument => "handover document");

/// One line of a PDI checklist: a stable key (a standard item's words are the locale's
/// `pdi-item-<key>`; a store's own item carries its label) and the section it sits in.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Item {
    pub key: String,
    pub section: Section,
    /// A store's own item's words (a standard item's are in the locale files).
    pub label: Option<String>,
}

/// A standard item: its key and section.
type Standard = (&'static str, Section);

const fn item(key: &'static str, section: Section) -> Standard {
    (key, section)
}

coded! {
    /// Which cars a checklist item is for.
    Applies {
        All => "all",
        /// Cars with an engine (petrol, diesel, hybrids).
        Engine => "engine",
        /// New-energy vehicles (electric, plug-in hybrids, range extenders).
        NewEnergy => "new_energy",
    }
}

crate::codes!(Applies => "checklist item scope");

impl Applies {
    fn covers(self, fuel: FuelType) -> bool {
        match self {
            Self::All => true,
            Self::Engine => fuel != FuelType::Electric,
            Self::NewEnergy => fuel.is_new_energy(),
        }
    }
}

/// A store's item of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnItem {
    pub key: String,
    pub section: Section,
    pub label: String,
    pub applies: Applies,
}

/// A store's changes to the standard checklist: standard items it does not check, and its own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoreChecklist {
    /// Keys of the standard items switched off.
    pub off: Vec<String>,
    /// Its own items in force.
    pub own: Vec<OwnItem>,
}

/// An own item's label: 2 to 60 characters.
pub const LABEL_MAX: usize = 60;

/// Checks an own item's label.
pub fn own_label(label: &str) -> Result<String, &'static str> {
    let label = label.trim();
    match label.chars().count() {
        0 => Err("required"),
        1 => Err("pdi-label-too-short"),
        n if n > LABEL_MAX => Err("too-long"),
        _ => Ok(label.to_string()),
    }
}

/// Every standard item with the cars it is for (what a store's settings list).
pub fn standard_items() -> Vec<(Item, Applies)> {
    let with = |list: &'static [Standard], applies| {
        list.iter().map(move |(k, s)| (Item { key: (*k).into(), section: *s, label: None }, applies))
    };
    let mut all: Vec<(Item, Applies)> =
        with(COMMON, Applies::All).chain(with(ENGINE, Applies::Engine)).chain(with(NEV, Applies::NewEnergy)).collect();
    all.sort_by_key(|(i, _)| i.section);
    all
}

/// Every car.
const COMMON: &[Standard] = &[
    item("paint", Section::Body),
    item("panel_gaps", Section::Body),
    item("glass", Section::Body),
    item("seats", Section::Interior),
    item("trim", Section::Interior),
    item("infotainment", Section::Interior),
    item("tyre_pressure", Section::Tyres),
    item("wheels", Section::Tyres),
    item("spare_kit", Section::Tyres),
    item("headlights", Section::Lights),
    item("signals", Section::Lights),
    item("brake_fluid", Section::Fluids),
    item("washer_fluid", Section::Fluids),
    item("battery_12v", Section::Electrics),
    item("windows_locks", Section::Electrics),
    item("keys", Section::Keys),
    item("vin_plates", Section::Documents),
];

/// Cars with an engine.
const ENGINE: &[Standard] = &[item("engine_oil", Section::Fluids), item("coolant", Section::Fluids)];

/// New-energy vehicles: the traction battery, the cable and the wall box.
const NEV: &[Standard] = &[
    item("traction_battery", Section::Charging),
    item("charging_port", Section::Charging),
    item("charging_cable", Section::Charging),
    item("wallbox_7kw_11kw", Section::Charging),
];

/// The standard checklist for a car of `fuel`, section by section.
pub fn checklist(fuel: FuelType) -> Vec<Item> {
    checklist_for(fuel, &StoreChecklist::default())
}

/// A store's checklist for a car of `fuel`: the standard items it checks and its own, section by
/// section (its own after the standard ones of their section).
pub fn checklist_for(fuel: FuelType, store: &StoreChecklist) -> Vec<Item> {
    let mut items: Vec<Item> = standard_items()
        .into_iter()
        .filter(|(i, applies)| applies.covers(fuel) && !store.off.contains(&i.key))
        .map(|(i, _)| i)
        .collect();
    items.extend(store.own.iter().filter(|o| o.applies.covers(fuel)).map(|o| Item {
        key: o.key.clone(),
        section: o.section,
        label: Some(o.label.clone()),
    }));
    items.sort_by_key(|i| i.section);
    items
}

/// What the inspector recorded for one item.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Checked {
    pub key: String,
    pub outcome: Outcome,
    pub note: String,
}

/// A failed item's note and any item's note: at most this many characters.
pub const NOTE_MAX: usize = 500;

/// Checks a PDI against `items`: every item answered once, a failure with its note, no item the
/// checklist does not have. Field errors are named `item.<key>`. Returns whether it passed.
pub fn inspect(items: &[Item], results: &[Checked]) -> Result<bool, FieldErrors> {
    let mut e = FieldErrors::new();
    for r in results {
        if !items.iter().any(|i| i.key == r.key) {
            e.add(format!("item.{}", r.key), "pdi-item-unknown");
        } else if results.iter().filter(|o| o.key == r.key).count() > 1 {
            e.add(format!("item.{}", r.key), "pdi-item-twice");
        }
        if r.note.chars().count() > NOTE_MAX {
            e.add(format!("item.{}", r.key), "too-long");
        } else if r.outcome == Outcome::Fail && r.note.trim().is_empty() {
            e.add(format!("item.{}", r.key), "pdi-fail-needs-note");
        }
    }
    for i in items {
        if !results.iter().any(|r| r.key == i.key) {
            e.add(format!("item.{}", i.key), "pdi-item-unanswered");
        }
    }
    e.into_result()?;
    Ok(results.iter().all(|r| r.outcome == Outcome::Pass))
}

coded! {
    /// Why a car cannot be handed over yet.
    Blocker {
        /// The order is not an approved, open one.
        OrderNotOpen => "order_not_open",
        /// Handed over already.
        Delivered => "delivered",
        /// The car has not arrived at the store.
        NotArrived => "not_arrived",
        /// No PDI yet, or the last one found a fault.
        PdiNotPassed => "pdi_not_passed",
        /// Not paid in full (a loan counts once disbursed).
        NotPaid => "not_paid",
        /// No valid vehicle sales invoice.
        NoInvoice => "no_invoice",
        /// The lender still holds the certificate (合格证) of a floor-plan car.
        CertificateWithLender => "certificate_with_lender",
    }
}

crate::codes!(Blocker => "delivery blocker");

coded! {
    /// A follow-up delivery schedules: the sales callback within 72 hours of the handover, a
    /// sales manager's call to a buyer who would not recommend the store.
    TaskKind {
        Callback => "callback",
        Detractor => "detractor",
    }
}

crate::codes!(TaskKind => "delivery task kind");

/// When the sales callback is due after the handover (DOMAIN.md §6).
pub const CALLBACK_HOURS: i64 = 72;
/// When a detractor's follow-up is due after their answer.
pub const DETRACTOR_HOURS: i64 = 24;

/// What the handover depends on, as the other capabilities have recorded it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Readiness {
    pub order_open: bool,
    pub delivered: bool,
    pub arrived: bool,
    pub pdi_passed: bool,
    pub paid_in_full: bool,
    pub invoiced: bool,
    /// The certificate is at the store (not with the floor-plan lender).
    pub certificate_here: bool,
}

/// What stands between the order and its handover, in the order they are usually cleared; none:
/// the car can be handed over.
pub fn blockers(r: Readiness) -> Vec<Blocker> {
    if r.delivered {
        return vec![Blocker::Delivered];
    }
    if !r.order_open {
        return vec![Blocker::OrderNotOpen];
    }
    [
        (!r.arrived, Blocker::NotArrived),
        (!r.pdi_passed, Blocker::PdiNotPassed),
        (!r.paid_in_full, Blocker::NotPaid),
        (!r.invoiced, Blocker::NoInvoice),
        (!r.certificate_here, Blocker::CertificateWithLender),
    ]
    .into_iter()
    .filter_map(|(blocked, b)| blocked.then_some(b))
    .collect()
}

/// How many keys a car comes with at most.
pub const KEYS_MAX: i32 = 6;
/// The odometer of a new car at handover: transport and test drives, never more than this.
pub const ODOMETER_MAX_KM: i64 = 5_000;

/// Checks what the handover form says was handed over: every document, at least one key and an
/// odometer reading of a new car.
pub fn handed_over(documents: &[HandoverDocument], keys: i32, odometer_km: i64) -> Result<(), FieldErrors> {
    let mut e = FieldErrors::new();
    for d in HandoverDocument::ALL {
        if !documents.contains(&d) {
            e.add(format!("document.{}", d.code()), "handover-document-missing");
        }
    }
    if !(1..=KEYS_MAX).contains(&keys) {
        e.add("keys", "handover-keys-invalid");
    }
    if !(0..=ODOMETER_MAX_KM).contains(&odometer_km) {
        e.add("odometer_km", "handover-odometer-invalid");
    }
    e.into_result()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn all_pass(items: &[Item]) -> Vec<Checked> {
        items.iter().map(|i| Checked { key: i.key.clone(), outcome: Outcome::Pass, note: String::new() }).collect()
    }

    #[test]
    fn a_new_energy_car_has_its_charging_items_and_an_electric_one_no_engine_items() {
        let ev = checklist(FuelType::Electric);
        assert!(ev.iter().any(|i| i.key == "wallbox_7kw_11kw"));
        assert!(!ev.iter().any(|i| i.key == "engine_oil"));
        let phev = checklist(FuelType::PluginHybrid);
        assert!(phev.iter().any(|i| i.key == "charging_cable") && phev.iter().any(|i| i.key == "engine_oil"));
        let petrol = checklist(FuelType::Petrol);
        assert!(!petrol.iter().any(|i| i.section == Section::Charging));
        assert!(petrol.windows(2).all(|w| w[0].section <= w[1].section), "walked section by section");
    }

    #[test]
    fn a_failure_needs_its_note_and_every_item_an_answer() {
        let items = checklist(FuelType::Petrol);
        assert_eq!(inspect(&items, &all_pass(&items)), Ok(true));
        let mut results = all_pass(&items);
        results[0].outcome = Outcome::Fail;
        let e = inspect(&items, &results).unwrap_err();
        assert_eq!(e.get(&format!("item.{}", items[0].key)), Some("pdi-fail-needs-note"));
        results[0].note = "左前门划痕".into();
        assert_eq!(inspect(&items, &results), Ok(false));
        results.pop();
        assert_eq!(inspect(&items, &results).unwrap_err().get("item.vin_plates"), Some("pdi-item-unanswered"));
        let mut extra = all_pass(&items);
        extra.push(Checked { key: "wallbox_7kw_11kw".into(), outcome: Outcome::Pass, note: String::new() });
        assert_eq!(inspect(&items, &extra).unwrap_err().get("item.wallbox_7kw_11kw"), Some("pdi-item-unknown"));
    }

    #[test]
    fn the_handover_waits_for_every_fact_and_names_each_missing_one() {
        let ready = Readiness {
            order_open: true,
            delivered: false,
            arrived: true,
            pdi_passed: true,
            paid_in_full: true,
            invoiced: true,
            certificate_here: true,
        };
        assert_eq!(blockers(ready), vec![]);
        assert_eq!(
            blockers(Readiness { pdi_passed: false, invoiced: false, ..ready }),
            vec![Blocker::PdiNotPassed, Blocker::NoInvoice]
        );
        assert_eq!(blockers(Readiness { delivered: true, ..ready }), vec![Blocker::Delivered]);
        assert_eq!(blockers(Readiness { certificate_here: false, ..ready }), vec![Blocker::CertificateWithLender]);
        assert_eq!(blockers(Readiness { order_open: false, ..ready }), vec![Blocker::OrderNotOpen]);
    }

    #[test]
    fn the_handover_lists_every_document_a_key_and_a_new_cars_odometer() {
        assert_eq!(handed_over(&HandoverDocument::ALL, 2, 12), Ok(()));
        let e = handed_over(&[HandoverDocument::Invoice], 0, 9_000).unwrap_err();
        assert_eq!(e.get("document.certificate"), Some("handover-document-missing"));
        assert_eq!(e.get("keys"), Some("handover-keys-invalid"));
        assert_eq!(e.get("odometer_km"), Some("handover-odometer-invalid"));
    }

    proptest! {
        /// An inspection passes exactly when every item passes; any failure with a note is a
        /// recorded failure, never an error.
        #[test]
        fn passes_exactly_when_every_item_passes(fails in proptest::collection::vec(any::<bool>(), 23)) {
            let items = checklist(FuelType::PluginHybrid);
            let results: Vec<Checked> = items.iter().zip(fails.iter().cycle()).map(|(i, f)| Checked {
                key: i.key.clone(),
                outcome: if *f { Outcome::Fail } else { Outcome::Pass },
                note: if *f { "需处理".into() } else { String::new() },
            }).collect();
            let any_fail = results.iter().any(|r| r.outcome == Outcome::Fail);
            prop_assert_eq!(inspect(&items, &results), Ok(!any_fail));
        }
    }

    #[test]
    fn a_store_switches_standard_items_off_and_adds_its_own_for_the_cars_they_fit() {
        let store = StoreChecklist {
            off: vec!["spare_kit".into()],
            own: vec![
                OwnItem {
                    key: "own_1".into(),
                    section: Section::Documents,
                    label: "车贴".into(),
                    applies: Applies::All,
                },
                OwnItem {
                    key: "own_2".into(),
                    section: Section::Charging,
                    label: "充电卡".into(),
                    applies: Applies::NewEnergy,
                },
            ],
        };
        let petrol = checklist_for(FuelType::Petrol, &store);
        assert!(!petrol.iter().any(|i| i.key == "spare_kit"));
        assert!(petrol.iter().any(|i| i.key == "own_1" && i.label.as_deref() == Some("车贴")));
        assert!(!petrol.iter().any(|i| i.key == "own_2"), "a charging card is not for a petrol car");
        let ev = checklist_for(FuelType::Electric, &store);
        assert!(ev.iter().any(|i| i.key == "own_2"));
        assert!(ev.windows(2).all(|w| w[0].section <= w[1].section), "section by section");
        assert_eq!(own_label(" 车贴 "), Ok("车贴".into()));
        assert_eq!(own_label(""), Err("required"));
        assert_eq!(own_label(&"字".repeat(LABEL_MAX + 1)), Err("too-long"));
        assert_eq!(standard_items().len(), checklist(FuelType::PluginHybrid).len(), "a PHEV has every standard item");
    }
}
