//! The corpus generator: articles made of real sentences, and the copies, variants, near
//! duplicates, HTML pages, word-segmented files and junk of a configurable mix, with `truth.json`
//! saying what every file is.
//!
//! Files are `DDDDD/NNNNNNNN.EXT`, numbered in generation order, so the pipeline's input order (sorted
//! paths) is generation order and an original always comes before its copies. What keeps the
//! answers unambiguous:
//! - an article is 6-14 distinct sentences in paragraphs of 2-4 (one line each), so a line is a
//!   combination of sentences that no other document of its directory has: the clean stage's
//!   repeated-lines rule (short lines in 3+ documents of a directory) leaves articles alone;
//! - the copy of an original lives in a later directory, and an original has at most one copy, so
//!   its lines are never in three documents of one directory either;
//! - a near duplicate is at least `min_similarity` similar to its original (Jaccard of 5-syllable
//!   shingles, computed here exactly), well above the pipeline's 0.8, so the MinHash estimate
//!   does not decide the answer; random articles share a few sentences at most, far below it.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

mod near;

use crate::encodings::{self, Form};
use crate::rng::Rng;

/// Shares of the files of each kind; articles are the rest.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Mix {
    pub exact: f64,
    pub variant: f64,
    pub near: f64,
    pub html: f64,
    pub segmented: f64,
    pub junk: f64,
}

impl Default for Mix {
    fn default() -> Self {
        Mix { exact: 0.10, variant: 0.05, near: 0.05, html: 0.10, segmented: 0.02, junk: 0.01 }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Options {
    /// Stop once the files hold this many bytes.
    pub bytes: u64,
    pub seed: u64,
    pub files_per_dir: usize,
    pub mix: Mix,
    /// Least true similarity of a near duplicate to its original.
    pub min_similarity: f64,
}

/// What a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A new plain-text article: must be a document.
    Article,
    /// A news page around a new article: must be a document with the article's text.
    Html,
    /// A new article, word-segmented: must be a document, restored.
    Segmented,
    /// A byte copy of an earlier article: an `exact` duplicate of it.
    Exact,
    /// The same text in another form (`form`): an `exact` duplicate of it.
    Variant,
    /// The article with a paragraph dropped or words edited, and another headline: a `near`
    /// duplicate of it.
    Near,
    /// Binary data or an empty file: a reject.
    Junk,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Article => "article",
            Kind::Html => "html",
            Kind::Segmented => "segmented",
            Kind::Exact => "exact",
            Kind::Variant => "variant",
            Kind::Near => "near",
            Kind::Junk => "junk",
        }
    }
}

/// One file of the corpus.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileTruth {
    /// Relative to the corpus directory, `/`-separated: the pipeline's `source`.
    pub path: String,
    pub kind: Kind,
    /// How a variant is encoded, how a near duplicate differs, what junk is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<String>,
    /// The original of a duplicate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<String>,
    /// Jaccard similarity of a near duplicate's 5-syllable shingles to its original's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f64>,
    /// The start of an HTML page's article text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<String>,
    pub bytes: u64,
}

/// `truth.json`.
#[derive(Debug, Serialize, Deserialize)]
pub struct Truth {
    pub options: Options,
    pub sentences: usize,
    pub bytes: u64,
    pub counts: BTreeMap<Kind, u64>,
    pub files: Vec<FileTruth>,
}

impl Truth {
    pub fn read(path: &Path) -> Result<Truth> {
        let text = fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        serde_json::from_str(&text).with_context(|| format!("{} is not a truth.json", path.display()))
    }
}

/// An article as sentence numbers: small enough to keep every one that may get a copy.
#[derive(Debug, Clone)]
struct Plan {
    sentences: Vec<u32>,
    /// Bit `i` set: a paragraph starts at sentence `i` (bit 0 always).
    starts: u16,
    title: u32,
}

