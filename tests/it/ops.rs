//! Operations: shards and compression, resume after a kill, verify, diff, report.

use std::fs;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{Sandbox, assert_code, repo};

/// Many distinct articles: seed lines in varied order with a number of their own.
pub(crate) fn many_articles(sb: &Sandbox, dir: &str, n: usize) {
    let mut paths: Vec<_> = fs::read_dir(repo().join("seeds")).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    let lines: Vec<String> = paths
        .iter()
        .flat_map(|p| fs::read_to_string(p).unwrap().replace('_', " ").lines().map(str::to_owned).collect::<Vec<_>>())
        .filter(|l| l.split(' ').count() > 25)
        .collect();
    let mut x = 11u64;
    for i in 0..n {
        let mut text = String::new();
        for _ in 0..6 {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let line = &lines[(x >> 33) as usize % lines.len()];
            text.push_str(&format!("Bản tin {i}, đoạn {}: {line}\n", x % 997));
        }
        sb.write(&format!("{dir}/{:02}/{i:05}.txt", i % 40), text);
    }
}

/// The dataset's files (not the report and timings, which vary from run to run), with their bytes.
fn files(sb: &Sandbox, out: &str) -> Vec<(String, Vec<u8>)> {
    let mut names: Vec<String> = fs::read_dir(sb.path(out))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("report.") && n != "timings.json")
        .collect();
    names.sort();
    names.into_iter().map(|n| (n.clone(), fs::read(sb.path(out).join(&n)).unwrap())).collect()
}

#[test]
fn shards_and_compression() {
    let sb = Sandbox::new();
    many_articles(&sb, "in", 120);
    let run = sb.ingest(&["run", "in", "--out", "zst", "--compress", "zstd", "--shard-size", "64KB"]);
    assert_code(&run, 0);
    let names: Vec<String> = files(&sb, "zst").into_iter().map(|(n, _)| n).collect();
    assert!(names.contains(&"documents-00000.jsonl.zst".to_owned()), "{names:?}");
    assert!(names.contains(&"documents-00001.jsonl.zst".to_owned()), "{names:?}");
    assert!(!names.iter().any(|n| n.ends_with(".tmp") || n.ends_with(".part") || n.ends_with(".done")));
    let plain = sb.ingest(&["run", "in", "--out", "plain"]);
    assert_code(&plain, 0);
    assert!(sb.path("plain/documents.jsonl").exists());
    assert_code(&sb.ingest(&["run", "in", "--out", "x", "--compress", "lz4"]), 2);
}

