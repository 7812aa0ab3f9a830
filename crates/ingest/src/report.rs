//! `ingest report DIR`: a build described for a person, as `report.html` (with SVG plots drawn
//! here) and `report.md`, written into the build directory. A run writes them at its end.
//!
//! Everything comes from the build itself (manifest and records), except the throughput per
//! stage, which only the run that made the build knows: it leaves `timings.json` beside the
//! report. These three files vary from run to run; the manifest does not list them, and they are
//! not part of the dataset's reproducible bytes.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result};
use ingest_emit::Build;
use serde::{Deserialize, Serialize};

/// Seconds each stage took, summed over threads, and the input bytes they processed.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Timings {
    pub input_bytes: u64,
    pub wall_seconds: f64,
    /// Stage name → seconds of work (all threads).
    pub stages: BTreeMap<String, f64>,
    /// Phase of the main thread → wall-clock seconds (see `laps`).
    #[serde(default)]
    pub wall: BTreeMap<String, f64>,
}

/// What the report shows, gathered from a build's documents: by the run as it writes them, or
/// read back from the build.
#[derive(Debug, Default)]
pub struct Summary {
    /// Syllables per document and words per sentence, as value → how many: memory grows with the
    /// number of distinct values, not with the corpus.
    lengths: Tally,
    sentence_words: Tally,
    encodings: BTreeMap<String, u64>,
    languages: BTreeMap<String, u64>,
    removed_lines: BTreeMap<String, u64>,
}

impl Summary {
    /// Adds a document as the run holds it, segmented, with the [`sentence_lengths`] of its
    /// `segmented` (counted by the segmenter as it wrote them, in parallel).
    pub fn add_document(&mut self, doc: &ingest_core::Document, sentences: &[u64]) {
        let m = &doc.metadata;
        let removed = m.removed.iter().map(|r| r.line.as_str());
        self.add(m.syllables, &m.encoding, m.lang.map(|l| l.code), removed, sentences);
    }

    /// Adds a document record as the build holds it.
    fn add_record(&mut self, doc: &serde_json::Value) {
        let m = &doc["metadata"];
        let removed = m["removed"].as_array().into_iter().flatten().map(|r| r["line"].as_str().unwrap_or_default());
        self.add(
            m["syllables"].as_u64().unwrap_or(0),
            m["encoding"].as_str().unwrap_or("?"),
            m["lang"].as_str(),
            removed,
            &sentence_lengths(doc["segmented"].as_str().unwrap_or_default()),
        );
    }

    fn add<'a>(
        &mut self,
        syllables: u64,
        encoding: &str,
        lang: Option<&str>,
        removed: impl Iterator<Item = &'a str>,
        sentences: &[u64],
    ) {
        *self.lengths.entry(syllables).or_default() += 1;
        count(&mut self.encodings, encoding.split(' ').next().unwrap_or(encoding));
        count(&mut self.languages, lang.unwrap_or("unknown"));
        for line in removed {
            *self.removed_lines.entry(line.chars().take(120).collect()).or_default() += 1;
        }
        for &words in sentences {
            *self.sentence_words.entry(words).or_default() += 1;
        }
    }
}

/// Counts `key` in `counts`, copying it only the first time.
fn count(counts: &mut BTreeMap<String, u64>, key: &str) {
    match counts.get_mut(key) {
        Some(n) => *n += 1,
        None => {
            counts.insert(key.to_owned(), 1);
        }
    }
}

