//! A store's own wording of a message: an administrator rewrites the subject, body and text
//! message of a notice in a language, with the same `{$name}` placeholders as the standard text;
//! every message of that notice from the store then goes out in those words.

use super::{Channel, Notice};
use crate::{App, AppResult};
use storage::DbConnection;

/// The words of a notice in a language: the e-mail's subject and body, the text message.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Wording {
    pub subject: String,
    pub body: String,
    pub sms: String,
}

impl Wording {
    /// The placeholders the words name (`{$customer}` → `customer`), each once, in order.
    pub fn placeholders(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for text in [&self.subject, &self.body, &self.sms] {
            for name in placeholders_of(text) {
                if !out.contains(&name) {
                    out.push(name);
                }
            }
        }
        out
    }
}

/// `{$name}` or `{ $name }` in a text.
fn placeholders_of(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let inner = after[..close].trim();
        if let Some(name) = inner.strip_prefix('$') {
            out.push(name.to_string());
        }
        rest = &after[close + 1..];
    }
    out
}

/// Why a wording cannot be kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WordingError {
    /// A field is empty (the e-mail's subject or body, or the text message).
    Empty(&'static str),
    /// Too long: a subject over 200 characters, a body over 5,000, a text message over 300.
    TooLong(&'static str),
    /// A `{` without its `}`, or braces around something other than a placeholder.
    Braces(&'static str),
    /// A placeholder the standard text does not have (its value would be unknown).
    UnknownPlaceholder(&'static str, String),
}

/// Checks `w` against the standard wording `standard` (whose placeholders are the ones a message
/// of this notice carries).
pub fn check(w: &Wording, standard: &Wording) -> Result<(), WordingError> {
    let known = standard.placeholders();
    for (field, text, max) in [("subject", &w.subject, 200), ("body", &w.body, 5000), ("sms", &w.sms, 300)] {
        if text.trim().is_empty() {
            return Err(WordingError::Empty(field));
        }
        if text.chars().count() > max {
            return Err(WordingError::TooLong(field));
        }
        if !braces_balanced(text) {
            return Err(WordingError::Braces(field));
        }
        if let Some(bad) = placeholders_of(text).into_iter().find(|p| !known.contains(p)) {
            return Err(WordingError::UnknownPlaceholder(field, bad));
        }
    }
    Ok(())
}

/// Every `{` closes before the next opens, and holds a placeholder.
fn braces_balanced(text: &str) -> bool {
    let mut open: Option<String> = None;
    for ch in text.chars() {
        match (ch, &mut open) {
            ('{', None) => open = Some(String::new()),
            ('{', Some(_)) => return false,
            ('}', None) => return false,
            ('}', Some(inner)) => {
                if !inner.trim().starts_with('$') || inner.trim().len() < 2 {
                    return false;
                }
                open = None;
            }
            (c, Some(inner)) => inner.push(c),
            _ => {}
        }
    }
    open.is_none()
}

/// `text` with each placeholder replaced by the notice's value (an unknown one stays as written).
pub fn fill(text: &str, notice: &Notice) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let name = after[..close].trim().trim_start_matches('$');
        match notice.args.iter().find(|(k, _)| *k == name) {
            Some((_, v)) => out.push_str(v),
            None => out.push_str(&rest[open..open + close + 2]),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// The subject and body of `notice` in `locale` for `channel`: the store's wording if it has one,
/// else the standard text.
pub fn render(
    app: &App,
    c: &mut DbConnection,
    store_id: Option<i64>,
    notice: &Notice,
    locale: &str,
    channel: Channel,
) -> AppResult<(String, String)> {
    let own = match store_id {
        Some(store) => storage::notices::template(c, store, notice.key, locale)?,
        None => None,
    };
    Ok(match (own, channel) {
        (Some(t), Channel::Email) => (fill(&t.subject, notice), fill(&t.body, notice)),
        (Some(t), Channel::Sms) => (String::new(), fill(&t.sms, notice)),
        (None, _) => (app.messages.render)(notice, locale, channel),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standard() -> Wording {
        Wording {
            subject: "订单 {$order} 已批准".into(),
            body: "{ $customer } 的订单 {$order} 已批准。".into(),
            sms: "订单{$order}已批准".into(),
        }
    }

    #[test]
    fn a_wording_names_only_the_standard_placeholders() {
        assert_eq!(standard().placeholders(), vec!["order".to_string(), "customer".to_string()]);
        let mut w = standard();
        assert_eq!(check(&w, &standard()), Ok(()));
        w.body = "{$price}".into();
        assert_eq!(check(&w, &standard()), Err(WordingError::UnknownPlaceholder("body", "price".into())));
        w.body = "订单 {$order".into();
        assert_eq!(check(&w, &standard()), Err(WordingError::Braces("body")));
        w.body = "{订单}".into();
        assert_eq!(check(&w, &standard()), Err(WordingError::Braces("body")));
        w.body = " ".into();
        assert_eq!(check(&w, &standard()), Err(WordingError::Empty("body")));
        w.body = "x".repeat(5001);
        assert_eq!(check(&w, &standard()), Err(WordingError::TooLong("body")));
    }

    #[test]
    fn a_wording_is_filled_with_the_notice_values() {
        let n = Notice::new("test-notice").arg("order", "SO-1").arg("customer", "张三");
        assert_eq!(fill("{ $customer } 的订单 {$order} {$other}", &n), "张三 的订单 SO-1 {$other}");
        assert_eq!(fill("no placeholder {", &n), "no placeholder {");
    }
}
