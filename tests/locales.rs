//! The translations are complete: every locale has every key of the default locale (`en`),
//! with the plural forms its language needs, the same placeholders, and nothing extra or
//! empty. Native (reads `locales/*.json`).
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

/// Each locale and the plural categories its language uses for whole numbers (CLDR).
const LOCALES: [(&str, &[&str]); 6] = [
    ("en", &["one", "other"]),
    ("sv-SE", &["one", "other"]),
    ("hu-HU", &["one", "other"]),
    ("nl-NL", &["one", "other"]),
    ("cs-CZ", &["one", "few", "other"]),
    ("zh-TW", &[]),
];
/// Plural keys that show their count formatted by the language, under this name.
const FORMATTED_COUNTS: [(&str, &str); 8] = [
    ("jobs_summary", "shown"),
    ("selected_hidden", "hidden"),
    ("bulk_cancel_confirm", "n"),
    ("bulk_delete_confirm", "n"),
    ("will_be_affected", "n"),
    ("will_be_skipped", "n"),
    ("cancel_kept", "n"),
    ("removal_after_end", "n"),
];
const FORMS: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

fn load(locale: &str) -> Map<String, Value> {
    let path = format!("{}/locales/{locale}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    match serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}")) {
        Value::Object(map) => map,
        _ => panic!("{path}: not an object"),
    }
}

/// Splits `key_form` into (key, form) when it ends in a plural category.
fn split(key: &str) -> (&str, Option<&str>) {
    FORMS
        .iter()
        .find_map(|f| key.strip_suffix(&format!("_{f}")).map(|base| (base, Some(*f))))
        .unwrap_or((key, None))
}

fn placeholders(text: &str) -> BTreeSet<String> {
    text.split("{{")
        .skip(1)
        .filter_map(|part| part.split("}}").next())
        .map(|p| p.trim().to_owned())
        .collect()
}

/// key -> (plural forms present, placeholders over all forms).
fn shape(
    map: &Map<String, Value>,
    locale: &str,
) -> BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> {
    let mut keys: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
    for (key, value) in map {
        let text = value.as_str().unwrap_or_else(|| panic!("{locale}: {key} is not text"));
        assert!(!text.trim().is_empty(), "{locale}: {key} is empty");
        let (base, form) = split(key);
        let entry = keys.entry(base.to_owned()).or_default();
        if let Some(form) = form {
            entry.0.insert(form.to_owned());
        }
        entry.1.extend(placeholders(text));
    }
    keys
}

#[test]
fn every_locale_has_every_key_with_its_plural_forms_and_the_same_placeholders() {
    let reference = shape(&load("en"), "en");
    assert!(reference.len() > 150, "the console has {} strings", reference.len());
    for (locale, categories) in LOCALES {
        let keys = shape(&load(locale), locale);
        let missing: Vec<&String> = reference.keys().filter(|k| !keys.contains_key(*k)).collect();
        let extra: Vec<&String> = keys.keys().filter(|k| !reference.contains_key(*k)).collect();
        assert!(missing.is_empty(), "{locale} lacks {missing:?}");
        assert!(extra.is_empty(), "{locale} has keys English does not: {extra:?}");
        for (key, (forms, names)) in &keys {
            let (en_forms, en_names) = &reference[key];
            assert_eq!(names, en_names, "{locale}: {key} has other placeholders than English");
            if en_forms.is_empty() {
                assert!(forms.is_empty(), "{locale}: {key} is plural but English is not");
            } else {
                let wanted: BTreeSet<String> = categories.iter().map(|c| (*c).to_owned()).collect();
                assert_eq!(forms, &wanted, "{locale}: {key} needs exactly the forms {wanted:?}");
                // A count is shown raw by `{{ count }}`; where the language's grouping matters
                // (thousands), the view passes it formatted under another name as well.
                let formatted = FORMATTED_COUNTS.iter().find(|(k, _)| k == key).map(|(_, v)| *v);
                assert!(
                    names.contains("count") || formatted.is_some_and(|v| names.contains(v)),
                    "{locale}: plural {key} shows no count"
                );
            }
        }
    }
}

#[test]
fn every_translation_differs_from_english_where_the_language_has_its_own_word() {
    // Words that are the same in some languages (names, "Import", "Status") are allowed; a
    // locale that is mostly English would be a copy, not a translation.
    let en = load("en");
    for (locale, _) in LOCALES.iter().skip(1) {
        let map = load(locale);
        let same = en.iter().filter(|(k, v)| map.get(*k) == Some(*v)).count();
        assert!(
            same * 10 < en.len(),
            "{locale}: {same} of {} strings are the English ones",
            en.len()
        );
    }
}

#[test]
fn english_spells_canceled_one_way_as_the_rules_and_azure_do() {
    // The rules' English (sent by the service and shown as the console's reasons) says
    // "canceled"; every other English string must say it the same way.
    let en = load("en");
    let mixed: Vec<&String> = en
        .iter()
        .filter(|(_, v)| v.as_str().is_some_and(|t| t.contains("cancelled")))
        .map(|(k, _)| k)
        .collect();
    assert!(mixed.is_empty(), "British spelling in {mixed:?}");
}
