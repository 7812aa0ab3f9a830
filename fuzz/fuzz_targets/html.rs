//! HTML extraction (`ingest_clean::html`) on any text: never a panic, and what it extracts is
//! then cleaned without a panic either.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // Half the inputs are made pages, so the fuzzer need not find `<!DOCTYPE html` by itself.
    let page = if data.first().is_some_and(|b| b & 1 == 1) {
        format!("<!DOCTYPE html><html><head><title>T</title></head><body>{text}</body></html>")
    } else {
        text.to_owned()
    };
    if ingest_clean::html::is_html(&page) {
        let extracted = ingest_clean::html::extract(&page);
        let _ = ingest_clean::clean_text(&extracted.text, &ingest_clean::Settings::default(), &|_| false);
    }
});
