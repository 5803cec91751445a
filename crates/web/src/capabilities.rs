//! The composition root of the web layer: every capability's web declarations
//! (`registry::Web`), in the order the home page shows their cards and the order page its panels.
//! A new capability adds its line here.

use crate::html;
use crate::registry::Web;

pub(crate) static ALL: &[&Web] = &[
    &html::crm::WEB,
    &html::customers::WEB,
    &html::sales::WEB,
    &html::inventory::WEB,
    &html::delivery::WEB,
    &html::service::WEB,
    &html::parts::WEB,
    &html::care::WEB,
    &html::campaigns::WEB,
    &html::loaners::WEB,
    &html::finance::WEB,
    &html::catalogue::WEB,
    &html::admin::WEB,
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_capability_is_registered_once_and_its_app_side_too() {
        assert_eq!(crate::registry::problems(super::ALL), Vec::<String>::new());
        let app: Vec<&str> = app::capabilities::ALL.iter().map(|k| k.name).collect();
        for w in super::ALL {
            assert!(app.contains(&w.name), "{} has no app capability", w.name);
        }
    }
}
