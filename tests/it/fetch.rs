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
    let run = loose(&sb, &["run", "in"]);
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
        let run = loose(&sb, &["run", &format!("in/{suffix}.txt"), "--out", suffix]);
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

/// The records of one output file as (source, reason or encoding) pairs.
fn pairs(records: &[serde_json::Value], key: &str) -> Vec<(String, String)> {
    let field = |r: &serde_json::Value| match key {
        "encoding" => r["metadata"]["encoding"].as_str().unwrap().to_owned(),
        _ => r[key].as_str().unwrap().to_owned(),
    };
    records.iter().map(|r| (r["source"].as_str().unwrap().to_owned(), field(r))).collect()
}

fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

#[test]
fn archive_members_are_documents_and_nothing_is_written() {
    let sb = Sandbox::new();
    sb.copy(&fixture("fetch/containers/seeds.tar.gz"), "in/seeds.tar.gz");
    sb.copy(&fixture("fetch/containers/seeds.zip"), "in/seeds.zip");
    sb.copy(&fixture("fetch/containers/seed.txt.gz"), "in/seed.txt.gz");
    let run = loose(&sb, &["run", "in"]);
    assert_code(&run, 0);
    let docs = sb.jsonl("out/documents.jsonl");
    let sources: Vec<&str> = docs.iter().map(|d| d["source"].as_str().unwrap()).collect();
    assert_eq!(
        sources,
        [
            "seed.txt.gz",
            "seeds.tar.gz!/corpus/000.txt",
            "seeds.tar.gz!/corpus/001.txt",
            "seeds.tar.gz!/../evil.txt",
            "seeds.zip!/002.txt",
            "seeds.zip!/nested.jsonl.gz:1",
        ]
    );
    let dups = sb.jsonl("out/duplicates.jsonl");
    assert_eq!(
        pairs(&dups, "kind"),
        owned(&[("seeds.tar.gz!//abs/evil.txt", "exact"), ("seeds.zip!/../evil.txt", "exact")])
    );
    // `../evil.txt` and `/abs/evil.txt` were only names: nothing was written beside the inputs.
    let mut names: Vec<String> = std::fs::read_dir(sb.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["in", "out"]);
    assert!(!sb.dir.path().parent().unwrap().join("evil.txt").exists());
    assert!(!std::path::Path::new("/abs/evil.txt").exists());
}

#[test]
fn decompression_bombs_are_rejects() {
    let sb = Sandbox::new();
    sb.copy(&fixture("fetch/containers/bomb.zip"), "in/bomb.zip");
    sb.copy(&fixture("fetch/containers/big.tar.gz"), "in/big.tar.gz");
    let run = loose(&sb, &["run", "in", "--max-document-bytes", "1M", "--max-archive-bytes", "2M"]);
    assert_code(&run, 0);
    let rejects = sb.jsonl("out/rejects.jsonl");
    assert_eq!(
        pairs(&rejects, "reason"),
        owned(&[("big.tar.gz!/part2.txt", "too_large"), ("bomb.zip!/bomb.txt", "too_large")])
    );
    assert!(rejects[0]["detail"].as_str().unwrap().contains("archive limit of 2097152"), "{}", rejects[0]["detail"]);
    assert!(rejects[1]["detail"].as_str().unwrap().contains("document limit of 1048576"), "{}", rejects[1]["detail"]);
    let docs = sb.jsonl("out/documents.jsonl");
    let sources: Vec<&str> = docs.iter().map(|d| d["source"].as_str().unwrap()).collect();
    // The member after the bomb is read; nothing after the archive limit is.
    assert_eq!(sources, ["big.tar.gz!/part0.txt", "big.tar.gz!/part1.txt", "bomb.zip!/after.txt"]);
}