/// The words of each sentence of segmented text (sentences end at `.`, `!`, `?`, `...`, `…`;
/// tokens without a letter or digit are not words). Tokens are `split_whitespace`'s.
///
/// One pass over the bytes, which a table sorts: a token with an ASCII letter or digit is a word
/// without more ado; only a token with no ASCII letter or digit but other non-ASCII bytes has its
/// characters decoded. Whitespace is clean's: the pass stops only at the bytes
/// [`ingest_clean::may_be_in_space`] names and asks [`ingest_clean::space_around`] there.
pub fn sentence_lengths(segmented: &str) -> Vec<u64> {
    let bytes = segmented.as_bytes();
    let mut lengths = Vec::new();
    let mut words = 0u64;
    let mut token_end = |start: usize, end: usize, seen: u8, words: &mut u64| {
        if start == end {
        } else if seen & ALNUM != 0 {
            *words += 1;
        } else if matches!(&bytes[start..end], b"." | b"!" | b"?" | b"..." | [0xe2, 0x80, 0xa6]) {
            lengths.extend((*words > 0).then_some(*words));
            *words = 0;
        } else if seen & HIGH != 0 && segmented[start..end].chars().any(char::is_alphanumeric) {
            *words += 1;
        }
    };
    let (mut at, mut start, mut seen) = (0, 0, 0u8);
    while at < bytes.len() {
        let class = BYTE_CLASS[usize::from(bytes[at])];
        if class & MAY_BE_SPACE != 0
            && let Some((space, len)) = ingest_clean::space_around(bytes, start, at)
        {
            token_end(start, space, seen, &mut words);
            (at, start, seen) = (space + len, space + len, 0);
            continue;
        }
        seen |= class;
        at += 1;
    }
    token_end(start, bytes.len(), seen, &mut words);
    lengths.extend((words > 0).then_some(words));
    lengths
}

/// [`BYTE_CLASS`] bits: an ASCII letter or digit; a non-ASCII byte; a byte of a whitespace character.
const ALNUM: u8 = 1;
const HIGH: u8 = 2;
const MAY_BE_SPACE: u8 = 4;

const BYTE_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = if byte.is_ascii_alphanumeric() {
            ALNUM
        } else if byte >= 0x80 {
            HIGH
        } else {
            0
        };
        if ingest_clean::may_be_in_space(byte) {
            table[b] |= MAY_BE_SPACE;
        }
        b += 1;
    }
    table
};

/// Writes `report.html` and `report.md` into the build in `dir`, reading its documents back.
pub fn write(dir: &Path) -> Result<()> {
    let build = Build::open(dir)?;
    let mut summary = Summary::default();
    build.for_each_document(|doc| summary.add_record(&doc))?;
    write_summary(&build, &summary)
}

/// Writes `report.html` and `report.md` into the build in `dir`, whose documents `summary` has
/// gathered already.
pub fn write_with(dir: &Path, summary: &Summary) -> Result<()> {
    write_summary(&Build::open(dir)?, summary)
}

