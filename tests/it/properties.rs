//! Properties over generated inputs: clean is idempotent; every input of a generated corpus has
//! exactly one outcome and the counts add up; the output is the same bytes for 1, 2 and 8 threads,
//! whatever the batch size.

use std::collections::BTreeMap;
use std::fs;

use ingest_bench::corpus::{self, Mix, Options};
use proptest::prelude::*;
use serde_json::Value;

use crate::bench_corpus::sentences;
use crate::util::{Sandbox, assert_code, read_jsonl};

/// Text as it arrives: sentences in paragraphs, with the noise clean exists for (CRLF, runs of
/// spaces and blank lines, NBSP, zero-width spaces, NFD, a short title line).
fn raw_text() -> impl Strategy<Value = String> {
    let all = sentences();
    let n = all.len();
    (prop::collection::vec((0..n, 0u8..8), 1..12), any::<bool>(), any::<bool>()).prop_map(
        move |(picks, title, crlf)| {
            let mut text = String::new();
            if title {
                text.push_str("Tin mới trong ngày\n\n");
            }
            for (i, noise) in picks {
                let mut s = all[i].clone();
                match noise {
                    0 => s = s.replace(' ', "  "),
                    1 => s = s.replace(' ', "\u{a0}"),
                    2 => s = s.replacen(' ', " \u{200b}", 3),
                    3 => s = s.chars().flat_map(nfd_vowel).collect(),
                    4 => s.push_str("\n\n\n"),
                    _ => {}
                }
                text.push_str(&s);
                text.push(if noise % 2 == 0 { '\n' } else { ' ' });
            }
            if crlf { text.replace('\n', "\r\n") } else { text }
        },
    )
}

/// A few precomposed vowels decomposed, as NFD text has them.
fn nfd_vowel(c: char) -> Vec<char> {
    match c {
        'á' => vec!['a', '\u{301}'],
        'ệ' => vec!['e', '\u{323}', '\u{302}'],
        'ờ' => vec!['o', '\u{31b}', '\u{300}'],
        _ => vec![c],
    }
}

/// Lines of page debris that boilerplate removal decides on, several by their place: titles,
/// breadcrumbs, captions, share bars, bylines, footers.
const DEBRIS: [&str; 10] = [
    "Tin mới trong ngày",
    "Hai nước tăng cường hợp tác",
    "Trang chủ > Thời sự > Đối ngoại",
    "Ảnh minh họa",
    "Chia sẻ bài viết",
    "Theo TTXVN",
    "PP",
    "(Nguồn: Báo Quốc tế)",
    "Bản quyền thuộc về Báo Thế giới và Việt Nam",
    "-----",
];

/// A news text made of sentences and debris lines in any order, a line sometimes repeated
/// right after itself (as a caption repeats the lead), and sometimes an HTML page of those
/// paragraphs with a title of its own. A sentence may have its first few words `_`-joined, so
/// that a text is near the share of joined tokens that makes it read as word-segmented, on one
/// side or the other as debris lines go.
fn text_with_debris() -> impl Strategy<Value = String> {
    let all = sentences();
    let n = all.len();
    let line = prop_oneof![(0..n).prop_map(Some), (0..DEBRIS.len()).prop_map(move |i| Some(n + i)), Just(None)];
    (prop::collection::vec((line, 0usize..4, any::<bool>()), 1..10), any::<bool>()).prop_map(move |(picks, page)| {
        let mut lines: Vec<String> = Vec::new();
        for (pick, joined, twice) in picks {
            let line = match pick {
                Some(i) if i < n => join_pairs(&all[i], joined),
                Some(i) => DEBRIS[i - n].to_owned(),
                None => String::new(),
            };
            if twice {
                lines.push(line.clone());
            }
            lines.push(line);
        }
        if page {
            let body: String = lines.iter().filter(|l| !l.is_empty()).map(|l| format!("<p>{l}</p>")).collect();
            format!(
                "<!DOCTYPE html><html><head><title>Việt Nam và Nga đối thoại</title></head><body><article>\
                 <h1>Việt Nam và Nga đối thoại</h1>{body}</article></body></html>"
            )
        } else {
            lines.join("\n")
        }
    })
}

