//! Localisation: every user-visible string comes from `locales/{zh-CN,en}/*.ftl` (Fluent), one
//! file per capability (`sales.ftl`, `customers.ftl`...) and `kernel.ftl` for what they share.

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};
use std::borrow::Cow;
use std::collections::HashMap;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "zh-CN",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static ZH: LanguageIdentifier = langid!("zh-CN");
static EN: LanguageIdentifier = langid!("en");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locale {
    #[default]
    ZhCn,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::ZhCn, Locale::En];

    pub fn code(self) -> &'static str {
        match self {
            Self::ZhCn => "zh-CN",
            Self::En => "en",
        }
    }

    /// A stored or submitted code; anything unknown is zh-CN.
    pub fn from_code(code: &str) -> Self {
        if code.to_ascii_lowercase().starts_with("en") { Self::En } else { Self::ZhCn }
    }

    /// The first language of an `Accept-Language` header we support; zh-CN otherwise.
    pub fn from_accept_language(header: &str) -> Self {
        for part in header.split(',') {
            let tag = part.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
            if tag.starts_with("zh") {
                return Self::ZhCn;
            }
            if tag.starts_with("en") {
                return Self::En;
            }
        }
        Self::ZhCn
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Self::ZhCn => &ZH,
            Self::En => &EN,
        }
    }

    pub fn t(self, key: &str) -> String {
        LOCALES.try_lookup(self.id(), key).unwrap_or_else(|| key.to_string())
    }

    pub fn t_args(self, key: &str, args: &[(&'static str, String)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue> =
            args.iter().map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.clone()))).collect();
        LOCALES.try_lookup_with_args(self.id(), key, &map).unwrap_or_else(|| key.to_string())
    }

    /// The message of a field error code (`err-<code>`).
    pub fn error(self, code: &str) -> String {
        self.t(&format!("err-{code}"))
    }
}

/// A notice's subject and body in `locale` for `channel`: the texts `{key}-subject` and
/// `{key}-body` (e-mail) or `{key}-sms` (a text message, one short line; the store's signature is
/// added by the gateway), with the notice's values.
pub fn render_notice(
    notice: &app::kernel::notify::Notice,
    locale: &str,
    channel: app::kernel::notify::Channel,
) -> (String, String) {
    let l = Locale::from_code(locale);
    let (key, args) = (notice.key, &notice.args);
    match channel {
        app::kernel::notify::Channel::Sms => (String::new(), l.t_args(&format!("{key}-sms"), args)),
        app::kernel::notify::Channel::Email => {
            (l.t_args(&format!("{key}-subject"), args), l.t_args(&format!("{key}-body"), args))
        }
    }
}

/// The zh-CN locale files, read for the list of notices (every locale file has the same keys).
const SOURCES: [&str; 14] = [
    include_str!("../locales/zh-CN/campaigns.ftl"),
    include_str!("../locales/zh-CN/care.ftl"),
    include_str!("../locales/zh-CN/catalogue.ftl"),
    include_str!("../locales/zh-CN/crm.ftl"),
    include_str!("../locales/zh-CN/customers.ftl"),
    include_str!("../locales/zh-CN/delivery.ftl"),
    include_str!("../locales/zh-CN/finance.ftl"),
    include_str!("../locales/zh-CN/inventory.ftl"),
    include_str!("../locales/zh-CN/kernel.ftl"),
    include_str!("../locales/zh-CN/loaners.ftl"),
    include_str!("../locales/zh-CN/org.ftl"),
    include_str!("../locales/zh-CN/parts.ftl"),
    include_str!("../locales/zh-CN/sales.ftl"),
    include_str!("../locales/zh-CN/service.ftl"),
];

/// Every notice's key (`mail-order-approved`), in the order of the locale files: the messages a
/// store may reword.
pub fn notice_keys() -> Vec<&'static str> {
    SOURCES
        .iter()
        .flat_map(|text| text.lines())
        .filter_map(|l| l.split_once(" =").map(|(k, _)| k))
        .filter_map(|k| k.strip_prefix("mail-").and_then(|_| k.strip_suffix("-subject")))
        .collect()
}

/// The standard words of a notice in `locale`, with `{$name}` where a message puts its values;
/// the text message is the subject where the notice has none of its own.
pub fn standard_notice(key: &str, locale: &str) -> Option<app::kernel::notify::Wording> {
    let l = Locale::from_code(locale);
    // Each placeholder's value is the placeholder itself, so that the words show where it goes.
    let args: HashMap<Cow<'static, str>, FluentValue> = variables_of(key)
        .into_iter()
        .map(|v| (Cow::Owned(v.clone()), FluentValue::from(format!("{{${v}}}"))))
        .collect();
    let text = |part: &str| LOCALES.try_lookup_with_args(l.id(), &format!("{key}-{part}"), &args);
    let subject = text("subject")?;
    let body = text("body")?;
    let sms = text("sms").unwrap_or_else(|| subject.clone());
    Some(app::kernel::notify::Wording { subject, body, sms })
}

/// The variables (`$order`) a notice's texts name in the locale files, each once (with those of
/// the messages they refer to, like `{ stage-name }`).
fn variables_of(key: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut messages: Vec<String> = ["subject", "body", "sms"].iter().map(|p| format!("{key}-{p}")).collect();
    let mut seen = 0;
    while seen < messages.len() {
        let name = messages[seen].clone();
        seen += 1;
        for line in message_lines(&name) {
            for part in line.split('$').skip(1) {
                let var: String =
                    part.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect();
                if !var.is_empty() && !out.contains(&var) {
                    out.push(var);
                }
            }
            for part in line.split('{').skip(1) {
                let inner = part.split('}').next().unwrap_or("").trim();
                let is_ref = !inner.is_empty() && inner.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
                if is_ref && !messages.iter().any(|m| m == inner) {
                    messages.push(inner.to_string());
                }
            }
        }
    }
    out
}

