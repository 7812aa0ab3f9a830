//! The record schema (`schema/document.schema.json`) holds for every record a build writes.

use std::fs;

use crate::util::{Sandbox, assert_code, fixture, read_jsonl, repo};

fn validator() -> (boon::Schemas, boon::SchemaIndex) {
    let path = repo().join("schema/document.schema.json");
    let schema: serde_json::Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.add_resource("document.schema.json", schema).unwrap();
    let index = compiler.compile("document.schema.json", &mut schemas).unwrap();
    (schemas, index)
}

fn check_all(records: &[serde_json::Value]) {
    let (schemas, index) = validator();
    assert!(!records.is_empty());
    for record in records {
        if let Err(err) = schemas.validate(record, index) {
            panic!("{} does not fit the schema:\n{err}", record["source"]);
        }
    }
}

#[test]
fn golden_records_fit_the_schema() {
    check_all(&read_jsonl(&fixture("expected/seeds/documents.jsonl")));
}

#[test]
fn html_and_duplicate_provenance_fit_the_schema() {
    let sb = Sandbox::new();
    sb.seeds("in/seeds");
    sb.seeds("in/copies");
    for entry in fs::read_dir(fixture("html")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "html") {
            sb.copy(&path, &format!("in/html/{}", path.file_name().unwrap().to_string_lossy()));
        }
    }
    assert_code(&sb.ingest(&["run", "in"]), 0);
    let docs = sb.jsonl("out/documents.jsonl");
    assert!(docs.iter().any(|d| d["metadata"]["duplicate_sources"]["count"] == 1));
    assert!(docs.iter().any(|d| d["metadata"]["published"].is_string()));
    check_all(&docs);
}

#[test]
fn the_schema_rejects_what_it_should() {
    let (schemas, index) = validator();
    let mut record = read_jsonl(&fixture("expected/seeds/documents.jsonl")).remove(0);
    assert!(schemas.validate(&record, index).is_ok());
    record["id"] = "not a hash".into();
    assert!(schemas.validate(&record, index).is_err());
    let mut extra = read_jsonl(&fixture("expected/seeds/documents.jsonl")).remove(0);
    extra["metadata"]["surprise"] = 1.into();
    assert!(schemas.validate(&extra, index).is_err(), "unknown fields are caught");
}

#[test]
fn a_build_without_segmentation_holds_the_same_documents_and_fits_the_schema() {
    let sb = Sandbox::new();
    sb.seeds("in");
    assert_code(&sb.ingest(&["run", "in", "--out", "segmented"]), 0);
    assert_code(&sb.ingest(&["run", "in", "--out", "plain", "--no-segment"]), 0);
    let (segmented, plain) = (sb.jsonl("segmented/documents.jsonl"), sb.jsonl("plain/documents.jsonl"));
    assert_eq!(segmented.len(), plain.len());
    check_all(&plain);
    for (with, without) in segmented.iter().zip(&plain) {
        assert!(without.get("segmented").is_none() && without["metadata"].get("words").is_none());
        assert!(with["segmented"].as_str().is_some_and(|s| s.contains('_')));
        // Everything else is the same, syllable counts included.
        let mut expected = with.clone();
        expected.as_object_mut().unwrap().remove("segmented");
        expected["metadata"].as_object_mut().unwrap().remove("words");
        assert_eq!(&expected, without);
    }
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(sb.path("plain/manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["settings"]["tokenize"]["segmenter"], "none");
    let both = sb.ingest(&["run", "in", "--no-segment", "--hf-tokenizer", "tokenizer.json"]);
    assert_code(&both, 2);
}
