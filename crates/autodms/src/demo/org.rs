//! The demo group: two stores, their staff and teams.

use domain::rbac::Role;

pub(super) struct StoreSpec {
    pub(super) code: &'static str,
    pub(super) name: &'static str,
    pub(super) brand_line: &'static str,
    pub(super) address: &'static str,
    pub(super) phone: &'static str,
    /// Username prefix of the store's staff.
    pub(super) prefix: &'static str,
    /// The company behind the store, as contracts and invoices name it: legal name, the first 17
    /// characters of its unified social credit code (the check character is computed), bank and
    /// account.
    pub(super) company: &'static str,
    pub(super) uscc17: &'static str,
    pub(super) bank: &'static str,
    pub(super) account: &'static str,
    /// Region codes (GB/T 2260) for the customers' ID numbers, and their city for addresses.
    pub(super) regions: &'static [&'static str],
    pub(super) city: &'static str,
    pub(super) districts: &'static [&'static str],
    pub(super) customers: usize,
}

pub(super) const STORES: [StoreSpec; 2] = [
    StoreSpec {
        code: "SH01",
        name: "上海浦东汽车4S店",
        brand_line: "上汽大众",
        address: "上海市浦东新区川沙路 5888 号",
        phone: "021-58881234",
        prefix: "sh",
        company: "上海浦东汽车销售服务有限公司",
        uscc17: "91310115MA1K3XK2P",
        bank: "中国工商银行上海川沙支行",
        account: "1001 2288 0900 1234 567",
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
        company: "杭州西湖新能源汽车销售服务有限公司",
        uscc17: "91330106MA2H7L8Q4",
        bank: "招商银行杭州文三支行",
        account: "5719 0688 1210 808",
        regions: &["330106", "330105", "330108", "330110"],
        city: "杭州市",
        districts: &["西湖区", "拱墅区", "滨江区", "余杭区"],
        customers: 140,
    },
];

/// (username suffix, role, team index) of every store's staff: one or more in each role.
pub(super) const STAFF: [(&str, Role, Option<usize>); 13] = [
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

pub(super) const TEAMS: [&str; 3] = ["销售一组", "销售二组", "售后服务组"];
