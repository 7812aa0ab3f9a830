//! The syllable tokenizer and the word segmenter (`ingest_tokenize`) on any text: never a panic,
//! tokens are pieces of the line in order, and segmentation keeps every character: only the
//! separators between syllables change (to `_` or a space). Syllables counted without segmenting,
//! and sentence lengths counted while segmenting, agree with segmenting and with reading its output.
#![no_main]

use ingest_tokenize::syllables;
use libfuzzer_sys::fuzz_target;

fn kept(text: &str) -> String {
    text.chars().filter(|&c| !syllables::is_separator(c) && c != '_' && c != '\n').collect()
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for line in text.lines() {
        let mut at = 0;
        for token in syllables::tokenize(line) {
            let offset = token.text.as_ptr() as usize - line.as_ptr() as usize;
            assert!(offset >= at && offset + token.text.len() <= line.len(), "token outside the line or out of order");
            at = offset + token.text.len();
        }
    }
    let segmented = ingest_tokenize::segment_text(text);
    assert_eq!(kept(&segmented.text), kept(text), "segmentation changed characters");
    assert_eq!(ingest_tokenize::count_syllables(text), segmented.counts.syllables, "syllables counted otherwise");
    let mut doc = ingest_core::Document { text: text.to_owned(), ..Default::default() };
    let lengths = ingest_tokenize::segment_document_measured(&mut doc);
    assert_eq!(doc.segmented, segmented.text, "measuring changed the segmentation");
    assert_eq!(
        lengths,
        ingest::report::sentence_lengths(&doc.segmented),
        "sentence lengths differ from reading the output"
    );
});
