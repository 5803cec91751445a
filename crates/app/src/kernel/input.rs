//! What input types share: an id field that a form sends as text and the JSON API as an integer.

use serde::{Deserialize, Deserializer};

/// An id as its text: forms post `"12"`, API clients send `12` (the API's convention: ids are
/// integers); `null` is blank. Anything else is refused by the parser of the field.
pub fn id_text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Id {
        Number(i64),
        Text(String),
        Null(()),
    }
    Ok(match Id::deserialize(d)? {
        Id::Number(n) => n.to_string(),
        Id::Text(s) => s,
        Id::Null(()) => String::new(),
    })
}

/// A yes/no field: a checkbox posts `on` (or nothing, read as no), API clients send a boolean.
pub fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Flag {
        Bool(bool),
        Text(String),
        Null(()),
    }
    match Flag::deserialize(d)? {
        Flag::Bool(b) => Ok(b),
        Flag::Text(s) => match s.trim() {
            "on" | "true" | "1" | "yes" => Ok(true),
            "" | "off" | "false" | "0" | "no" => Ok(false),
            _ => Err(serde::de::Error::custom("expected a yes or no")),
        },
        Flag::Null(()) => Ok(false),
    }
}

#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize)]
    struct T {
        #[serde(deserialize_with = "super::id_text")]
        id: String,
    }

    #[test]
    fn integers_text_and_null_are_read_as_text() {
        let read = |json: &str| serde_json::from_str::<T>(json).map(|t| t.id);
        assert_eq!(read(r#"{"id": 12}"#).unwrap(), "12");
        assert_eq!(read(r#"{"id": "12"}"#).unwrap(), "12");
        assert_eq!(read(r#"{"id": null}"#).unwrap(), "");
        assert!(read(r#"{"id": [1]}"#).is_err());
    }
}