const PROVINCES: [&str; 24] = [
    "Hà Nội",
    "Hải Phòng",
    "Đà Nẵng",
    "Cần Thơ",
    "Huế",
    "Quảng Ninh",
    "Nghệ An",
    "Thanh Hóa",
    "Lào Cai",
    "Điện Biên",
    "Sơn La",
    "Gia Lai",
    "Đắk Lắk",
    "Lâm Đồng",
    "Khánh Hòa",
    "Bình Định",
    "Quảng Nam",
    "An Giang",
    "Cà Mau",
    "Bến Tre",
    "Long An",
    "Đồng Nai",
    "Bình Dương",
    "Tây Ninh",
];

struct Generator<'a> {
    sentences: &'a [String],
    options: &'a Options,
    rng: Rng,
    /// Words of the sentences, for edits.
    vocabulary: Vec<&'a str>,
    plans: HashMap<u32, Plan>,
    /// Articles of earlier directories that have no copy yet.
    originals: Vec<u32>,
    /// Articles of the current directory.
    pending: Vec<u32>,
}

/// Writes a corpus into `out` (which must not exist or be empty) and its truth into
/// `truth_path`, and returns the truth.
pub fn generate(sentences: &[String], options: &Options, out: &Path, truth_path: &Path) -> Result<Truth> {
    if out.exists() && fs::read_dir(out)?.next().is_some() {
        bail!("{} exists and is not empty", out.display());
    }
    if options.files_per_dir == 0 {
        bail!("files per directory must be at least 1");
    }
    let mut vocabulary: Vec<&str> = sentences.iter().flat_map(|s| s.split(' ')).filter(|w| near::is_word(w)).collect();
    vocabulary.sort_unstable();
    vocabulary.dedup();
    let mut g = Generator {
        sentences,
        options,
        rng: Rng::new(options.seed),
        vocabulary,
        plans: HashMap::new(),
        originals: Vec::new(),
        pending: Vec::new(),
    };
    let mut files = Vec::new();
    let mut bytes = 0u64;
    let mut counts: BTreeMap<Kind, u64> = BTreeMap::new();
    let mut dir = usize::MAX;
    let mut index = 0u32;
    while bytes < options.bytes {
        if index as usize / options.files_per_dir != dir {
            dir = index as usize / options.files_per_dir;
            fs::create_dir_all(out.join(format!("{dir:05}")))?;
            g.originals.append(&mut g.pending);
        }
        let (mut truth, ext, content) = g.file(index);
        truth.path = format!("{dir:05}/{index:08}.{ext}");
        truth.bytes = content.len() as u64;
        let path: PathBuf = out.join(&truth.path);
        fs::write(&path, &content).with_context(|| format!("cannot write {}", path.display()))?;
        bytes += truth.bytes;
        *counts.entry(truth.kind).or_default() += 1;
        files.push(truth);
        index += 1;
    }
    // Names of originals, now that every path is known.
    let paths: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
    for f in &mut files {
        if let Some(of) = &f.of {
            f.of = Some(paths[of.parse::<usize>().expect("an index")].clone());
        }
    }
    let truth = Truth { options: options.clone(), sentences: sentences.len(), bytes, counts, files };
    write_truth(&truth, truth_path)?;
    Ok(truth)
}

/// One entry a line, so the file reads and diffs well.
fn write_truth(truth: &Truth, path: &Path) -> Result<()> {
    let mut out =
        std::io::BufWriter::new(fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?);
    let head = serde_json::json!({"options": truth.options, "sentences": truth.sentences, "bytes": truth.bytes, "counts": truth.counts});
    let head = serde_json::to_string(&head)?;
    write!(out, "{},\n\"files\": [", &head[..head.len() - 1])?;
    for (i, f) in truth.files.iter().enumerate() {
        write!(out, "{}\n{}", if i > 0 { "," } else { "" }, serde_json::to_string(f)?)?;
    }
    writeln!(out, "\n]}}")?;
    out.flush()?;
    Ok(())
}

