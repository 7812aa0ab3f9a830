//! Lines repeated across the documents of one site: page furniture that no single document shows
//! to be furniture (cc_net's idea).
//!
//! The driver makes a first pass over the inputs before the main one: for each distinct document
//! (copies are counted once) it adds the hashes of the document's distinct lines to a
//! [`LineCounts`] under the document's group (its site, else its directory). Only 8-byte hashes are
//! kept, never text. [`LineCounts::repeated`] then keeps the hashes seen in at least N documents
//! of a group, and the main pass removes those lines. Counting is a sum, so the result does not
//! depend on the order or the thread that counted.
//!
//! Only short lines are counted (at most `max_words` words; the setting
//! `repeated_max_words`): boilerplate is short, and a long sentence found in several documents is
//! shared content, for near-duplicate detection to judge, not furniture.
//!
//! A line's key is its text lowercased, digits made `0`, tone marks of `oa`/`oe`/`uy` in one place
//! and whitespace collapsed: `Cập nhật 08:30 15/1/2026` and `cập nhật 09:45 16/1/2026` are one
//! line.

use std::borrow::Cow;

use rustc_hash::{FxHashMap, FxHashSet};
use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

use crate::spaces;
use crate::tone::{self, ToneStyle};

/// Counts, per group, the documents each line hash occurs in. The keys are XXH3 hashes already,
/// so the maps hash them with Fx (one multiplication), not SipHash.
#[derive(Debug, Default)]
pub struct LineCounts {
    counts: FxHashMap<u64, u32>,
    documents: FxHashSet<u64>,
    /// The most words a counted line may have (the same for every document).
    max_words: usize,
}

/// What one document contributes to [`LineCounts`]: computed in parallel, added in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentLines {
    /// Hash of the document's normalized text: a copy of a counted document adds nothing.
    pub document: u64,
    /// Distinct keys of (group, line), sorted.
    pub lines: Vec<u64>,
    /// The most words a counted line has.
    pub max_words: usize,
}

impl DocumentLines {
    /// The distinct lines of `text` (normalized) in `group` that have at most `max_words` words.
    pub fn of(group: &str, text: &str, max_words: usize) -> DocumentLines {
        let group = group_hash(group);
        let mut key = String::new();
        let mut lines: Vec<u64> = spaces::lines(text)
            .filter(|l| spaces::word_spans(l).next().is_some() && !spaces::more_words_than(l, max_words))
            .map(|l| line_hash(group, l, &mut key))
            .collect();
        lines.sort_unstable();
        lines.dedup();
        DocumentLines { document: xxh3_64_with_seed(text.as_bytes(), group), lines, max_words }
    }
}

impl LineCounts {
    pub fn new() -> LineCounts {
        LineCounts::default()
    }

    /// Counts a document's lines, unless the same text in the same group was counted already.
    pub fn add(&mut self, doc: &DocumentLines) {
        self.max_words = self.max_words.max(doc.max_words);
        if !self.documents.insert(doc.document) {
            return;
        }
        for &line in &doc.lines {
            *self.counts.entry(line).or_default() += 1;
        }
    }

    /// Distinct documents counted.
    pub fn documents(&self) -> usize {
        self.documents.len()
    }

    /// The lines found in at least `min_documents` documents of their group.
    pub fn repeated(self, min_documents: u32) -> RepeatedLines {
        let lines = self.counts.into_iter().filter(|&(_, n)| n >= min_documents.max(1)).map(|(k, _)| k).collect();
        RepeatedLines { lines, max_words: self.max_words }
    }
}

/// The set of (group, line) keys that are boilerplate; empty when the first pass did not run.
#[derive(Debug, Default, Clone)]
pub struct RepeatedLines {
    lines: FxHashSet<u64>,
    /// Longer lines were never counted, so they are never looked up.
    max_words: usize,
}

impl RepeatedLines {
    /// No line is repeated.
    pub fn none() -> RepeatedLines {
        RepeatedLines::default()
    }

