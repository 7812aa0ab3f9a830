//! `--hf-tokenizer` end to end, with the `hf` feature: `cargo test -p ingest --features hf`.
#![cfg(feature = "hf")]

use std::process::Command;

#[test]
fn subword_counts_land_in_metadata_and_the_tokenizer_in_the_manifest() {
    let repo = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let status = Command::new(env!("CARGO_BIN_EXE_ingest"))
        .args(["-q", "run", &format!("{repo}/seeds"), "--out"])
        .arg(&out)
        .args(["--hf-tokenizer", &format!("{repo}/fixtures/tokenizer/bpe-seed-002.json")])
        .status()
        .unwrap();
    assert!(status.success());
    let docs = std::fs::read_to_string(out.join("documents.jsonl")).unwrap();
    for line in docs.lines() {
        let doc: serde_json::Value = serde_json::from_str(line).unwrap();
        let subwords = doc["metadata"]["subword_tokens"].as_u64().expect("subword_tokens");
        let words = doc["metadata"]["words"].as_u64().unwrap();
        // Every word and punctuation mark is at least one subword; unseen words are several.
        assert!(subwords > words, "{subwords} subwords for {words} words in {}", doc["source"]);
    }
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(manifest.contains("\"hf_tokenizer_sha256\""), "{manifest}");
}