impl Generator<'_> {
    /// The truth (path and size not yet filled in), extension and bytes of file `index`.
    fn file(&mut self, index: u32) -> (FileTruth, &'static str, Vec<u8>) {
        let mix = self.options.mix;
        let roll = self.rng.unit();
        let thresholds = [
            (mix.exact, Kind::Exact),
            (mix.variant, Kind::Variant),
            (mix.near, Kind::Near),
            (mix.html, Kind::Html),
            (mix.segmented, Kind::Segmented),
            (mix.junk, Kind::Junk),
        ];
        let mut kind = Kind::Article;
        let mut acc = 0.0;
        for (share, k) in thresholds {
            acc += share;
            if roll < acc {
                kind = k;
                break;
            }
        }
        if matches!(kind, Kind::Exact | Kind::Variant | Kind::Near) && self.originals.is_empty() {
            kind = Kind::Article;
        }
        let near = if kind == Kind::Near { self.near() } else { None };
        if kind == Kind::Near && near.is_none() {
            kind = Kind::Article;
        }
        let mut truth =
            FileTruth { path: String::new(), kind, form: None, of: None, similarity: None, lead: None, bytes: 0 };
        let (ext, content) = match kind {
            Kind::Article => {
                let plan = self.plan();
                let text = self.render(&plan);
                self.plans.insert(index, plan);
                self.pending.push(index);
                ("txt", text.into_bytes())
            }
            Kind::Html => {
                let plan = self.plan();
                let paragraphs = self.paragraphs(&plan);
                truth.lead = Some(paragraphs[0].chars().take(60).collect());
                (
                    "html",
                    crate::html::page(
                        &self.title(&plan),
                        &paragraphs,
                        index as usize / self.options.files_per_dir,
                        u64::from(index),
                        &mut self.rng,
                    )
                    .into_bytes(),
                )
            }
            Kind::Segmented => {
                let plan = self.plan();
                ("txt", segmented(&self.render(&plan)).into_bytes())
            }
            Kind::Exact => {
                let (of, plan) = self.take_original();
                truth.of = Some(of.to_string());
                ("txt", self.render(&plan).into_bytes())
            }
            Kind::Variant => {
                let (of, plan) = self.take_original();
                truth.of = Some(of.to_string());
                let text = self.render(&plan);
                let form = *self.rng.pick(&Form::ALL);
                // TCVN3 cannot hold typographic quotes and a few other marks: re-space those instead.
                let (form, bytes) = match encodings::encode(&text, form, &mut self.rng) {
                    Some(bytes) => (form, bytes),
                    None => (Form::Spacing, encodings::encode(&text, Form::Spacing, &mut self.rng).expect("always")),
                };
                truth.form = Some(form.name().to_owned());
                ("txt", bytes)
            }
            Kind::Near => {
                let (of, form, similarity, text) = near.expect("checked above");
                truth.of = Some(of.to_string());
                truth.form = Some(form.to_owned());
                truth.similarity = Some((similarity * 1e4).round() / 1e4);
                ("txt", text.into_bytes())
            }
            Kind::Junk => {
                let (form, bytes) = self.junk();
                truth.form = Some(form.to_owned());
                (if bytes.is_empty() { "txt" } else { "bin" }, bytes)
            }
        };
        (truth, ext, content)
    }

    /// 6-14 distinct sentences in paragraphs of 2-4.
    fn plan(&mut self) -> Plan {
        let n = self.rng.between(6, 14);
        let mut sentences: Vec<u32> = Vec::with_capacity(n);
        while sentences.len() < n {
            let s = self.rng.below(self.sentences.len()) as u32;
            if !sentences.contains(&s) {
                sentences.push(s);
            }
        }
        let mut starts = 1u16;
        let mut at = 0;
        loop {
            let left = n - at;
            let size = if left <= 4 { left } else { self.rng.between(2, (left - 2).min(4)) };
            at += size;
            if at >= n {
                break;
            }
            starts |= 1 << at;
        }
        let title = self.rng.below(self.sentences.len() * PROVINCES.len()) as u32;
        Plan { sentences, starts, title }
    }

    /// A short headline without final punctuation: the start of a sentence and a place.
    fn title(&self, plan: &Plan) -> String {
        let sentence = &self.sentences[plan.title as usize / PROVINCES.len()];
        let province = PROVINCES[plan.title as usize % PROVINCES.len()];
        let words: Vec<&str> = sentence.split(' ').filter(|w| w.chars().all(char::is_alphanumeric)).take(6).collect();
        let mut title = words.join(" ");
        if let Some(first) = title.chars().next() {
            title.replace_range(..first.len_utf8(), &first.to_uppercase().to_string());
        }
        format!("{title} tại {province}")
    }

    fn paragraphs(&self, plan: &Plan) -> Vec<String> {
        let mut paragraphs: Vec<String> = Vec::new();
        for (i, &s) in plan.sentences.iter().enumerate() {
            let sentence = &self.sentences[s as usize];
            if plan.starts & (1 << i) != 0 {
                paragraphs.push(sentence.clone());
            } else {
                let last = paragraphs.last_mut().expect("bit 0 starts a paragraph");
                last.push(' ');
                last.push_str(sentence);
            }
        }
        paragraphs
    }

    fn render(&self, plan: &Plan) -> String {
        render(&self.title(plan), &self.paragraphs(plan))
    }

    fn take_original(&mut self) -> (u32, Plan) {
        let at = self.rng.below(self.originals.len());
        let of = self.originals.swap_remove(at);
        (of, self.plans.remove(&of).expect("every original has a plan"))
    }

    /// A near duplicate of some original: another headline, and a paragraph dropped or a few
    /// words replaced, at least `min_similarity` similar. `None` when no original tried allows it.
    fn near(&mut self) -> Option<(u32, &'static str, f64, String)> {
        let min = self.options.min_similarity;
        let drop_first = self.rng.chance(0.5);
        for _ in 0..16 {
            let at = self.rng.below(self.originals.len());
            let of = self.originals[at];
            let original = self.paragraphs(&self.plans[&of]);
            let before = near::shingles(&original.join(" "));
            let dropped = near::dropped(&original, &before, min);
            let edited = near::edited(&original, &before, min, &mut self.rng, &self.vocabulary);
            let found = if drop_first { dropped.or(edited) } else { edited.or(dropped) };
            if let Some((form, similarity, paragraphs)) = found {
                self.originals.swap_remove(at);
                let plan = self.plans.remove(&of).expect("every original has a plan");
                let title = self.other_title(&plan);
                return Some((of, form, similarity, render(&title, &paragraphs)));
            }
        }
        None
    }

    fn other_title(&mut self, plan: &Plan) -> String {
        let mut other = plan.clone();
        while other.title == plan.title {
            other.title = self.rng.below(self.sentences.len() * PROVINCES.len()) as u32;
        }
        self.title(&other)
    }

    fn junk(&mut self) -> (&'static str, Vec<u8>) {
        match self.rng.below(3) {
            0 => {
                let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
                bytes.extend((0..self.rng.between(500, 5000)).map(|_| self.rng.next_u64() as u8));
                ("png", bytes)
            }
            1 => ("random", (0..self.rng.between(500, 5000)).map(|_| self.rng.next_u64() as u8).collect()),
            _ => ("empty", Vec::new()),
        }
    }
}

fn render(title: &str, paragraphs: &[String]) -> String {
    let mut text = String::with_capacity(title.len() + paragraphs.iter().map(|p| p.len() + 2).sum::<usize>() + 2);
    text.push_str(title);
    for p in paragraphs {
        text.push_str("\n\n");
        text.push_str(p);
    }
    text.push('\n');
    text
}

/// The article as a word segmenter for PhoBERT writes it, blank lines kept.
fn segmented(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        if !body.trim().is_empty() {
            out.push_str(&ingest_tokenize::segment_text(body).text);
        }
        if line.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}
