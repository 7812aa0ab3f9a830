//! The golden dataset: `ingest run` on `seeds/` must write `fixtures/expected/seeds/` byte for byte.
//!
//! `UPDATE_EXPECT=1` (or `just regen`) rewrites the expected files from the current build instead;
//! review the diff of every change to them as you would code.

use std::fs;

use crate::util::{Sandbox, assert_code, fixture, repo};

const FILES: &[&str] = &["documents.jsonl", "duplicates.jsonl", "rejects.jsonl", "README.md", "manifest.json"];

#[test]
fn seeds_build_matches_the_golden_files() {
    let sb = Sandbox::new();
    let seeds = repo().join("seeds");
    let run = sb.ingest(&["run", seeds.to_str().unwrap(), "--out", "out"]);
    assert_code(&run, 0);
    let expected_dir = fixture("expected/seeds");
    let update = std::env::var_os("UPDATE_EXPECT").is_some_and(|v| v == "1");
    let mut mismatches = Vec::new();
    for name in FILES {
        let got = without_git_line(fs::read_to_string(sb.path("out").join(name)).unwrap());
        let path = expected_dir.join(name);
        if update {
            fs::create_dir_all(&expected_dir).unwrap();
            fs::write(&path, &got).unwrap();
            continue;
        }
        let want = fs::read_to_string(&path).unwrap_or_default();
        if got != want {
            mismatches.push(format!("{name}: {}", first_difference(&want, &got)));
        }
    }
    assert!(
        mismatches.is_empty(),
        "the build differs from fixtures/expected/seeds (run `just regen` if the change is intended):\n{}",
        mismatches.join("\n")
    );
}

/// The manifest's `git` line names the commit the tool was built from, which changes with every
/// commit: it is left out of the comparison.
fn without_git_line(text: String) -> String {
    if !text.contains("\n  \"git\": ") {
        return text;
    }
    text.lines().filter(|l| !l.starts_with("  \"git\": ")).map(|l| format!("{l}\n")).collect()
}

/// Line number and a short window around the first differing character.
fn first_difference(want: &str, got: &str) -> String {
    let at = want.bytes().zip(got.bytes()).position(|(w, g)| w != g).unwrap_or(want.len().min(got.len()));
    let line = want[..at.min(want.len())].matches('\n').count() + 1;
    let window = |s: &str| {
        let start = s.floor_char_boundary(at.saturating_sub(60));
        let end = s.ceil_char_boundary((at + 60).min(s.len()));
        s[start..end].to_owned()
    };
    format!("line {line}\n  expected: …{}…\n  got:      …{}…", window(want), window(got))
}

#[test]
fn golden_dataset_says_what_the_foundation_promises() {
    let docs = crate::util::read_jsonl(&fixture("expected/seeds/documents.jsonl"));
    assert_eq!(docs.len(), 5);
    let first_line = fs::read_to_string(fixture("expected/seeds/documents.jsonl")).unwrap();
    let first_line = first_line.lines().next().unwrap();
    let positions: Vec<usize> =
        ["{\"id\":", ",\"text\":", ",\"title\":", ",\"source\":", ",\"segmented\":", ",\"metadata\":"]
            .iter()
            .map(|key| first_line.find(key).unwrap_or_else(|| panic!("no {key} in {first_line}")))
            .collect();
    assert!(positions.is_sorted() && positions[0] == 0, "keys in the documented order: {positions:?}");
    let pre = docs.iter().find(|d| d["source"].as_str().unwrap().starts_with("002_")).unwrap();
    let text = pre["text"].as_str().unwrap();
    assert!(!text.contains('_'), "002's text is natural text: {text}");
    assert!(text.starts_with("Sáng 4/3, Thứ trưởng thường trực Bộ Ngoại giao Nguyễn Minh Vũ"), "{text}");
    assert!(pre["segmented"].as_str().unwrap().contains("Thứ_trưởng"));
    assert_eq!(pre["metadata"]["input_segmented"], true);
    for doc in &docs {
        let text = doc["text"].as_str().unwrap();
        let segmented = doc["segmented"].as_str().unwrap();
        let strip = |s: &str| s.chars().filter(|c| !c.is_whitespace() && *c != '_').collect::<String>();
        assert_eq!(strip(segmented), strip(text), "segmentation keeps the characters of {}", doc["source"]);
        assert_eq!(segmented.lines().count(), text.lines().filter(|l| !l.is_empty()).count());
    }
}

#[test]
fn golden_dataset_has_titles_and_bylines_and_no_page_debris() {
    let docs = crate::util::read_jsonl(&fixture("expected/seeds/documents.jsonl"));
    let by_prefix = |prefix: &str| docs.iter().find(|d| d["source"].as_str().unwrap().starts_with(prefix)).unwrap();
    for (prefix, title, byline) in [
        ("000_", None, Some("BNG")),
        ("001_", Some("Việt Nam và Nga tiếp tục tăng cường hợp tác"), None),
        ("004_", Some("Cần thúc đẩy quan hệ Việt-Nga đi vào chiều sâu"), Some("TTXVN/Tin Tức")),
    ] {
        let doc = by_prefix(prefix);
        assert_eq!(doc["title"].as_str(), title, "{prefix}");
        assert_eq!(doc["metadata"]["byline"].as_str(), byline, "{prefix}");
    }
    for doc in &docs {
        let text = doc["text"].as_str().unwrap();
        for debris in ["Ảnh", "Chia sẻ:", "Rao vặt", "-----", "TTXVN/Tin Tức"] {
            assert!(!text.contains(debris), "{debris} left in {}", doc["source"]);
        }
        assert!(text.trim_end().ends_with('.'), "{} ends with the article's last sentence", doc["source"]);
        if let Some(title) = doc["title"].as_str() {
            assert!(!text.contains(title), "the title leaves the text of {}", doc["source"]);
        }
    }
}