/// `sentence` with its first `pairs` pairs of words `_`-joined, as a segmenter joins the
/// syllables of a word: `Thứ_trưởng Bộ_Ngoại giao`.
fn join_pairs(sentence: &str, pairs: usize) -> String {
    let mut out = String::with_capacity(sentence.len());
    for (i, word) in sentence.split(' ').enumerate() {
        if i > 0 {
            out.push(if i % 2 == 1 && i / 2 < pairs { '_' } else { ' ' });
        }
        out.push_str(word);
    }
    out
}

/// `text` cleaned, and its clean text cleaned again.
fn cleaned_twice(text: &str) -> (ingest_clean::Cleaned, ingest_clean::Cleaned) {
    let settings = ingest_clean::Settings::default();
    let once = ingest_clean::clean_text(text, &settings, &|_| false);
    let twice = ingest_clean::clean_text(&once.text, &settings, &|_| false);
    (once, twice)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Debris decided by place is where clean was found not to be idempotent: a line taken
    /// left another in a place a second cleaning took it from.
    #[test]
    fn clean_is_idempotent_on_debris_and_pages(text in text_with_debris()) {
        let (once, twice) = cleaned_twice(&text);
        prop_assert_eq!(&twice.text, &once.text);
        prop_assert_eq!(&twice.dedupe_key, &once.dedupe_key);
    }

    #[test]
    fn clean_is_idempotent(text in raw_text()) {
        let (once, twice) = cleaned_twice(&text);
        prop_assert_eq!(&twice.text, &once.text);
        prop_assert_eq!(&twice.dedupe_key, &once.dedupe_key);
    }
}

/// The sources named in the three output files, with how often each occurs.
fn outcomes(sb: &Sandbox, out: &str) -> BTreeMap<String, usize> {
    let mut seen = BTreeMap::new();
    for file in ["documents.jsonl", "duplicates.jsonl", "rejects.jsonl"] {
        for record in read_jsonl(&sb.path(&format!("{out}/{file}"))) {
            *seen.entry(record["source"].as_str().unwrap().to_owned()).or_insert(0) += 1;
        }
    }
    seen
}

proptest! {
    // Each case runs the binary twice on a corpus: few cases, each a different corpus and mix.
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    #[test]
    fn every_input_has_one_outcome_and_threads_do_not_change_the_output(
        seed in any::<u64>(),
        exact in 0.0..0.3f64,
        near in 0.0..0.2f64,
        junk in 0.0..0.1f64,
        batch in 1usize..40,
    ) {
        let sb = Sandbox::new();
        let mix = Mix { exact, variant: 0.05, near, html: 0.1, segmented: 0.02, junk };
        let options = Options { bytes: 120_000, seed, files_per_dir: 25, mix, min_similarity: 0.9 };
        let truth = corpus::generate(&sentences(), &options, &sb.path("in"), &sb.path("truth.json")).unwrap();
        sb.write("small-batches.toml", format!("[batch]\ndocuments = {batch}\n"));
        let mut builds = Vec::new();
        // From 8 threads on, the workers read the files themselves (fetch leaves them unread).
        for threads in ["1", "2", "8"] {
            let out = format!("out{threads}");
            let run = sb.ingest(&["run", "in", "--out", &out, "--threads", threads, "--config", "small-batches.toml"]);
            assert_code(&run, 0);
            let manifest: Value = serde_json::from_str(&fs::read_to_string(sb.path(&format!("{out}/manifest.json"))).unwrap()).unwrap();
            let counts = &manifest["counts"];
            let inputs = counts["inputs"].as_u64().unwrap();
            prop_assert_eq!(inputs, truth.files.len() as u64);
            prop_assert_eq!(
                inputs,
                counts["documents"].as_u64().unwrap() + counts["duplicates"].as_u64().unwrap() + counts["rejects"].as_u64().unwrap()
            );
            let seen = outcomes(&sb, &out);
            prop_assert_eq!(seen.len(), truth.files.len(), "every input is in exactly one file");
            prop_assert!(seen.values().all(|&n| n == 1), "an input with two outcomes");
            builds.push(
                ["documents.jsonl", "duplicates.jsonl", "rejects.jsonl", "manifest.json"]
                    .map(|f| fs::read(sb.path(&format!("{out}/{f}"))).unwrap()),
            );
        }
        prop_assert!(builds[0] == builds[1], "1 and 2 threads wrote different bytes");
        prop_assert!(builds[0] == builds[2], "1 and 8 threads wrote different bytes");
    }
}
