//! `Sources` on files made in the test: what each form of input yields, in order.

use ingest_fetch::{Settings, Sources};

fn read(dir: &std::path::Path, settings: Settings) -> Vec<(String, Result<String, String>)> {
    Sources::spawn(vec![dir.to_owned()], settings)
        .unwrap()
        .map(|entry| match entry {
            Ok(item) => (item.source, Ok(String::from_utf8(item.bytes).unwrap())),
            Err(failure) => (failure.source, Err(failure.error.reason().as_str().to_owned())),
        })
        .collect()
}

#[test]
fn jsonl_lines_with_a_bom_crlf_and_oversized_records() {
    let tmp = tempfile::tempdir().unwrap();
    let long = "x".repeat(200);
    std::fs::write(
        tmp.path().join("d.jsonl"),
        format!("\u{feff}{{\"text\": \"Hà Nội\"}}\r\n  \n{{\"text\": \"{long}\"}}\n[1, 2]\n{{\"text\": 5}}\n{{\"text\": \"cuối\"}}"),
    )
    .unwrap();
    let got = read(tmp.path(), Settings { max_document_bytes: 100, ..Settings::default() });
    let want = [
        ("d.jsonl:1", Ok("Hà Nội")),
        ("d.jsonl:3", Err("too_large")),
        ("d.jsonl:4", Err("malformed")),
        ("d.jsonl:5", Err("malformed")),
        ("d.jsonl:6", Ok("cuối")),
    ];
    let want: Vec<(String, Result<String, String>)> =
        want.iter().map(|(s, r)| (s.to_string(), r.map(str::to_owned).map_err(str::to_owned))).collect();
    assert_eq!(got, want);
}