#[test]
fn jsonl_lines_are_documents_and_bad_lines_rejects() {
    let sb = Sandbox::new();
    sb.copy(&fixture("fetch/containers/dataset.jsonl"), "in/a/dataset.jsonl");
    sb.copy(&fixture("fetch/containers/dataset.jsonl.zst"), "in/b/dataset.jsonl.zst");
    let run = loose(&sb, &["run", "in/a", "--out", "plain"]);
    assert_code(&run, 0);
    assert_eq!(
        pairs(&sb.jsonl("plain/documents.jsonl"), "encoding"),
        owned(&[("dataset.jsonl:1", "UTF-8"), ("dataset.jsonl:5", "UTF-8")])
    );
    let rejects = sb.jsonl("plain/rejects.jsonl");
    assert_eq!(pairs(&rejects, "reason"), owned(&[("dataset.jsonl:2", "malformed"), ("dataset.jsonl:3", "malformed")]));
    assert!(rejects[1]["detail"].as_str().unwrap().ends_with("dataset.jsonl:3: no string field `text`"));

    let run = loose(&sb, &["run", "in/b", "--out", "named", "--id-field", "id"]);
    assert_code(&run, 0);
    let sources = pairs(&sb.jsonl("named/documents.jsonl"), "encoding");
    assert_eq!(sources, owned(&[("dataset.jsonl.zst#a1", "UTF-8"), ("dataset.jsonl.zst#a4", "UTF-8")]));
    sb.write("fetch.toml", "[fetch]\nurl_field = \"url\"\ntext_field = \"text\"\n");
    let run = loose(&sb, &["run", "in/b", "--out", "urls", "--config", "fetch.toml"]);
    assert_code(&run, 0);
    let sources = pairs(&sb.jsonl("urls/documents.jsonl"), "encoding");
    assert_eq!(sources, owned(&[("https://tin.vn/a1", "UTF-8"), ("https://tin.vn/a4", "UTF-8")]));
    let run = loose(&sb, &["run", "in/b", "--out", "body", "--text-field", "body"]);
    assert_code(&run, 0);
    assert_eq!(pairs(&sb.jsonl("body/documents.jsonl"), "encoding"), owned(&[("dataset.jsonl.zst:3", "UTF-8")]));
}