#[test]
fn a_killed_build_resumes_to_the_same_bytes() {
    let sb = Sandbox::new();
    many_articles(&sb, "in", 800);
    sb.write("small.toml", "[batch]\ndocuments = 16\n[output]\nshard_size = \"16KB\"\ncompress = \"zstd\"\n");
    let whole = sb.ingest(&["run", "in", "--out", "whole", "--config", "small.toml", "-j", "1"]);
    assert_code(&whole, 0);

    let mut child = Command::new(crate::util::binary())
        .args(["run", "in", "--out", "out", "--config", "small.toml", "-j", "1"])
        .current_dir(sb.dir.path())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once a few shards are complete.
    let journal = sb.path(".out.partial/journal.jsonl");
    let started = Instant::now();
    loop {
        let shards = fs::read_to_string(&journal).map(|j| j.lines().count().saturating_sub(1)).unwrap_or(0);
        if shards >= 3 {
            break;
        }
        assert!(child.try_wait().unwrap().is_none(), "the build finished before it could be killed");
        assert!(started.elapsed() < Duration::from_secs(120), "no shard completed");
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(!sb.path("out").exists(), "a killed build publishes nothing");

    let resumed = sb.ingest(&["run", "in", "--out", "out", "--config", "small.toml", "--resume"]);
    assert_code(&resumed, 0);
    assert!(resumed.stderr.contains("resuming: keeping"), "{}", resumed.stderr);
    let strip = |files: Vec<(String, Vec<u8>)>| {
        files
            .into_iter()
            .map(|(n, b)| {
                let b = if n == "manifest.json" {
                    String::from_utf8(b)
                        .unwrap()
                        .lines()
                        .filter(|l| !l.contains("\"git\""))
                        .collect::<String>()
                        .into_bytes()
                } else {
                    b
                };
                (n, b)
            })
            .collect::<Vec<_>>()
    };
    assert!(strip(files(&sb, "out")) == strip(files(&sb, "whole")), "resumed build differs from the uninterrupted one");
    assert!(!sb.path(".out.partial").exists());
}

#[test]
fn verify_finds_tampering_and_incomplete_builds() {
    let sb = Sandbox::new();
    sb.seeds("seeds");
    assert_code(&sb.ingest(&["run"]), 0);
    let ok = sb.ingest(&["verify", "out"]);
    assert_code(&ok, 0);
    assert!(ok.stderr.contains("is intact"), "{}", ok.stderr);

    let docs = sb.path("out/documents.jsonl");
    let text = fs::read_to_string(&docs).unwrap();
    fs::write(&docs, text.replacen("Nga", "Nhật", 1)).unwrap();
    let bad = sb.ingest(&["verify", "out"]);
    assert_code(&bad, 1);
    assert!(bad.stderr.contains("documents.jsonl: SHA-256"), "{}", bad.stderr);

    fs::remove_file(sb.path("out/manifest.json")).unwrap();
    let incomplete = sb.ingest(&["verify", "out"]);
    assert_code(&incomplete, 2);
    assert!(incomplete.stderr.contains("incomplete build"), "{}", incomplete.stderr);
}

#[test]
fn diff_shows_what_a_rebuild_changed() {
    let sb = Sandbox::new();
    let seeds = sb.seeds("seeds");
    assert_code(&sb.ingest(&["run", "seeds", "--out", "old"]), 0);
    let first = fs::read_dir(&seeds).unwrap().map(|e| e.unwrap().path()).min().unwrap();
    let text = fs::read_to_string(&first).unwrap();
    fs::write(&first, text.replacen("Thứ trưởng", "Thứ trưởng Thường trực", 1)).unwrap();
    sb.write(
        "seeds/new.txt",
        "Sáng nay, mưa lớn kéo dài khiến nhiều tuyến phố ở Hà Nội ngập sâu, giao thông ùn tắc nghiêm trọng.\n\
         Người dân được khuyến cáo hạn chế ra đường và theo dõi thông tin thời tiết trong những ngày tới.\n",
    );
    assert_code(&sb.ingest(&["run", "seeds", "--out", "new"]), 0);

    let same = sb.ingest(&["diff", "old", "old", "--fail-on-change"]);
    assert_code(&same, 0);
    assert!(same.stdout.starts_with("No changes"), "{}", same.stdout);

    let text = sb.ingest(&["diff", "old", "new"]);
    assert_code(&text, 0);
    assert!(text.stdout.contains("1 added, 0 removed, 1 changed documents"), "{}", text.stdout);
    assert!(text.stdout.contains("+ Nhận lời mời"), "{}", text.stdout);
    assert_code(&sb.ingest(&["diff", "old", "new", "--fail-on-change"]), 1);

    let md = sb.ingest(&["diff", "old", "new", "--format", "markdown"]);
    assert!(md.stdout.starts_with("## Changes") && md.stdout.contains("```diff"), "{}", md.stdout);
    let json: serde_json::Value =
        serde_json::from_str(&sb.ingest(&["diff", "old", "new", "--format", "json"]).stdout).unwrap();
    assert_eq!(json["added"], serde_json::json!(["new.txt"]));
    assert_eq!(json["counts"]["documents"], serde_json::json!([5, 6]));
}

#[test]
fn a_run_writes_a_report_a_person_can_read() {
    let sb = Sandbox::new();
    sb.seeds("seeds");
    assert_code(&sb.ingest(&["run"]), 0);
    let html = fs::read_to_string(sb.path("out/report.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    assert_eq!(html.matches("<svg").count(), 2, "two plots");
    assert_eq!(html.matches("</svg>").count(), 2);
    assert!(html.matches("<rect").count() >= 30, "bars are drawn");
    for section in [
        "Outcomes",
        "Duplicates by kind",
        "Rejects by stage and reason",
        "Most removed boilerplate lines",
        "Encodings",
        "Languages",
        "Throughput per stage",
    ] {
        assert!(html.contains(&format!("<h2>{section}</h2>")), "{section}");
    }
    assert!(html.contains("<td>documents</td><td class=\"n\">5</td>"));
    assert!(html.contains("TTXVN/Tin Tức"), "removed boilerplate is listed");
    assert!(!html.contains(sb.dir.path().to_str().unwrap()), "no absolute paths");
    // Every tag opened is closed: a structural check in place of a browser.
    for tag in ["table", "tr", "td", "h2", "p", "svg", "rect", "text"] {
        let opened = html.matches(&format!("<{tag}>")).count() + html.matches(&format!("<{tag} ")).count();
        assert_eq!(opened, html.matches(&format!("</{tag}>")).count(), "<{tag}>");
    }
    let md = fs::read_to_string(sb.path("out/report.md")).unwrap();
    assert!(md.contains("## Document lengths") && md.contains("| documents | 5 |"), "{md}");

    // `ingest report` rebuilds them from the build alone; the data files stay as they were.
    let before = fs::read(sb.path("out/documents.jsonl")).unwrap();
    fs::remove_file(sb.path("out/report.html")).unwrap();
    assert_code(&sb.ingest(&["report", "out"]), 0);
    assert!(sb.path("out/report.html").exists());
    assert_eq!(fs::read(sb.path("out/documents.jsonl")).unwrap(), before);
    assert_code(&sb.ingest(&["verify", "out"]), 0);
}

#[test]
fn config_print_shows_resolved_settings_and_set_overrides_any_key() {
    let sb = Sandbox::new();
    sb.seeds("seeds");
    sb.write("ingest.toml", "out = \"dataset\"\n[clean.filters]\nmin_words = 30\n");
    let run = sb.ingest(&[
        "config",
        "--print",
        "--config",
        "ingest.toml",
        "--set",
        "clean.filters.min_words=12",
        "--set",
        "dedupe.near=false",
    ]);
    assert_code(&run, 0);
    let printed: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(printed["out"], "dataset");
    assert_eq!(printed["output"]["clean"]["filters"]["min_words"], 12);
    assert_eq!(printed["output"]["dedupe"]["near"], false);
    let typo = sb.ingest(&["config", "--print", "--set", "clean.filterz.min_words=1"]);
    assert_code(&typo, 2);
    assert!(typo.stderr.contains("filterz"), "{}", typo.stderr);
}

#[test]
fn json_logs_are_one_object_a_line() {
    let sb = Sandbox::new();
    sb.seeds("seeds");
    let run = sb.ingest(&["--log-format", "json", "run"]);
    assert_code(&run, 0);
    assert!(!run.stderr.is_empty());
    for line in run.stderr.lines() {
        let value: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert!(value["level"].is_string() && value["fields"]["message"].is_string(), "{line}");
    }
    assert!(run.stderr.contains("done: 5 inputs"));
}

#[test]
fn ctrl_c_stops_the_run_and_leaves_nothing_behind() {
    let sb = Sandbox::new();
    many_articles(&sb, "in", 800);
    sb.write("small.toml", "[batch]\ndocuments = 8\n");
    let whole = Instant::now();
    assert_code(&sb.ingest(&["run", "in", "--out", "out", "--config", "small.toml"]), 0);
    // A release build does the whole run in a tenth of a second: the interrupt comes a quarter of
    // a whole run's time after the build starts, whatever the profile.
    let quarter = whole.elapsed() / 4;
    let before = fs::read(sb.path("out/documents.jsonl")).unwrap();
    let child = Command::new(crate::util::binary())
        .args(["run", "in", "--out", "out", "--config", "small.toml", "-j", "1"])
        .current_dir(sb.dir.path())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let staging = sb.path(".out.partial");
    let started = Instant::now();
    while !staging.exists() {
        assert!(started.elapsed() < Duration::from_secs(60), "the run never started");
        std::thread::sleep(Duration::from_millis(2));
    }
    std::thread::sleep(quarter);
    let status = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");
    assert!(!staging.exists(), "no temporary files stay");
    assert_eq!(fs::read(sb.path("out/documents.jsonl")).unwrap(), before, "the previous output is untouched");
}