    pub fn contains(&self, group: &str, line: &str) -> bool {
        self.in_group(group)(line)
    }

    /// [`RepeatedLines::contains`] for the lines of one group: the group hashed once, and one
    /// buffer for the lines' keys.
    pub fn in_group(&self, group: &str) -> impl Fn(&str) -> bool + '_ {
        let group = group_hash(group);
        let key = std::cell::RefCell::new(String::new());
        move |line| {
            !self.lines.is_empty()
                && !spaces::more_words_than(line, self.max_words)
                && self.lines.contains(&line_hash(group, line, &mut key.borrow_mut()))
        }
    }

    /// Distinct (group, line) pairs in the set.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

/// The group of a document without a site: the directory part of its `source`.
pub fn directory_of(source: &str) -> &str {
    source.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// The key of `line`, made in `buf` (cleared first; a caller keying many lines reuses it).
fn line_key<'a>(line: &str, buf: &'a mut String) -> Cow<'a, str> {
    buf.clear();
    // A key is as long as its line but for collapsed spaces and the rare letter whose lowercase
    // is longer: made without growing the buffer a few bytes at a time.
    buf.reserve(line.len());
    // A tidy line, as normalized text's lines are, is its words one space apart already: keyed
    // whole. Another is keyed again word by word.
    if !push_key_chars(line, buf) {
        buf.clear();
        for word in spaces::words(line) {
            if !buf.is_empty() {
                buf.push(' ');
            }
            push_key_chars(word, buf);
        }
    }
    tone::apply(buf, ToneStyle::New)
}

/// What [`push_key_chars`] does with an ASCII byte.
#[derive(Clone, Copy, PartialEq)]
enum Ascii {
    /// Kept as it is: lowercase letters, punctuation, controls.
    Kept,
    /// Changed: an uppercase letter lowercased, a digit made `0`.
    Changed,
    /// A space: tidy between two other characters.
    Space,
    /// Whitespace a tidy line has none of (`\t` to `\r`).
    Untidy,
    /// Not ASCII: the first byte of a longer character.
    No,
}

const ASCII: [Ascii; 256] = {
    let mut table = [Ascii::No; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'A'..=b'Z' | b'0'..=b'9' => Ascii::Changed,
            b' ' => Ascii::Space,
            b'\t'..=b'\r' => Ascii::Untidy,
            _ => Ascii::Kept,
        };
        b += 1;
    }
    table
};

/// Appends `text` lowercased, with its ASCII digits made `0`, to `out`, and says whether `text`
/// is tidy: its whitespace single spaces between other characters ([`spaces::is_tidy`] of a
/// line), which a word always is. An untidy text stops it where it is found. Most characters of
/// a line stay as they are (lowercase letters, spaces, punctuation): the runs of them are copied
/// whole, and only the others are written one by one.
fn push_key_chars(text: &str, out: &mut String) -> bool {
    let bytes = text.as_bytes();
    // `text[copied..at]` stays as it is and is not in `out` yet.
    let (mut copied, mut at) = (0, 0);
    while at < bytes.len() {
        let b = bytes[at];
        match ASCII[usize::from(b)] {
            Ascii::Kept => {}
            Ascii::Changed => {
                out.push_str(&text[copied..at]);
                out.push(char::from(if b.is_ascii_digit() { b'0' } else { b.to_ascii_lowercase() }));
                copied = at + 1;
            }
            // A space after another after it, or at an end; the other whitespace after one is
            // found where it is.
            Ascii::Space if at == 0 || bytes.get(at + 1).is_none_or(|&next| next == b' ') => return false,
            Ascii::Space => {}
            Ascii::Untidy => return false,
            Ascii::No => {
                let Some(c) = text[at..].chars().next() else { break };
                let end = at + c.len_utf8();
                // The letters of Vietnamese lowercased without Unicode's tables; no character but
                // an ASCII digit lowercases to one.
                let lower = ingest_core::letters::vietnamese_lowercase(c);
                if lower.is_none() && c.is_whitespace() {
                    return false;
                }
                if lower.map_or_else(|| !c.to_lowercase().eq([c]), |lower| lower != c) {
                    out.push_str(&text[copied..at]);
                    match lower {
                        Some(lower) => out.push(lower),
                        None => out.extend(c.to_lowercase().map(|c| if c.is_ascii_digit() { '0' } else { c })),
                    }
                    copied = end;
                }
                at = end;
                continue;
            }
        }
        at += 1;
    }
    out.push_str(&text[copied..]);
    true
}