#[test]
fn warc_responses_are_documents_with_their_charset() {
    let sb = Sandbox::new();
    let warc = sb.copy(&fixture("fetch/containers/crawl.warc.gz"), "crawl.warc.gz");
    let run = loose(&sb, &["run", warc.to_str().unwrap()]);
    assert_code(&run, 0);
    let docs = sb.jsonl("out/documents.jsonl");
    assert_eq!(
        pairs(&docs, "encoding"),
        owned(&[("https://tin.vn/viet-nga", "windows-1258"), ("https://tin.vn/xang", "UTF-8")])
    );
    assert_eq!(docs[0]["metadata"]["encoding_reason"], "transport-charset");
    assert!(docs[0]["text"].as_str().unwrap().contains("Việt Nam và Nga ký kết hợp tác"), "{}", docs[0]["text"]);
    assert_eq!(docs[1]["text"], "Bản tin: giá xăng giảm từ chiều nay.", "the chunked body is joined");
    assert_eq!(sb.jsonl("out/rejects.jsonl").len(), 0);
    assert!(
        run.stderr.contains(
            r#"skipped={"metadata": 1, "request": 1, "response 404": 1, "response not text": 1, "warcinfo": 1}"#
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn patterns_filters_and_paths_on_stdin() {
    let sb = Sandbox::new();
    sb.seeds("corpus/news");
    sb.write("corpus/notes/a.md", "Ghi chú về Hà Nội và Huế.\n");
    sb.write("corpus/notes/draft.txt", "Bản nháp về Đà Nẵng.\n");
    let run = loose(&sb, &["run", "corpus/*/00[01]_*.txt", "--out", "glob"]);
    assert_code(&run, 0);
    let sources: Vec<String> =
        sb.jsonl("glob/documents.jsonl").iter().map(|d| d["source"].as_str().unwrap().to_owned()).collect();
    assert_eq!(sources, ["news/000_eae569450ad647c0.txt", "news/001_99b65eee0feaa7b5.txt"]);

    let run = loose(&sb, &["run", "corpus", "--out", "filtered", "--include", "*.txt", "--exclude", "news/00[2-4]*"]);
    assert_code(&run, 0);
    let sources: Vec<String> =
        sb.jsonl("filtered/documents.jsonl").iter().map(|d| d["source"].as_str().unwrap().to_owned()).collect();
    assert_eq!(sources, ["news/000_eae569450ad647c0.txt", "news/001_99b65eee0feaa7b5.txt", "notes/draft.txt"]);

    let run =
        loose_stdin(&sb, &["run", "-", "--out", "listed"], "corpus/notes/a.md\n\ncorpus/missing.txt\ncorpus/notes\n");
    assert_code(&run, 1);
    let sources: Vec<String> =
        sb.jsonl("listed/documents.jsonl").iter().map(|d| d["source"].as_str().unwrap().to_owned()).collect();
    assert_eq!(sources, ["a.md", "draft.txt"]);
    let rejects = sb.jsonl("listed/rejects.jsonl");
    assert_eq!(pairs(&rejects, "reason"), owned(&[("missing.txt", "io")]));
    assert_eq!(sb.jsonl("listed/duplicates.jsonl").len(), 1, "a.md again, through corpus/notes");

    let bad = loose(&sb, &["run", "corpus", "--include", "a["]);
    assert_code(&bad, 2);
    assert!(bad.stderr.contains("invalid glob pattern"), "{}", bad.stderr);
}

#[test]
fn containers_build_the_same_bytes_at_any_thread_count() {
    let sb = Sandbox::new();
    for name in ["seeds.tar.gz", "seeds.zip", "dataset.jsonl.zst", "crawl.warc.gz", "bomb.zip"] {
        sb.copy(&fixture(&format!("fetch/containers/{name}")), &format!("in/{name}"));
    }
    let mut builds = Vec::new();
    for threads in ["1", "2"] {
        let out = format!("out{threads}");
        let run = loose(&sb, &["run", "in", "--out", &out, "--threads", threads, "--max-document-bytes", "1M"]);
        assert_code(&run, 0);
        let files: Vec<Vec<u8>> = ["documents.jsonl", "duplicates.jsonl", "rejects.jsonl", "manifest.json"]
            .iter()
            .map(|f| std::fs::read(sb.path(&out).join(f)).unwrap())
            .collect();
        builds.push(files);
    }
    assert!(builds[0] == builds[1], "builds differ between thread counts");
}

#[test]
fn broken_containers_are_one_reject_each() {
    let sb = Sandbox::new();
    let tar = std::fs::read(fixture("fetch/containers/seeds.tar.gz")).unwrap();
    let zip = std::fs::read(fixture("fetch/containers/seeds.zip")).unwrap();
    sb.write("in/broken.tar.gz", &tar[..tar.len() / 2]);
    sb.write("in/broken.zip", &zip[..zip.len() / 2]);
    sb.write(
        "in/cut.warc",
        "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99\r\n\r\nHTTP/1.1 200 OK\r\n\r\nshort",
    );
    sb.write("in/not.warc", "GET / HTTP/1.1\r\n");
    let run = loose(&sb, &["run", "in"]);
    assert_code(&run, 0);
    let rejects = sb.jsonl("out/rejects.jsonl");
    assert_eq!(
        pairs(&rejects, "reason"),
        owned(&[
            ("broken.tar.gz!/corpus/000.txt", "malformed"),
            ("broken.zip", "malformed"),
            ("cut.warc#1", "malformed"),
            ("not.warc#1", "malformed"),
        ])
    );
    assert!(rejects[2]["detail"].as_str().unwrap().contains("ends inside a record"), "{}", rejects[2]["detail"]);
    assert!(rejects[3]["detail"].as_str().unwrap().contains("expected a WARC record"), "{}", rejects[3]["detail"]);
}

#[path = "../../crates/ingest-fetch/tests/it/server.rs"]
mod server;

#[test]
fn every_input_form_in_one_run() {
    let server = server::Server::start();
    let sb = Sandbox::new();
    sb.seeds("in/seeds");
    for name in ["seeds.zip", "dataset.jsonl.zst", "crawl.warc.gz"] {
        sb.copy(&fixture(&format!("fetch/containers/{name}")), &format!("in/{name}"));
    }
    sb.copy(&fixture("fetch/encodings/003.tcvn3.txt"), "in/legacy/003.tcvn3.txt");
    sb.write("urls.txt", format!("# news\n{}\n\n{}\n", server.url("/ok"), server.url("/missing")));
    let run = loose_stdin(
        &sb,
        &["run", "-", "in/*.zip", "--urls", "urls.txt", "--url", &server.url("/private/page"), "--delay-ms", "0"],
        "in/seeds\nin/dataset.jsonl.zst\nin/crawl.warc.gz\nin/legacy\n",
    );
    assert_code(&run, 1); // /missing could not be fetched
    assert!(run.stderr.contains("/missing: HTTP 404"), "{}", run.stderr);
    let docs = sb.jsonl("out/documents.jsonl");
    let dups = sb.jsonl("out/duplicates.jsonl");
    let rejects = sb.jsonl("out/rejects.jsonl");
    let ok = server.url("/ok");
    let by_source = |source: &str| docs.iter().find(|d| d["source"] == source).unwrap_or_else(|| panic!("no {source}"));
    assert_eq!(by_source(&ok)["metadata"]["encoding"], "windows-1258");
    assert_eq!(by_source("https://tin.vn/viet-nga")["metadata"]["encoding_reason"], "transport-charset");
    assert_eq!(by_source("dataset.jsonl.zst:1")["metadata"]["encoding"], "UTF-8");
    assert_eq!(dups.iter().filter(|d| d["source"] == "003.tcvn3.txt").count(), 1, "TCVN3 003 repeats seed 003");
    let reasons = pairs(&rejects, "reason");
    for want in [
        (server.url("/missing"), "http"),
        (server.url("/private/page"), "robots"),
        ("dataset.jsonl.zst:2".into(), "malformed"),
    ] {
        assert!(reasons.contains(&(want.0.clone(), want.1.to_owned())), "{want:?} not in {reasons:?}");
    }
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(sb.path("out/manifest.json")).unwrap()).unwrap();
    let counts = &manifest["counts"];
    assert_eq!(counts["inputs"], docs.len() + dups.len() + rejects.len());
    assert!(sb.path("ingest-cache").is_dir(), "responses are cached");
    let asked = server::summary(&server);
    assert_eq!(server.count("/private/page"), 0, "robots.txt is obeyed: {asked:?}");
    assert_eq!(server.requests("/ok").len(), 1);
}

/// These tests are about reading inputs, often short made-up texts: the clean stage's quality
/// filters, repeated-line rule and near-duplicate detection are turned off so that only fetch
/// decides what becomes a document.
const LOOSE: &[&str] = &[
    "--set",
    "clean.filters.min_words=1",
    "--set",
    "clean.filters.languages=[]",
    "--set",
    "clean.filters.min_punctuated_line_share=0",
    "--set",
    "clean.filters.max_symbol_share=1",
    "--set",
    "clean.filters.max_caps_share=1",
    "--set",
    "clean.filters.max_duplicate_line_share=1",
    "--set",
    "clean.repeated_min_documents=0",
    "--set",
    "dedupe.near=false",
];

fn loose(sb: &Sandbox, args: &[&str]) -> crate::util::Run {
    let mut all = args.to_vec();
    if args.first() == Some(&"run") {
        all.extend_from_slice(LOOSE);
    }
    sb.ingest(&all)
}

fn loose_stdin(sb: &Sandbox, args: &[&str], stdin: &str) -> crate::util::Run {
    let mut all = args.to_vec();
    all.extend_from_slice(LOOSE);
    sb.ingest_stdin(&all, stdin)
}
