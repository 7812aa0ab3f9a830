//! `ingest run` end to end: outcomes of odd inputs, determinism, exit codes.

use std::fs;

use serde_json::Value;

use crate::util::{Sandbox, assert_code, fixture, read_jsonl};

const SEED_000: &str = "000_eae569450ad647c0.txt";

fn sources(records: &[Value]) -> Vec<&str> {
    records.iter().map(|r| r["source"].as_str().unwrap()).collect()
}

#[test]
fn default_run_reads_seeds_and_writes_out() {
    let sb = Sandbox::new();
    sb.seeds("seeds");
    let run = sb.ingest(&["run"]);
    assert_code(&run, 0);
    assert_eq!(run.stdout, "", "stdout carries no logs");
    assert!(run.stderr.contains("done: 5 inputs, 5 documents, 0 duplicates, 0 rejects"), "{}", run.stderr);
    let docs = sb.jsonl("out/documents.jsonl");
    assert_eq!(docs.len(), 5);
    assert!(sources(&docs).is_sorted());
    let manifest: Value = serde_json::from_str(&fs::read_to_string(sb.path("out/manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["counts"]["documents"], 5);
    assert!(!manifest.to_string().contains(sb.dir.path().to_str().unwrap()), "no absolute paths in the output");
    let leftovers: Vec<_> = fs::read_dir(sb.dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 2, "only seeds/ and out/ remain: {leftovers:?}");
}

/// A corpus with every kind of outcome.
fn mixed_corpus(sb: &Sandbox) {
    sb.seeds("in/seeds");
    sb.copy(&fixture("encodings/000.windows-1258.txt"), "in/variants/000.windows-1258.txt");
    sb.copy(&fixture("encodings/000.utf-16le.txt"), "in/variants/000.utf-16le.txt");
    sb.copy(&fixture("encodings/000.nfd.txt"), "in/variants/000.nfd.txt");
    sb.copy(&fixture("binary/pixel.png"), "in/junk/pixel.png");
    sb.write("in/junk/empty.txt", "");
}

#[test]
fn output_is_identical_for_any_thread_count() {
    let sb = Sandbox::new();
    mixed_corpus(&sb);
    let mut builds = Vec::new();
    for (args, env) in [
        (vec!["--threads", "1"], vec![]),
        (vec!["--threads", "2"], vec![]),
        (vec![], vec![("RAYON_NUM_THREADS", "1")]),
        (vec![], vec![("RAYON_NUM_THREADS", "2")]),
    ] {
        let out = format!("out{}", builds.len());
        let mut full = vec!["run", "in", "--out", &out];
        full.extend(args);
        let run = sb.ingest_env(&full, &env);
        assert_code(&run, 0);
        let files: Vec<Vec<u8>> = ["documents.jsonl", "duplicates.jsonl", "rejects.jsonl", "manifest.json"]
            .iter()
            .map(|f| fs::read(sb.path(&out).join(f)).unwrap())
            .collect();
        builds.push(files);
    }
    for build in &builds[1..] {
        assert!(build == &builds[0], "builds differ between thread counts");
    }
}

#[test]
fn every_input_has_one_outcome() {
    let sb = Sandbox::new();
    mixed_corpus(&sb);
    let run = sb.ingest(&["run", "in"]);
    assert_code(&run, 0);
    let docs = sb.jsonl("out/documents.jsonl");
    let dups = sb.jsonl("out/duplicates.jsonl");
    let rejects = sb.jsonl("out/rejects.jsonl");
    assert_eq!(docs.len(), 5);
    // The NFD, windows-1258 and UTF-16 copies of seed 000 have its text, so its id.
    let id_000 = docs.iter().find(|d| d["source"] == format!("seeds/{SEED_000}")).unwrap()["id"].clone();
    assert_eq!(sources(&dups), ["variants/000.nfd.txt", "variants/000.utf-16le.txt", "variants/000.windows-1258.txt"]);
    for dup in &dups {
        assert_eq!(dup["duplicate_of"], id_000);
        assert_eq!(dup["kind"], "exact");
    }
    let reasons: Vec<(&str, &str, &str)> = rejects
        .iter()
        .map(|r| (r["source"].as_str().unwrap(), r["stage"].as_str().unwrap(), r["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(reasons, [("junk/empty.txt", "clean", "empty"), ("junk/pixel.png", "fetch", "binary")]);
    assert!(rejects[1]["detail"].as_str().unwrap().contains("pixel.png"), "the detail names the file");
    let manifest: Value = serde_json::from_str(&fs::read_to_string(sb.path("out/manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["counts"], serde_json::json!({"inputs": 10, "documents": 5, "duplicates": 3, "rejects": 2}));
}

#[test]
fn legacy_encodings_decode_to_the_same_text() {
    let sb = Sandbox::new();
    sb.seeds("seeds");
    let utf8 = sb.ingest(&["run", &format!("seeds/{SEED_000}"), "--out", "utf8"]);
    assert_code(&utf8, 0);
    let want = &sb.jsonl("utf8/documents.jsonl")[0];
    for (file, encoding) in [
        ("000.windows-1258.txt", "windows-1258"),
        ("000.utf-16le.txt", "UTF-16LE"),
        ("000.utf-16be.txt", "UTF-16BE"),
        ("000.nfd.txt", "UTF-8"),
    ] {
        let input = sb.copy(&fixture(&format!("encodings/{file}")), file);
        let out = format!("out-{file}");
        let run = sb.ingest(&["run", input.to_str().unwrap(), "--out", &out]);
        assert_code(&run, 0);
        let got = &sb.jsonl(&format!("{out}/documents.jsonl"))[0];
        assert_eq!(got["metadata"]["encoding"], encoding, "{file}");
        assert_eq!(got["text"], want["text"], "{file}");
        assert_eq!(got["id"], want["id"], "{file}");
        assert_eq!(got["segmented"], want["segmented"], "{file}");
        assert_eq!(got["source"], file);
    }
}

#[test]
fn duplicate_file_is_recorded_against_the_first() {
    let sb = Sandbox::new();
    let seed = crate::util::repo().join("seeds").join(SEED_000);
    sb.copy(&seed, "in/a.txt");
    sb.copy(&seed, "in/b/copy.txt");
    // The same text with other line endings and spacing is the same document.
    let text = fs::read_to_string(&seed).unwrap();
    sb.write("in/c.txt", text.replace('\n', "\r\n\r\n").replace(", ", ",\u{a0} "));
    let run = sb.ingest(&["run", "in"]);
    assert_code(&run, 0);
    let docs = sb.jsonl("out/documents.jsonl");
    assert_eq!(sources(&docs), ["a.txt"]);
    let dups = sb.jsonl("out/duplicates.jsonl");
    assert_eq!(sources(&dups), ["b/copy.txt", "c.txt"]);
    assert!(dups.iter().all(|d| d["duplicate_of"] == docs[0]["id"]));
    // The kept document lists them, so its provenance is complete on its own.
    assert_eq!(
        docs[0]["metadata"]["duplicate_sources"],
        serde_json::json!({"count": 2, "sources": ["b/copy.txt", "c.txt"]})
    );
}

#[test]
fn unreadable_input_is_a_reject_and_exit_code_1() {
    let sb = Sandbox::new();
    sb.seeds("in");
    let locked = sb.write("in/locked.txt", "Nội dung bí mật.");
    lock(&locked);
    let run = sb.ingest(&["run", "in"]);
    assert_code(&run, 1);
    assert!(run.stderr.contains("locked.txt"), "the error names the file: {}", run.stderr);
    assert_eq!(sb.jsonl("out/documents.jsonl").len(), 5, "the other inputs are written");
    let rejects = sb.jsonl("out/rejects.jsonl");
    assert_eq!(sources(&rejects), ["locked.txt"]);
    assert_eq!(rejects[0]["reason"], "io");
    assert!(rejects[0]["detail"].as_str().unwrap().contains("locked.txt"));
}

/// Makes `path` unreadable. Permissions do not stop root, so there it becomes a link to nowhere:
/// either way, reading it fails.
fn lock(path: &std::path::Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o000)).unwrap();
        if fs::read(path).is_ok() {
            fs::remove_file(path).unwrap();
            std::os::unix::fs::symlink(path.with_extension("gone"), path).unwrap();
        }
    }
    #[cfg(not(unix))]
    {
        fs::remove_file(path).unwrap();
        fs::create_dir(path.with_extension("gone")).unwrap();
    }
}

#[test]
fn usage_and_output_errors_exit_2_and_keep_the_previous_build() {
    let sb = Sandbox::new();
    sb.seeds("seeds");
    let missing = sb.ingest(&["run", "nope"]);
    assert_code(&missing, 2);
    assert!(missing.stderr.contains("input not found: nope"), "{}", missing.stderr);

    assert_code(&sb.ingest(&["run", "--threads", "many"]), 2);
    assert_code(&sb.ingest(&["frobnicate"]), 2);

    sb.write("bad.toml", "threads = \"two\"\n");
    let bad = sb.ingest(&["run", "--config", "bad.toml"]);
    assert_code(&bad, 2);
    assert!(bad.stderr.contains("bad.toml"), "{}", bad.stderr);

    sb.write("notes/thesis.tex", "precious");
    let refused = sb.ingest(&["run", "--out", "notes"]);
    assert_code(&refused, 2);
    assert!(refused.stderr.contains("refusing to replace"), "{}", refused.stderr);
    assert_eq!(fs::read_to_string(sb.path("notes/thesis.tex")).unwrap(), "precious");

    // A failed build leaves the previous one as it was.
    assert_code(&sb.ingest(&["run"]), 0);
    let before = fs::read(sb.path("out/documents.jsonl")).unwrap();
    assert_code(&sb.ingest(&["run", "nope"]), 2);
    assert_eq!(fs::read(sb.path("out/documents.jsonl")).unwrap(), before);
}

#[test]
fn config_file_sets_inputs_and_output() {
    let sb = Sandbox::new();
    sb.seeds("corpus/raw");
    sb.write("corpus/ingest.toml", "inputs = [\"raw\"]\nout = \"dataset\"\n\n[clean]\nrestore_segmented = false\n");
    let run = sb.ingest(&["run", "--config", "corpus/ingest.toml", "-q"]);
    assert_code(&run, 0);
    assert_eq!(run.stderr, "", "-q hides the summary");
    let docs = read_jsonl(&sb.path("corpus/dataset/documents.jsonl"));
    let pre = docs.iter().find(|d| d["source"].as_str().unwrap().starts_with("002_")).unwrap();
    assert!(pre["text"].as_str().unwrap().contains("Thứ_trưởng"), "restore_segmented = false keeps the input as it is");
}

/// Articles made of seed lines with a few words changed: many near-duplicate clusters.
fn near_duplicate_corpus(sb: &Sandbox) {
    let mut paths: Vec<_> =
        fs::read_dir(crate::util::repo().join("seeds")).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    let seeds: Vec<String> = paths.iter().map(|p| fs::read_to_string(p).unwrap()).collect();
    let mut x = 7u64;
    let mut next = |n: usize| {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (x >> 33) as usize % n
    };
    for i in 0..60 {
        let base = &seeds[i % seeds.len()];
        let mut words: Vec<String> = base.split(' ').map(str::to_owned).collect();
        for _ in 0..(i / 5) % 4 {
            let at = next(words.len());
            words[at] = format!("biến{}", next(1000));
        }
        sb.write(&format!("near/{i:03}.txt"), words.join(" "));
    }
}

#[test]
fn near_duplicates_are_recorded_and_decided_the_same_for_any_thread_count() {
    let sb = Sandbox::new();
    near_duplicate_corpus(&sb);
    let one = sb.ingest(&["run", "near", "--out", "one", "--threads", "1"]);
    assert_code(&one, 0);
    let two = sb.ingest(&["run", "near", "--out", "two", "--threads", "2"]);
    assert_code(&two, 0);
    for file in ["documents.jsonl", "duplicates.jsonl", "manifest.json"] {
        assert_eq!(
            fs::read(sb.path("one").join(file)).unwrap(),
            fs::read(sb.path("two").join(file)).unwrap(),
            "{file}"
        );
    }
    let docs = sb.jsonl("one/documents.jsonl");
    let dups = sb.jsonl("one/duplicates.jsonl");
    assert_eq!(docs.len() + dups.len(), 60);
    // Each seed's first copy is kept; its edited copies are near (or exact) duplicates of it.
    assert_eq!(sources(&docs), ["000.txt", "001.txt", "002.txt", "003.txt", "004.txt"]);
    let near: Vec<&Value> = dups.iter().filter(|d| d["kind"] == "near").collect();
    assert!(near.len() > 20, "{} near duplicates", near.len());
    for dup in &near {
        let similarity = dup["similarity"].as_f64().unwrap();
        assert!((0.8..=1.0).contains(&similarity), "{dup}");
        let n: usize = dup["source"].as_str().unwrap()[..3].parse().unwrap();
        assert_eq!(dup["duplicate_of"], docs[n % 5]["id"], "{dup}");
    }
    let exact_only = sb.ingest(&["run", "near", "--out", "exact", "--no-near"]);
    assert_code(&exact_only, 0);
    assert!(sb.jsonl("exact/documents.jsonl").len() > 20, "without near detection the edited copies stay");
}

#[test]
fn index_skips_what_earlier_builds_published() {
    let sb = Sandbox::new();
    sb.seeds("day1");
    let first = sb.ingest(&["run", "day1", "--out", "out1", "--index", "published.redb"]);
    assert_code(&first, 0);
    assert_eq!(sb.jsonl("out1/documents.jsonl").len(), 5);
    let stats = sb.ingest(&["index", "stats", "published.redb"]);
    assert_code(&stats, 0);
    assert!(stats.stdout.contains("documents:     5"), "{}", stats.stdout);
    assert!(stats.stdout.contains("builds:        1"), "{}", stats.stdout);

    // Day 2: yesterday's articles again, one edited a little, and one new article.
    sb.seeds("day2");
    let seed = fs::read_to_string(sb.path(&format!("day2/{SEED_000}"))).unwrap();
    sb.write("day2/000-edited.txt", seed.replacen("lần thứ 12", "lần thứ mười hai", 1));
    sb.write(
        "day2/new.txt",
        "Hà Nội mưa lớn suốt đêm qua, nhiều tuyến phố ngập sâu.\nNgười dân được khuyến cáo hạn chế ra đường.\n",
    );
    let second = sb.ingest(&["run", "day2", "--out", "out2", "--index", "published.redb"]);
    assert_code(&second, 0);
    let docs = sb.jsonl("out2/documents.jsonl");
    assert_eq!(sources(&docs), ["new.txt"]);
    let dups = sb.jsonl("out2/duplicates.jsonl");
    let kinds: Vec<(&str, &str)> =
        dups.iter().map(|d| (d["source"].as_str().unwrap(), d["kind"].as_str().unwrap())).collect();
    assert_eq!(kinds[0], ("000-edited.txt", "near-index"));
    assert_eq!(kinds[1..].iter().filter(|(_, k)| *k == "exact-index").count(), 5);
    let stats = sb.ingest(&["index", "stats", "published.redb"]);
    assert!(stats.stdout.contains("documents:     6"), "{}", stats.stdout);

    // Other near-duplicate settings cannot use this index.
    let refused = sb.ingest(&["run", "day2", "--out", "out3", "--index", "published.redb", "--near-threshold", "0.5"]);
    assert_code(&refused, 2);
    assert!(refused.stderr.contains("near-duplicate settings"), "{}", refused.stderr);
}

#[test]
fn lines_repeated_across_a_directory_are_removed_the_same_for_any_thread_count() {
    let sb = Sandbox::new();
    let header = "Báo Thế giới và Việt Nam | Thời sự";
    for (i, body) in
        ["Hai bên nhất trí tăng cường hợp tác.", "Đại sứ trình thư ủy nhiệm.", "Hội nghị diễn ra tại Hà Nội."]
            .iter()
            .enumerate()
    {
        sb.write(&format!("in/site/{i}.txt"), format!("{header}\n{body}\nCập nhật 08:3{i} 1{i}/1/2026\n"));
    }
    sb.write("in/other/3.txt", format!("{header}\nMột bài ở nơi khác.\n"));
    // Short texts: the length filter is not what this test is about.
    sb.write("loose.toml", "[clean.filters]\nmin_words = 1\n");
    let mut builds = Vec::new();
    for threads in ["1", "2"] {
        let out = format!("out{threads}");
        let run = sb.ingest(&["run", "in", "--out", &out, "--threads", threads, "--config", "loose.toml"]);
        assert_code(&run, 0);
        assert!(run.stderr.contains("repeated 6"), "the summary counts the removed lines: {}", run.stderr);
        builds.push(fs::read(sb.path(&out).join("documents.jsonl")).unwrap());
        builds.push(fs::read(sb.path(&out).join("manifest.json")).unwrap());
    }
    assert_eq!(builds[0], builds[2], "documents differ between 1 and 2 threads");
    assert_eq!(builds[1], builds[3], "manifests differ between 1 and 2 threads");
    let docs = sb.jsonl("out1/documents.jsonl");
    let texts: Vec<&str> = docs.iter().map(|d| d["text"].as_str().unwrap()).collect();
    assert_eq!(
        texts,
        [
            // One document in its directory: nothing is repeated there.
            "Báo Thế giới và Việt Nam | Thời sự\nMột bài ở nơi khác.",
            "Hai bên nhất trí tăng cường hợp tác.",
            "Đại sứ trình thư ủy nhiệm.",
            "Hội nghị diễn ra tại Hà Nội."
        ]
    );
    assert_eq!(docs[1]["metadata"]["removed"][0]["rule"], "repeated");
    let manifest: Value = serde_json::from_str(&fs::read_to_string(sb.path("out1/manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["stats"]["clean"]["repeated_lines"], 2);
    assert_eq!(manifest["stats"]["clean"]["removed_lines"]["repeated"], 6);

    sb.write("off.toml", "[clean]\nrepeated_min_documents = 0\n[clean.filters]\nmin_words = 1\n");
    assert_code(&sb.ingest(&["run", "in", "--out", "off", "--config", "off.toml"]), 0);
    let docs = sb.jsonl("off/documents.jsonl");
    assert!(docs[1]["text"].as_str().unwrap().starts_with(header), "0 turns the rule off");
}

#[test]
fn quality_filters_reject_with_reason_and_keep_rejected_keeps_the_text() {
    let sb = Sandbox::new();
    sb.seeds("in");
    sb.write(
        "in/english.txt",
        "The two sides agreed to strengthen cooperation in trade, investment, energy and education, and to meet again next year in Hanoi to review the progress made.\n",
    );
    sb.write("in/short.txt", "Hai bên nhất trí tăng cường hợp tác.\n");
    let plain = "Viet Nam va Nga nhat tri tang cuong hop tac trong cac linh vuc kinh te, thuong mai, dau tu va nang luong trong thoi gian toi.\n";
    sb.write("in/plain.txt", plain);
    let run = sb.ingest(&["run", "in"]);
    assert_code(&run, 0);
    let rejects = sb.jsonl("out/rejects.jsonl");
    let reasons: Vec<(&str, &str, &str)> = rejects
        .iter()
        .map(|r| (r["source"].as_str().unwrap(), r["stage"].as_str().unwrap(), r["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(reasons, [("english.txt", "clean", "language"), ("short.txt", "clean", "too_short")]);
    assert_eq!(rejects[1]["detail"], "8 words, fewer than 20");
    assert!(rejects.iter().all(|r| r.get("text").is_none()), "no text without --keep-rejected");
    let docs = sb.jsonl("out/documents.jsonl");
    let plain_doc = docs.iter().find(|d| d["source"] == "plain.txt").unwrap();
    assert_eq!(plain_doc["metadata"]["lang"], "vie");
    assert_eq!(plain_doc["metadata"]["quality"]["no_diacritics"], true);
    assert!(
        docs.iter().filter(|d| d["source"] != "plain.txt").all(|d| d["metadata"]["quality"]["no_diacritics"] == false)
    );

    let run = sb.ingest(&["run", "in", "--keep-rejected", "--out", "kept"]);
    assert_code(&run, 0);
    let rejects = sb.jsonl("kept/rejects.jsonl");
    assert_eq!(rejects[1]["text"], "Hai bên nhất trí tăng cường hợp tác.");
    assert!(rejects[0]["text"].as_str().unwrap().starts_with("The two sides"));
    let manifest: Value = serde_json::from_str(&fs::read_to_string(sb.path("kept/manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["settings"]["keep_rejected"], true);
    assert_eq!(manifest["settings"]["clean"]["filters"]["min_words"], 20);
    assert_eq!(manifest["stats"]["rejects"], serde_json::json!({"clean/language": 1, "clean/too_short": 1}));
    assert!(run.stderr.contains("rejects: clean/language 1, clean/too_short 1"), "{}", run.stderr);
    assert!(!run.stderr.contains("WARN"), "filter rejects are not warnings: {}", run.stderr);
}

#[test]
fn html_pages_become_article_text_with_page_metadata() {
    let sb = Sandbox::new();
    // The name says nothing: the content makes it HTML.
    sb.copy(&fixture("html/vnexpress.html"), "in/page-without-extension");
    let run = sb.ingest(&["run", "in"]);
    assert_code(&run, 0);
    let docs = sb.jsonl("out/documents.jsonl");
    assert_eq!(docs.len(), 1);
    let doc = &docs[0];
    let expected = fs::read_to_string(fixture("html/vnexpress.expected.txt")).unwrap();
    assert_eq!(doc["text"], expected.trim_end());
    assert_eq!(doc["title"], "Việt Nam và Nga thúc đẩy hợp tác năng lượng");
    let m = &doc["metadata"];
    assert_eq!(m["published"], "2026-01-15T08:30:00+07:00");
    assert_eq!(m["author"], "Minh Anh");
    assert_eq!(m["url"], "https://vnexpress.net/viet-nam-va-nga-thuc-day-hop-tac-nang-luong-4800001.html");
    assert_eq!(m["site"], "VnExpress");
    for furniture in ["Đăng nhập", "Tin liên quan", "Ý kiến", "Tweet", "bản quyền", "PAGE_ID", "GMT+7"] {
        assert!(!doc["text"].as_str().unwrap().contains(furniture), "{furniture} left in the text");
    }
}