/// The hash of a group, which seeds the hashes of its documents and lines: (group, text) pairs
/// hash apart without hashing the group again for each.
fn group_hash(group: &str) -> u64 {
    xxh3_64(group.as_bytes())
}

/// The hash of `line`'s key in the group of hash `group`, its key made in `buf`.
///
/// The hashes are xxh3's: only equal keys must hash equal, within a run (they are never stored
/// or shown), and xxh3 is several times faster than std's SipHash on these short keys and on
/// whole documents.
fn line_hash(group: u64, line: &str, buf: &mut String) -> u64 {
    xxh3_64_with_seed(line_key(line, buf).as_bytes(), group)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(docs: &[(&str, &str)]) -> LineCounts {
        let mut counts = LineCounts::new();
        for (group, text) in docs {
            counts.add(&DocumentLines::of(group, text, 30));
        }
        counts
    }

    #[test]
    fn lines_in_enough_documents_of_a_group_are_repeated() {
        let docs = [
            ("a", "Báo Thế giới và Việt Nam\nBài một.\nCập nhật 08:30 15/1/2026"),
            ("a", "Báo Thế giới và Việt Nam\nBài hai.\ncập nhật 09:45 16/1/2026"),
            ("a", "BÁO THẾ GIỚI  VÀ VIỆT NAM\nBài ba.\nBài một."),
            ("b", "Báo Thế giới và Việt Nam\nBài bốn."),
        ];
        let repeated = counts(&docs).repeated(3);
        assert!(repeated.contains("a", "Báo Thế giới và Việt Nam"));
        assert!(!repeated.contains("b", "Báo Thế giới và Việt Nam"), "groups count apart");
        assert!(!repeated.contains("a", "Bài một."), "in two documents only");
        assert!(!repeated.contains("a", "Cập nhật 10:00 11/2/2026"), "in two documents only");
        assert!(counts(&docs).repeated(2).contains("a", "Cập nhật 10:00 11/2/2026"), "digits do not count");
        assert_eq!(repeated.len(), 1);
    }

    #[test]
    fn copies_and_repeats_within_a_document_count_once() {
        let text = "Dòng chung\nDòng chung\nNội dung.";
        let c = counts(&[("a", text), ("a", text), ("a", text)]);
        assert_eq!(c.documents(), 1);
        assert!(c.repeated(2).is_empty());
    }

    #[test]
    fn the_same_text_in_two_groups_is_two_documents() {
        let text = "Dòng chung\nNội dung.";
        let c = counts(&[("a", text), ("b", text), ("ab", text), ("", text)]);
        assert_eq!(c.documents(), 4);
        let repeated = c.repeated(2);
        assert!(repeated.is_empty(), "each group saw its lines once");
    }

    #[test]
    fn order_does_not_matter() {
        let docs = [("a", "x\ny"), ("a", "y\nz"), ("a", "z\nx\ny")];
        let forward = counts(&docs).repeated(2);
        let mut reversed = docs;
        reversed.reverse();
        let backward = counts(&reversed).repeated(2);
        for line in ["x", "y", "z"] {
            assert_eq!(forward.contains("a", line), backward.contains("a", line), "{line}");
        }
        assert!(forward.contains("a", "y") && !forward.contains("a", "w"));
    }

    #[test]
    fn long_lines_are_not_counted() {
        let sentence = "Hai bên nhất trí tăng cường trao đổi thông tin, phối hợp chặt chẽ tại các diễn đàn quốc tế.";
        let docs = [("a", sentence), ("a", sentence), ("a", sentence)];
        let mut c = LineCounts::new();
        for ((group, text), n) in docs.iter().zip(["một", "hai", "ba"]) {
            c.add(&DocumentLines::of(group, &format!("{text}\nBài {n}."), 10));
        }
        assert_eq!(c.documents(), 3);
        assert!(c.repeated(3).is_empty(), "a 19-word line is not furniture with max_words 10");
        let mut c = LineCounts::new();
        for ((group, text), n) in docs.iter().zip(["một", "hai", "ba"]) {
            c.add(&DocumentLines::of(group, &format!("{text}\nBài {n}."), 30));
        }
        assert!(c.repeated(3).contains("a", sentence), "with max_words 30 it is");
    }

    /// [`line_key`] as it was before its fast paths: every character lowercased by Unicode.
    fn line_key_slowly(line: &str) -> String {
        let mut key = String::new();
        for word in line.split_whitespace() {
            if !key.is_empty() {
                key.push(' ');
            }
            key.extend(word.chars().flat_map(char::to_lowercase).map(|c| if c.is_ascii_digit() { '0' } else { c }));
        }
        tone::apply(&key, ToneStyle::New).into_owned()
    }

    #[test]
    fn line_keys_are_the_slow_ones() {
        let every: String = (0..0x2200u32)
            .filter_map(char::from_u32)
            .enumerate()
            .flat_map(|(i, c)| [c].into_iter().chain((i % 5 == 0).then_some(' ')))
            .collect();
        // The same characters tidy (one space apart), as normalized lines are.
        let tidy = every.split_whitespace().collect::<Vec<_>>().join(" ");
        let lines = [
            "",
            "  Cập nhật 08:30  15/1/2026 ",
            "Cập nhật 08:30 15/1/2026",
            "HOÀ BÌNH VÀ SỨC KHỎE\u{a0}THUỶ ĐIỆN",
            "İstanbul K ΣΑΣ ẞ ǅ ① ٣",
            "TRANG CHỦ | Thời sự | COVID-19 | Tin 24H: 2026 Q&A",
            "Hotline: 0912.345.678 - Email: ToaSoan@Bao.VN",
            every.as_str(),
            tidy.as_str(),
        ];
        // One buffer for every line, as a document's lines are keyed: what a line left in it
        // must not change the next one's key.
        let mut buf = String::new();
        for line in lines.iter().chain(lines.iter().rev()) {
            assert_eq!(line_key(line, &mut buf), line_key_slowly(line), "{line:?}");
        }
    }

    /// Every short line over an alphabet of spaces, letters that lowercase or not and digits:
    /// tidy lines and untidy ones, which are keyed word by word.
    #[test]
    fn short_line_keys_are_the_slow_ones() {
        let alphabet = [" ", "\n", "a", "Ạ", "ạ", "\u{a0}", "\t", "7", "Q", "İ", "–", "\u{3000}", "\u{1}"];
        let mut level = vec![String::new()];
        let mut buf = String::new();
        let mut tidy = 0;
        for _ in 0..4 {
            level = level.iter().flat_map(|t| alphabet.map(|a| format!("{t}{a}"))).collect();
            for line in &level {
                assert_eq!(line_key(line, &mut buf), line_key_slowly(line), "{line:?}");
                tidy += usize::from(spaces::is_tidy(line) && !line.contains('\n'));
            }
        }
        assert!(tidy > 5_000, "the tidy lines are {tidy}");
    }

    #[test]
    fn directories() {
        assert_eq!(directory_of("baoquocte/2026/a.txt"), "baoquocte/2026");
        assert_eq!(directory_of("a.txt"), "");
    }
}
