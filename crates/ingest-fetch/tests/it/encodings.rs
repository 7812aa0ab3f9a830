//! The mixed-encoding fixture set (`fixtures/fetch/encodings/`, made by its `generate.py`): every
//! seed in every encoding must decode to its UTF-8 text, whole and line by line.
//!
//! Run with `--nocapture` to see the detection accuracy table.

use std::path::PathBuf;

use icu_normalizer::ComposingNormalizerBorrowed;
use ingest_fetch::{Reason, decode};

/// File suffix, the encoding decode must name, and the reason it must give for a whole file.
const ENCODINGS: &[(&str, &str, Reason)] = &[
    ("utf-8", "UTF-8", Reason::ValidUtf8),
    ("windows-1258", "windows-1258", Reason::VietnameseSyllables),
    ("tcvn3", "TCVN3", Reason::VietnameseSyllables),
    ("viscii", "VISCII", Reason::VietnameseSyllables),
    ("vni", "VNI-Windows", Reason::VietnameseSyllables),
    ("mojibake", "UTF-8", Reason::Mojibake),
    ("tcvn3-mojibake", "TCVN3", Reason::Mojibake),
    ("vni-mojibake", "VNI-Windows", Reason::Mojibake),
];

const SEEDS: &[&str] = &["000", "001", "002", "003", "004"];

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/fetch/encodings")
}

fn read(seed: &str, suffix: &str) -> Vec<u8> {
    let path = dir().join(format!("{seed}.{suffix}.txt"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn nfc(text: &str) -> String {
    ComposingNormalizerBorrowed::new_nfc().normalize(text).into_owned()
}

#[test]
fn every_encoding_of_every_seed_decodes_to_the_same_text() {
    for seed in SEEDS {
        let want = String::from_utf8(read(seed, "utf-8")).unwrap();
        for &(suffix, encoding, reason) in ENCODINGS {
            let decoded = decode(&read(seed, suffix)).unwrap_or_else(|e| panic!("{seed}.{suffix}: {e}"));
            assert_eq!((decoded.encoding, decoded.reason), (encoding, reason), "{seed}.{suffix}");
            assert!(nfc(&decoded.text) == want, "{seed}.{suffix} decodes to other text");
        }
    }
}

/// Line by line the inputs are short (a title, a byline, one paragraph), which is where
/// statistics can go wrong. Lines without a non-ASCII letter are the same in every encoding and
/// are not counted.
#[test]
fn detection_accuracy_line_by_line() {
    let mut table = Vec::new();
    let (mut all_right, mut all_total) = (0, 0);
    for &(suffix, _, _) in ENCODINGS {
        let (mut right, mut total) = (0, 0);
        for seed in SEEDS {
            let want = String::from_utf8(read(seed, "utf-8")).unwrap();
            let bytes = read(seed, suffix);
            for (line, want) in bytes.split(|&b| b == b'\n').zip(want.split('\n')) {
                if want.is_ascii() {
                    continue;
                }
                total += 1;
                right += usize::from(decode(line).is_ok_and(|d| nfc(&d.text) == want));
            }
        }
        table.push(format!("{suffix:>15}: {right}/{total} lines"));
        all_right += right;
        all_total += total;
    }
    let share = all_right as f64 / all_total as f64;
    eprintln!(
        "detection accuracy, line by line:\n{}\n{:>15}: {all_right}/{all_total} ({:.1}%)",
        table.join("\n"),
        "all",
        share * 100.0
    );
    assert!(share >= 0.95, "line-by-line accuracy fell to {:.1}%", share * 100.0);
}