fn write_summary(build: &Build, summary: &Summary) -> Result<()> {
    let dir = &build.dir;
    let timings: Option<Timings> =
        std::fs::read(dir.join("timings.json")).ok().and_then(|bytes| serde_json::from_slice(&bytes).ok());
    let html = render_html(build, summary, timings.as_ref());
    let md = render_markdown(build, summary, timings.as_ref());
    for (name, text) in [("report.html", html), ("report.md", md)] {
        let path = dir.join(name);
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// The build directory's own name: the report carries no absolute path.
fn dir_name(build: &Build) -> String {
    build.dir.file_name().map_or_else(|| build.dir.display().to_string(), |n| n.to_string_lossy().into_owned())
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Rows of a two-column table, name and count, from the manifest.
fn object_rows(value: &serde_json::Value) -> Vec<(String, u64)> {
    value.as_object().map(|o| o.iter().map(|(k, v)| (k.clone(), v.as_u64().unwrap_or(0))).collect()).unwrap_or_default()
}

fn sections(build: &Build, summary: &Summary) -> Vec<(&'static str, Vec<(String, u64)>)> {
    let c = build.manifest.counts;
    let mut top_removed: Vec<(String, u64)> = summary.removed_lines.iter().map(|(k, v)| (k.clone(), *v)).collect();
    top_removed.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    top_removed.truncate(15);
    vec![
        (
            "Outcomes",
            vec![
                ("inputs".into(), c.inputs),
                ("documents".into(), c.documents),
                ("duplicates".into(), c.duplicates),
                ("rejects".into(), c.rejects),
            ],
        ),
        (
            "Duplicates by kind",
            build.manifest.duplicates.iter().map(|(k, v)| (k.clone(), v.as_u64().unwrap_or(0))).collect(),
        ),
        ("Rejects by stage and reason", object_rows(&build.manifest.stats["rejects"])),
        ("Lines removed by clean, per rule", object_rows(&build.manifest.stats["clean"]["removed_lines"])),
        ("Most removed boilerplate lines", top_removed),
        ("Encodings", summary.encodings.iter().map(|(k, v)| (k.clone(), *v)).collect()),
        ("Languages", summary.languages.iter().map(|(k, v)| (k.clone(), *v)).collect()),
    ]
}

/// Values and how many times each occurs.
type Tally = BTreeMap<u64, u64>;

/// Counts per bin of a histogram with `bins` equal bins up to the 99th percentile (the last bin
/// takes the rest), and the bin width.
fn histogram(values: &Tally, bins: usize) -> (Vec<u64>, u64) {
    // The 99th percentile: the value at that rank in the values sorted.
    let total: u64 = values.values().sum();
    let rank = total.saturating_sub(1) * 99 / 100;
    let mut seen = 0u64;
    let top = values
        .iter()
        .find(|&(_, &n)| {
            seen += n;
            seen > rank
        })
        .map_or(0, |(&v, _)| v)
        .max(1);
    let width = top.div_ceil(bins as u64).max(1);
    let mut counts = vec![0u64; bins];
    for (&v, &n) in values {
        counts[((v / width) as usize).min(bins - 1)] += n;
    }
    (counts, width)
}

/// A bar chart as an SVG element.
fn svg_histogram(title: &str, unit: &str, values: &Tally) -> String {
    const W: f64 = 640.0;
    const H: f64 = 240.0;
    const LEFT: f64 = 56.0;
    const RIGHT: f64 = 24.0;
    const BOTTOM: f64 = 36.0;
    let (counts, width) = histogram(values, 30);
    let max = counts.iter().copied().max().unwrap_or(0).max(1) as f64;
    let bar = (W - LEFT - RIGHT) / counts.len() as f64;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="plot" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" aria-label="{title}">"#
    );
    let _ = write!(svg, r##"<text x="{LEFT}" y="14" font-size="13" fill="#222">{}</text>"##, escape(title));
    let base = H - BOTTOM;
    for (i, &count) in counts.iter().enumerate() {
        let h = (base - 24.0) * count as f64 / max;
        let x = LEFT + i as f64 * bar;
        let _ = write!(
            svg,
            r##"<rect x="{x:.1}" y="{:.1}" width="{:.1}" height="{h:.1}" fill="#3b6ea5"><title>{}–{} {unit}: {count}</title></rect>"##,
            base - h,
            (bar - 1.0).max(1.0),
            i as u64 * width,
            (i as u64 + 1) * width - 1
        );
    }
    let _ = write!(svg, r##"<line x1="{LEFT}" y1="{base}" x2="{}" y2="{base}" stroke="#444"/>"##, W - RIGHT);
    let _ = write!(svg, r##"<line x1="{LEFT}" y1="24" x2="{LEFT}" y2="{base}" stroke="#444"/>"##);
    for i in (0..=counts.len()).step_by(5) {
        let x = LEFT + i as f64 * bar;
        let _ = write!(
            svg,
            r##"<text x="{x:.1}" y="{:.1}" font-size="10" text-anchor="middle" fill="#444">{}</text>"##,
            base + 14.0,
            i as u64 * width
        );
    }
    let _ = write!(
        svg,
        r##"<text x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle" fill="#444">{}</text>"##,
        W / 2.0,
        H - 4.0,
        escape(unit)
    );
    let _ = write!(
        svg,
        r##"<text x="4" y="{:.1}" font-size="10" fill="#444">{}</text>"##,
        base - (base - 24.0),
        max as u64
    );
    svg.push_str("</svg>");
    svg
}

fn throughput_rows(timings: &Timings) -> Vec<(String, String)> {
    let mb = timings.input_bytes as f64 / 1e6;
    let mut rows: Vec<(String, String)> = timings
        .stages
        .iter()
        .map(|(stage, secs)| (stage.clone(), format!("{secs:.2} s, {:.1} MB/s per core", mb / secs.max(1e-9))))
        .collect();
    rows.push((
        "whole run (wall clock)".into(),
        format!("{:.2} s, {:.1} MB/s", timings.wall_seconds, mb / timings.wall_seconds.max(1e-9)),
    ));
    rows
}

fn render_html(build: &Build, summary: &Summary, timings: Option<&Timings>) -> String {
    let mut html = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>ingest build report</title>\n<style>\
         body{font:15px/1.45 system-ui,sans-serif;max-width:760px;margin:2em auto;padding:0 1em;color:#222}\
         h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.8em;border-bottom:1px solid #ddd}\
         table{border-collapse:collapse;width:100%}td{padding:2px 8px;border-bottom:1px solid #eee;vertical-align:top}\
         td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}.plot{display:block;margin:1em 0}\
         .muted{color:#666}</style></head><body>\n",
    );
    let _ = writeln!(html, "<h1>ingest build report</h1>");
    let _ = writeln!(
        html,
        "<p class=\"muted\">Build <code>{}</code>, made by ingest {}.</p>",
        escape(&dir_name(build)),
        escape(&build.manifest.version)
    );
    for (title, rows) in sections(build, summary) {
        let _ = writeln!(html, "<h2>{}</h2>", escape(title));
        if rows.is_empty() {
            let _ = writeln!(html, "<p class=\"muted\">none</p>");
            continue;
        }
        html.push_str("<table>\n");
        for (name, n) in rows {
            let _ = writeln!(html, "<tr><td>{}</td><td class=\"n\">{n}</td></tr>", escape(&name));
        }
        html.push_str("</table>\n");
    }
    let _ = writeln!(html, "<h2>Document lengths</h2>");
    html.push_str(&svg_histogram("Documents by length", "syllables per document", &summary.lengths));
    let _ = writeln!(html, "\n<h2>Sentence lengths</h2>");
    html.push_str(&svg_histogram("Sentences by length", "words per sentence", &summary.sentence_words));
    let _ = writeln!(html, "\n<h2>Throughput per stage</h2>");
    match timings {
        Some(t) => {
            html.push_str("<table>\n");
            for (name, value) in throughput_rows(t) {
                let _ = writeln!(html, "<tr><td>{}</td><td class=\"n\">{}</td></tr>", escape(&name), escape(&value));
            }
            html.push_str("</table>\n");
        }
        None => html.push_str("<p class=\"muted\">not recorded (no timings.json)</p>\n"),
    }
    html.push_str("</body></html>\n");
    html
}

fn render_markdown(build: &Build, summary: &Summary, timings: Option<&Timings>) -> String {
    let mut md =
        format!("# ingest build report\n\nBuild `{}`, made by ingest {}.\n", dir_name(build), build.manifest.version);
    for (title, rows) in sections(build, summary) {
        let _ = writeln!(md, "\n## {title}\n");
        if rows.is_empty() {
            md.push_str("none\n");
            continue;
        }
        md.push_str("| | count |\n|---|---:|\n");
        for (name, n) in rows {
            let _ = writeln!(md, "| {} | {n} |", name.replace('|', "\\|"));
        }
    }
    for (title, unit, values) in
        [("Document lengths", "syllables", &summary.lengths), ("Sentence lengths", "words", &summary.sentence_words)]
    {
        let (counts, width) = histogram(values, 10);
        let _ = writeln!(md, "\n## {title}\n\n| {unit} | count |\n|---|---:|");
        for (i, n) in counts.iter().enumerate() {
            let _ = writeln!(md, "| {}–{} | {n} |", i as u64 * width, (i as u64 + 1) * width - 1);
        }
    }
    if let Some(t) = timings {
        md.push_str("\n## Throughput per stage\n\n| stage | time |\n|---|---:|\n");
        for (name, value) in throughput_rows(t) {
            let _ = writeln!(md, "| {name} | {value} |");
        }
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(values: impl IntoIterator<Item = u64>) -> Tally {
        let mut tally = Tally::new();
        for v in values {
            *tally.entry(v).or_default() += 1;
        }
        tally
    }

    /// The old way: every character decoded.
    fn sentence_lengths_slowly(segmented: &str) -> Vec<u64> {
        let mut lengths = Vec::new();
        let mut words = 0u64;
        for token in segmented.split_whitespace() {
            if matches!(token, "." | "!" | "?" | "..." | "…") {
                lengths.extend((words > 0).then_some(words));
                words = 0;
            } else if token.chars().any(char::is_alphanumeric) {
                words += 1;
            }
        }
        lengths.extend((words > 0).then_some(words));
        lengths
    }

    #[test]
    fn sentence_lengths_split_at_every_whitespace_and_count_words() {
        let text = "Thứ_trưởng Bộ Ngoại_giao , 2 . “ Ông ” nói … – ! ? ... Hết";
        assert_eq!(sentence_lengths(text), vec![4, 2, 1]);
        assert_eq!(sentence_lengths(""), Vec::<u64>::new());
        // Each whitespace character of Unicode, and characters that share its first bytes.
        let spaces: Vec<char> = (0..=0x10ffff).filter_map(char::from_u32).filter(|c| c.is_whitespace()).collect();
        assert_eq!(spaces.len(), 25);
        // Neighbours: characters that share first or middle bytes with whitespace (`9A` after `E1`
        // in U+169A and U+1E9A), and ASCII punctuation.
        let neighbours = [
            '\u{1e9a}', '\u{169a}', '\u{1681}', 'Ớ', '\u{2013}', '\u{201c}', '\u{2060}', '\u{3001}', '\u{a9}',
            '\u{84}', 'ạ', '…', '.', '_',
        ];
        for c in spaces.iter().chain(&neighbours) {
            for text in [format!("a{c}b . c"), format!("{c}"), format!("x {c} .{c}y"), format!("…{c}…")] {
                let expected = sentence_lengths_slowly(&text);
                assert_eq!(sentence_lengths(&text), expected, "{text:?}");
            }
        }
    }

    /// `count` texts of up to `most - 1` of `pieces` each, picked by xorshift from `seed`.
    fn mixed_texts(pieces: &[&str], seed: u64, count: usize, most: u64) -> Vec<String> {
        let mut state = seed;
        (0..count)
            .map(|_| {
                let mut text = String::new();
                for _ in 0..(state % most) {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    text.push_str(pieces[(state % pieces.len() as u64) as usize]);
                }
                state = state.wrapping_add(1);
                text
            })
            .collect()
    }

    #[test]
    fn sentence_lengths_agree_with_the_old_way_on_mixed_text() {
        let pieces = [
            "a", "Đ", "ở", "_", ".", "...", "…", "!", "?", ",", "“", "–", " ", "  ", "\n", "\t", "\u{b}", "\u{a0}",
            "\u{2009}", "\u{3000}", "9", "ạ", "\u{1680}", "\u{85}", "\u{169a}", "\u{1e9a}", "ở", "“",
        ];
        for text in mixed_texts(&pieces, 0x2545_f491_4f6c_dd1d, 2000, 23) {
            assert_eq!(sentence_lengths(&text), sentence_lengths_slowly(&text), "{text:?}");
        }
    }

    /// The run takes sentence lengths from the segmenter, a resumed run reads them from the
    /// build's `segmented` with [`sentence_lengths`]: the two must agree, or a resumed build's
    /// report would differ from one made in one go.
    #[test]
    fn segmenting_counts_the_sentence_lengths_that_reading_its_output_counts() {
        let mut texts: Vec<String> =
            ["000_eae569450ad647c0.txt", "002_d405184045d43514.txt", "004_c787a8be61310078.txt"]
                .iter()
                .map(|name| {
                    std::fs::read_to_string(format!("{}/../../seeds/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
                })
                .collect();
        // Words, abbreviations, numbers, URLs, hyphens, runs of punctuation, letters and digits
        // outside Vietnamese (a Roman numeral, a lone combining mark), symbols, and every kind of
        // separator, blank lines included.
        let pieces = [
            "Hà",
            "Nội",
            "nhất",
            "trí",
            "TP.HCM",
            "v.v.",
            "3,5%",
            "29/8",
            "G20",
            "http://a.vn/x?y=1",
            "Việt-Nga",
            ".",
            "...",
            "…",
            "!",
            "!!",
            "?",
            ",",
            "-",
            "“",
            "(",
            ")",
            "_",
            "a_b",
            "Ⅻ",
            "\u{301}",
            "₫",
            "🙂",
            " ",
            " ",
            " ",
            "\n",
            "\n\n",
            "\t",
            "\u{a0}",
            "\u{200b}",
            "\u{3000}",
            "\u{85}",
        ];
        texts.extend(mixed_texts(&pieces, 0x9e37_79b9_7f4a_7c15, 3000, 40));
        for text in texts {
            let mut measured = ingest_core::Document { text: text.clone(), ..Default::default() };
            let lengths = ingest_tokenize::segment_document_measured(&mut measured);
            let mut plain = ingest_core::Document { text: text.clone(), ..Default::default() };
            ingest_tokenize::segment_document(&mut plain);
            assert_eq!(measured, plain, "{text:?}");
            assert_eq!(
                lengths,
                sentence_lengths(&measured.segmented),
                "{text:?} segmented as {:?}",
                measured.segmented
            );
        }
    }

    proptest::proptest! {
        /// The same agreement on any text, and on text made of the characters that decide it.
        #[test]
        fn segmenting_and_reading_agree_on_sentence_lengths(
            text in proptest::prop_oneof![
                proptest::prelude::any::<String>(),
                "[a-zA-Zàáạảãăắằđêếệôơớưứữ0-9 .,!?…_“”()%/:\\-\n\t\u{a0}\u{200b}\u{301}\u{3000}]{0,120}",
            ]
        ) {
            let mut doc = ingest_core::Document { text, ..Default::default() };
            let lengths = ingest_tokenize::segment_document_measured(&mut doc);
            proptest::prop_assert_eq!(lengths, sentence_lengths(&doc.segmented));
        }
    }

    #[test]
    fn histogram_bins_up_to_the_99th_percentile() {
        let values = tally((0..100).chain([10_000]));
        let (counts, width) = histogram(&values, 10);
        assert_eq!(width, 10);
        assert_eq!(counts.iter().sum::<u64>(), 101);
        assert_eq!(counts[9], 11, "the outlier lands in the last bin");
        let svg = svg_histogram("t", "u", &values);
        assert_eq!(svg.matches("<rect").count(), 30, "one bar a bin");
        // Repeated values: the percentile is taken over every occurrence.
        let (counts, width) = histogram(&tally([5; 150].into_iter().chain([400, 900])), 10);
        assert_eq!(width, 1, "the 99th percentile of 152 values is the 150th, 5: too few for 10 bins");
        assert_eq!((counts[5], counts[9]), (150, 2));
        assert_eq!(histogram(&Tally::new(), 4), (vec![0; 4], 1));
    }
}