/// The lines of message `name` in the zh-CN locale files: its first line and those that go on
/// (indented or blank).
fn message_lines(name: &str) -> Vec<&'static str> {
    let mut out = Vec::new();
    for text in SOURCES {
        let mut inside = false;
        for line in text.lines() {
            if !line.is_empty() && !line.starts_with([' ', '\t']) {
                inside = line.starts_with(&format!("{name} ="));
            }
            if inside {
                out.push(line);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The list of notices reads every locale file, and shows each notice with its placeholders.
    #[test]
    fn notices_are_listed_with_their_placeholders() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales/zh-CN");
        assert_eq!(std::fs::read_dir(dir).expect("locale dir").count(), SOURCES.len(), "every file is in SOURCES");
        let keys = notice_keys();
        assert!(keys.contains(&"mail-delivery-booked") && keys.len() >= 20, "{keys:?}");
        let w = standard_notice("mail-delivery-booked", "en").expect("the standard words");
        assert!(w.placeholders().contains(&"order".to_string()), "{w:?}");
        // Every notice has its standard words in both languages (a placeholder after a blank
        // line of the body too).
        for key in &keys {
            for locale in ["zh-CN", "en"] {
                assert!(standard_notice(key, locale).is_some(), "{key} {locale}");
            }
        }
        let w = standard_notice("mail-confirm", "zh-CN").expect("mail-confirm");
        assert!(w.body.contains("{$link}") && w.body.contains("{$advisor}"), "{w:?}");
        assert!(standard_notice("mail-nothing", "en").is_none());
    }

    /// Every key of one locale exists in the other, so no page shows a raw key.
    #[test]
    fn locales_have_the_same_files_and_keys() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
        let keys = |lang: &str| -> std::collections::BTreeSet<String> {
            let mut out = std::collections::BTreeSet::new();
            for f in std::fs::read_dir(dir.join(lang)).expect("locale dir") {
                let path = f.expect("entry").path();
                let file = path.file_name().unwrap_or_default().to_string_lossy().to_string();
                let text = std::fs::read_to_string(&path).expect("read");
                for l in text.lines().filter(|l| !l.starts_with([' ', '#', '\t']) && l.contains(" =")) {
                    out.insert(format!("{file}: {}", l.split(" =").next().unwrap_or("")));
                }
            }
            out
        };
        let zh = keys("zh-CN");
        let en = keys("en");
        assert!(zh.len() > 500, "the strings are found: {}", zh.len());
        let only_zh: Vec<_> = zh.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&zh).collect();
        assert!(only_zh.is_empty() && only_en.is_empty(), "only zh: {only_zh:?}; only en: {only_en:?}");
    }

    /// Every notice a use case makes (`Notice::new("mail-…")`, `Notice::marketing`, or a key
    /// chosen among literals) has its subject and body in both languages.
    #[test]
    fn every_notice_has_its_texts() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/src");
        let mut keys = std::collections::BTreeSet::new();
        let mut stack = vec![src];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).expect("app sources") {
                let path = e.expect("entry").path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|x| x == "rs") {
                    let text = std::fs::read_to_string(&path).expect("read");
                    for part in text.split('"').skip(1).step_by(2) {
                        if part.starts_with("mail-") && !part.ends_with('-') {
                            keys.insert(part.to_string());
                        }
                    }
                }
            }
        }
        assert!(keys.len() >= 15, "the notices are found: {keys:?}");
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
        for lang in ["zh-CN", "en"] {
            let mut defined = std::collections::BTreeSet::new();
            for f in std::fs::read_dir(dir.join(lang)).expect("locale dir") {
                let text = std::fs::read_to_string(f.expect("entry").path()).expect("read");
                defined.extend(text.lines().filter_map(|l| l.split_once(" =").map(|(k, _)| k.to_string())));
            }
            for key in &keys {
                // A text message (`-sms`) exists for the notices that go to customers.
                for part in ["subject", "body"] {
                    assert!(defined.contains(&format!("{key}-{part}")), "{lang} has no {key}-{part}");
                }
            }
        }
    }

    /// Lists derived from the code name what they list in both languages: every record type
    /// of the audit log, every order status, every role.
    #[test]
    fn every_derived_name_has_its_words() {
        let mut keys: Vec<String> = app::kernel::audit::record_types().iter().map(|t| format!("entity-{t}")).collect();
        keys.extend(domain::sales::Status::ALL.iter().map(|s| format!("status-{}", s.code())));
        keys.extend(domain::rbac::Role::ALL.iter().map(|r| format!("role-{}", r.code())));
        keys.extend(domain::rbac::Permission::ALL.iter().map(|p| format!("perm-{}", p.code())));
        for l in [Locale::ZhCn, Locale::En] {
            let missing: Vec<&String> = keys.iter().filter(|k| l.t(k) == **k).collect();
            assert!(missing.is_empty(), "{l:?} lacks {missing:?}");
        }
    }

    #[test]
    fn looks_up_and_falls_back_to_the_key() {
        assert_eq!(Locale::ZhCn.t("nav-customers"), "客户");
        assert_eq!(Locale::En.t("nav-customers"), "Customers");
        assert_eq!(Locale::En.t("no-such-key"), "no-such-key");
        assert_eq!(Locale::from_accept_language("en-US,en;q=0.9"), Locale::En);
        assert_eq!(Locale::from_accept_language("fr"), Locale::ZhCn);
    }
}
