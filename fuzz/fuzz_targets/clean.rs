//! The clean stage (`ingest_clean::clean_text`) on any text, HTML or not: never a panic, and the
//! promises of its output: no carriage returns or control characters, no blank line at either
//! end or two in a row, lines trimmed, a dedupe key with single spaces; and cleaning clean text
//! changes nothing (clean is idempotent).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let cleaned = ingest_clean::clean_text(text, &ingest_clean::Settings::default(), &|_| false);
    let out = &cleaned.text;
    assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "control character in {out:?}");
    assert!(!out.starts_with('\n') && !out.ends_with('\n') && !out.contains("\n\n\n"), "blank lines in {out:?}");
    assert!(out.split('\n').all(|l| l == l.trim()), "untrimmed line in {out:?}");
    assert!(!cleaned.dedupe_key.contains("  ") && cleaned.dedupe_key == cleaned.dedupe_key.trim());
    let settings = ingest_clean::Settings::default();
    let again = ingest_clean::clean_text(out, &settings, &|_| false);
    assert_eq!(&again.text, out, "cleaning clean text changed it");
});
