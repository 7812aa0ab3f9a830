//! `ingest run` on the inputs fetch reads: every Vietnamese encoding, and (later) archives,
//! datasets, WARC files and URLs.

use crate::util::{Sandbox, assert_code, fixture};

#[test]
fn every_vietnamese_encoding_is_one_document() {
    let sb = Sandbox::new();
    let encodings = [
        ("utf-8", "UTF-8", "valid-utf8"),
        ("windows-1258", "windows-1258", "vietnamese-syllables"),
        ("tcvn3", "TCVN3", "vietnamese-syllables"),
        ("vni", "VNI-Windows", "vietnamese-syllables"),
        ("viscii", "VISCII", "vietnamese-syllables"),
        ("mojibake", "UTF-8", "mojibake-repaired"),
        ("tcvn3-mojibake", "TCVN3", "mojibake-repaired"),
    ];
    for (suffix, _, _) in encodings {
        sb.copy(&fixture(&format!("fetch/encodings/001.{suffix}.txt")), &format!("in/{suffix}.txt"));
    }
    let run = sb.ingest(&["run", "in"]);
    assert_code(&run, 0);
    let docs = sb.jsonl("out/documents.jsonl");
    let dups = sb.jsonl("out/duplicates.jsonl");
    assert_eq!(docs.len(), 1, "one text, so one document: {docs:?}");
    assert_eq!(dups.len(), encodings.len() - 1);
    // The kept document is the first in input order (sorted file names): mojibake.txt.
    assert_eq!(docs[0]["source"], "mojibake.txt");
    assert_eq!(docs[0]["metadata"]["encoding"], "UTF-8");
    assert_eq!(docs[0]["metadata"]["encoding_reason"], "mojibake-repaired");
    for (suffix, encoding, reason) in encodings {
        let run = sb.ingest(&["run", &format!("in/{suffix}.txt"), "--out", suffix]);
        assert_code(&run, 0);
        let doc = &sb.jsonl(&format!("{suffix}/documents.jsonl"))[0];
        assert_eq!(doc["id"], docs[0]["id"], "{suffix}");
        assert_eq!(
            (doc["metadata"]["encoding"].as_str(), doc["metadata"]["encoding_reason"].as_str()),
            (Some(encoding), Some(reason)),
            "{suffix}"
        );
    }
}
