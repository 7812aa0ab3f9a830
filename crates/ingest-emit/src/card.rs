//! `README.md`: the build's dataset card, in the form Hugging Face `datasets` reads.
//!
//! Its YAML header names the document files and the type of every field, so that
//! `load_dataset("path/to/build")` loads every shard with the same columns: without it, `datasets`
//! infers types shard by shard, and a shard where an optional field is null throughout (no HTML
//! page, so no `author`) does not fit one where it is a string. The text under the header says
//! what the files are. The card depends only on the settings and the counts, so it is part of the
//! reproducible bytes and the manifest lists it.

use std::fmt::Write as _;

use crate::manifest::{Counts, FileEntry};

/// The type of a field, as `datasets` names it.
enum Feature {
    String,
    Int,
    Float,
    Bool,
    Strings,
    Struct(Vec<Field>),
    List(Vec<Field>),
}

type Field = (&'static str, Feature);

/// The fields of a document record ([`crate::record::DocumentRecord`], plus the
/// `duplicate_sources` finishing adds), in record order.
fn document_fields(segmented: bool, subword_tokens: bool) -> Vec<Field> {
    use Feature::{Bool, Float, Int, List, Strings, Struct};
    let string = || Feature::String;
    let quality = vec![
        ("words", Int),
        ("mean_syllable_length", Float),
        ("symbol_share", Float),
        ("duplicate_line_share", Float),
        ("punctuated_line_share", Float),
        ("caps_share", Float),
        ("vietnamese_letter_share", Float),
        ("no_diacritics", Bool),
    ];
    let mut metadata =
        vec![("encoding", string()), ("encoding_reason", string()), ("bytes", Int), ("chars", Int), ("syllables", Int)];
    if segmented {
        metadata.push(("words", Int));
    }
    metadata.extend([
        ("raw_sha256", string()),
        ("input_segmented", Bool),
        ("byline", string()),
        ("removed", List(vec![("rule", string()), ("line", string())])),
        ("lang", string()),
        ("lang_confidence", Float),
        ("quality", Struct(quality)),
        ("published", string()),
        ("author", string()),
        ("url", string()),
        ("site", string()),
    ]);
    if subword_tokens {
        metadata.push(("subword_tokens", Int));
    }
    metadata.push(("duplicate_sources", Struct(vec![("count", Int), ("sources", Strings)])));
    let mut fields = vec![("id", string()), ("text", string()), ("title", string()), ("source", string())];
    if segmented {
        fields.push(("segmented", string()));
    }
    fields.push(("metadata", Struct(metadata)));
    fields
}

fn write_fields(yaml: &mut String, fields: &[Field], indent: usize) {
    let pad = " ".repeat(indent);
    for (name, feature) in fields {
        let _ = writeln!(yaml, "{pad}- name: {name}");
        match feature {
            Feature::String => {
                let _ = writeln!(yaml, "{pad}  dtype: string");
            }
            Feature::Int => {
                let _ = writeln!(yaml, "{pad}  dtype: int64");
            }
            Feature::Float => {
                let _ = writeln!(yaml, "{pad}  dtype: float64");
            }
            Feature::Bool => {
                let _ = writeln!(yaml, "{pad}  dtype: bool");
            }
            Feature::Strings => {
                let _ = writeln!(yaml, "{pad}  sequence: string");
            }
            Feature::Struct(inner) => {
                let _ = writeln!(yaml, "{pad}  struct:");
                write_fields(yaml, inner, indent + 2);
            }
            Feature::List(inner) => {
                let _ = writeln!(yaml, "{pad}  list:");
                write_fields(yaml, inner, indent + 2);
            }
        }
    }
}

/// The card of a build whose document files are `files`.
pub(crate) fn card(segmented: bool, subword_tokens: bool, counts: &Counts, files: &[FileEntry]) -> String {
    let mut card = String::from(
        "---\nconfigs:\n- config_name: default\n  data_files:\n  - split: train\n    path: \"documents*.jsonl*\"\n",
    );
    card.push_str("dataset_info:\n  features:\n");
    write_fields(&mut card, &document_fields(segmented, subword_tokens), 2);
    card.push_str("---\n\n# Vietnamese documents built by ingest\n\n");
    let what = if segmented { "cleaned, deduplicated and word-segmented" } else { "cleaned and deduplicated" };
    let names: Vec<String> = files.iter().map(|f| format!("`{}`", f.name)).collect();
    let _ = writeln!(
        card,
        "{} documents, {what}, one JSON object a line in {}. Of {} inputs, {} were duplicates of a kept document \
         (`duplicates.jsonl`) and {} were rejected with a reason (`rejects.jsonl`).",
        counts.documents,
        names.join(", "),
        counts.inputs,
        counts.duplicates,
        counts.rejects
    );
    card.push_str(
        "\nThe fields are described in ingest's `docs/schema.md` and checked by its `schema/document.schema.json`; \
         `manifest.json` records the settings, a fingerprint of the inputs and the SHA-256 of every file \
         (`ingest verify` checks them).\n\nWith Hugging Face `datasets`:\n\n```python\nfrom datasets import load_dataset\n\
         documents = load_dataset(\"path/to/this/directory\", split=\"train\")\n```\n",
    );
    card
}

#[cfg(test)]
mod tests {
    use super::*;
    use ingest_core::{Document, Fixed4, Language, Metadata, Quality, RemovedLine};

    /// The record of a document with every optional field set, as a build writes it.
    fn full_record(segmented: bool) -> serde_json::Value {
        let doc = Document {
            id: "ab".repeat(32),
            text: "Hai bên nhất trí.".into(),
            title: Some("Tiêu đề".into()),
            source: "a.html".into(),
            segmented: "Hai bên nhất_trí .".into(),
            metadata: Metadata {
                encoding: "UTF-8".into(),
                encoding_reason: "valid-utf8".into(),
                bytes: 30,
                raw_sha256: "cd".repeat(32),
                subword_tokens: Some(7),
                byline: Some("BNG".into()),
                removed: vec![RemovedLine { rule: "caption", line: "Ảnh: TTXVN".into() }],
                lang: Some(Language { code: "vie", confidence: Fixed4(9_000) }),
                quality: Some(Quality { mean_syllable_length: Fixed4(35_000), ..Quality::default() }),
                published: Some("2026-01-15".into()),
                author: Some("Thu Trang".into()),
                url: Some("https://example.vn/a".into()),
                site: Some("example.vn".into()),
                ..Metadata::default()
            },
            ..Document::default()
        };
        let mut record = serde_json::to_value(crate::record::DocumentRecord::of(&doc, segmented)).unwrap();
        record["metadata"]["duplicate_sources"] = serde_json::json!({"count": 1, "sources": ["b.txt"]});
        record
    }

    /// Whether `value` has exactly the fields, in order, with values of the types.
    fn fits(value: &serde_json::Value, fields: &[Field], path: &str) {
        let object = value.as_object().unwrap_or_else(|| panic!("{path} is not an object"));
        let mut names: Vec<&str> = object.keys().map(String::as_str).collect();
        names.sort_unstable();
        let expected: Vec<&str> = fields.iter().map(|(name, _)| *name).collect();
        assert_eq!(names, expected, "fields of {path}");
        for (name, feature) in fields {
            let v = &object[*name];
            let at = format!("{path}.{name}");
            match feature {
                Feature::String => assert!(v.is_string(), "{at}"),
                Feature::Int => assert!(v.is_u64(), "{at}"),
                Feature::Float => assert!(v.is_f64(), "{at}"),
                Feature::Bool => assert!(v.is_boolean(), "{at}"),
                Feature::Strings => assert!(v.as_array().is_some_and(|a| a.iter().all(|s| s.is_string())), "{at}"),
                Feature::Struct(inner) => fits(v, inner, &at),
                Feature::List(inner) => {
                    let items = v.as_array().unwrap_or_else(|| panic!("{at} is not a list"));
                    assert!(!items.is_empty());
                    items.iter().for_each(|item| fits(item, inner, &at));
                }
            }
        }
    }

    #[test]
    fn the_features_are_the_record_fields() {
        // Compared by name, whatever order serde_json keeps keys in.
        fn sorted(fields: Vec<Field>) -> Vec<Field> {
            let mut fields: Vec<Field> = fields
                .into_iter()
                .map(|(name, f)| match f {
                    Feature::Struct(inner) => (name, Feature::Struct(sorted(inner))),
                    Feature::List(inner) => (name, Feature::List(sorted(inner))),
                    other => (name, other),
                })
                .collect();
            fields.sort_by_key(|(name, _)| *name);
            fields
        }
        for segmented in [true, false] {
            fits(&full_record(segmented), &sorted(document_fields(segmented, true)), "record");
        }
    }

    #[test]
    fn the_card_names_the_files_and_the_types() {
        let counts = Counts { inputs: 9, documents: 5, duplicates: 3, rejects: 1 };
        let files = [FileEntry {
            name: "documents.jsonl".into(),
            lines: 5,
            bytes: 10,
            uncompressed_bytes: None,
            sha256: String::new(),
        }];
        let card = card(true, false, &counts, &files);
        assert!(card.starts_with("---\nconfigs:\n"));
        assert!(card.contains("    path: \"documents*.jsonl*\"\n"));
        assert!(card.contains("  - name: metadata\n    struct:\n    - name: encoding\n      dtype: string\n"));
        assert!(card.contains("      sequence: string\n"));
        assert!(!card.contains("subword_tokens"));
        assert!(card.contains("5 documents, cleaned, deduplicated and word-segmented, one JSON object a line in `documents.jsonl`. Of 9 inputs, 3 were"));
        let plain = super::card(false, false, &counts, &files);
        assert!(!plain.contains("- name: segmented"));
        assert!(!plain.contains("- name: words\n      dtype: int64\n    - name: raw_sha256"));
        assert!(card.contains("- name: words\n      dtype: int64\n    - name: raw_sha256"));
    }
}
