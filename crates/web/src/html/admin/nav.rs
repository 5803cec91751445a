//! The administration pages' breadcrumbs.

use crate::i18n::Locale;

pub(super) fn crumbs(l: Locale, section: &str, href: &str, title: Option<String>) -> Vec<(String, String)> {
    let mut v = vec![(l.t(section), if title.is_some() { href.to_string() } else { String::new() })];
    if let Some(t) = title {
        v.push((t, String::new()));
    }
    v
}
