//! The tokenize stage: Vietnamese text to words, in the form PhoBERT-style models expect.
//!
//! 1. [`syllables::tokenize`] splits a line into tokens: syllables, numbers, abbreviations, URLs
//!    and the like, and punctuation (the rules are in that module's docs).
//! 2. [`sentences::split`] finds the sentences of the line.
//! 3. [`segment`] joins syllables into words with the RDRsegmenter method (Nguyen et al., LREC
//!    2018), implemented here from its published description: initial tags by dictionary and name
//!    rules ([`initial`]), corrected by the model's ripple-down rule tree ([`rules`]). The model data
//!    (`data/rdrsegmenter/`, Apache-2.0, see NOTICE) is compiled into the binary and parsed once.
//!
//! Matching uses a normalized form of each syllable ([`form`]): lowercase, NFC, old-style tone
//! placement, `Đ` for `Ð`. So NFC and NFD text, `hòa` and `hoà`, `Ð` and `Đ`, and syllables
//! separated by NBSP or a zero-width space all segment the same. The output keeps the input's own
//! characters: only the separators between syllables change, to `_` inside a word and one space
//! between words.

mod chars;
pub mod eval;
pub mod form;
pub mod initial;
pub mod lexicon;
#[cfg(test)]
mod robust;
pub mod rules;
pub mod segment;
pub mod sentence_lengths;
pub mod sentences;
#[cfg(feature = "subwords")]
pub mod subword;
pub mod syllables;

use std::cell::RefCell;
use std::ops::Range;
use std::sync::LazyLock;

use ingest_core::Document;

use crate::lexicon::Lexicon;
use crate::rules::Rules;
use crate::segment::Scratch;
use crate::sentence_lengths::SentenceLengths;
use crate::syllables::Token;

/// The loaded model: lexicon and rules.
#[derive(Debug)]
pub struct Segmenter {
    lexicon: Lexicon,
    rules: Rules,
}

static SEGMENTER: LazyLock<Segmenter> = LazyLock::new(|| {
    let mut lexicon = Lexicon::embedded();
    let rules = Rules::embedded(&mut lexicon);
    Segmenter { lexicon, rules }
});

/// Counts of one segmented text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Tokens that are not punctuation.
    pub syllables: u64,
    /// Words that are not punctuation.
    pub words: u64,
}

/// Reusable state for segmenting many lines: buffers, so warm calls do not allocate.
#[derive(Debug)]
pub struct LineSegmenter<'m> {
    model: &'m Segmenter,
    scratch: Scratch,
    sentences: Vec<Range<usize>>,
    words: Vec<(Range<usize>, bool)>,
    /// Kept empty between calls; only its allocation is reused.
    tokens: Vec<Token<'static>>,
}

/// An empty vector with the allocation of `v`, for tokens of another line. (Collecting an
/// emptied `vec::IntoIter` into a vector of the same layout reuses its buffer.)
fn recycle<'b>(mut v: Vec<Token<'_>>) -> Vec<Token<'b>> {
    v.clear();
    // The vector is empty, so the closure never runs; it only names the new lifetime.
    v.into_iter().map(|t| Token { text: "", ..t }).collect()
}

impl Segmenter {
    /// The embedded model, loaded on first use.
    pub fn get() -> &'static Segmenter {
        &SEGMENTER
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// A line segmenter with its own buffers.
    pub fn line_segmenter(&self) -> LineSegmenter<'_> {
        LineSegmenter {
            model: self,
            scratch: Scratch::default(),
            sentences: Vec::new(),
            words: Vec::new(),
            tokens: Vec::new(),
        }
    }
}

impl LineSegmenter<'_> {
    /// Appends the segmentation of `line` to `out`; with `sentence_per_line`, sentences are
    /// separated by `\n` instead of a space.
    pub fn segment(&mut self, line: &str, sentence_per_line: bool, out: &mut String) -> Counts {
        self.segment_line(line, sentence_per_line, out, None)
    }

    /// [`segment`](Self::segment), counting the words of the output's sentences into `lengths`
    /// when given, as it writes them.
    fn segment_line(
        &mut self,
        line: &str,
        sentence_per_line: bool,
        out: &mut String,
        mut lengths: Option<&mut SentenceLengths>,
    ) -> Counts {
        let mut tokens = recycle(std::mem::take(&mut self.tokens));
        syllables::tokenize_into(line, &mut tokens);
        sentences::split_into(&tokens, &mut self.sentences);
        let mut counts = Counts::default();
        let sentences = std::mem::take(&mut self.sentences);
        for (s, range) in sentences.iter().enumerate() {
            if s > 0 {
                out.push(if sentence_per_line { '\n' } else { ' ' });
            }
            counts = add(counts, self.segment_tokens(line, &tokens[range.clone()], out, lengths.as_deref_mut()));
        }
        self.sentences = sentences;
        self.tokens = recycle(tokens);
        counts
    }

    /// Segments one sentence of `line`, given as its tokens.
    fn segment_tokens(
        &mut self,
        line: &str,
        tokens: &[Token<'_>],
        out: &mut String,
        mut lengths: Option<&mut SentenceLengths>,
    ) -> Counts {
        let model = self.model;
        segment::decide_sentence(&model.lexicon, &model.rules, line, tokens, &mut self.scratch);
        let mut counts = Counts::default();
        // The output token being written, for `lengths`: its first unit's span, its units, and
        // whether one of them is not punctuation.
        let mut token = (0..0, 0u32, false);
        let mut end_token = |token: &(Range<usize>, u32, bool)| {
            if let Some(lengths) = lengths.as_deref_mut() {
                lengths.token(token.2, (token.1 == 1).then(|| &line[token.0.clone()]));
            }
        };
        // A word that begins one space after the unit before it is written as the line has it:
        // such units are gathered into one run of the line, copied at once, instead of a copy
        // and a space for each.
        let mut run: Option<Range<usize>> = None;
        for (i, (unit, begins)) in self.scratch.words().enumerate() {
            let span = unit.span.clone();
            if begins {
                if i > 0 {
                    end_token(&token);
                }
                token = (span.clone(), 0, false);
            }
            token.1 += 1;
            token.2 |= !unit.punct;
            match &mut run {
                Some(run) if begins && span.start == run.end + 1 && line.as_bytes()[run.end] == b' ' => {
                    run.end = span.end;
                }
                _ => {
                    if let Some(run) = run.take() {
                        out.push_str(&line[run]);
                    }
                    if i > 0 {
                        out.push(if begins { ' ' } else { '_' });
                    }
                    run = Some(span);
                }
            }
            counts.words += u64::from(begins && !unit.punct);
            counts.syllables += u64::from(!unit.punct);
        }
        if let Some(run) = run {
            out.push_str(&line[run]);
        }
        if token.1 > 0 {
            end_token(&token);
        }
        counts
    }

    /// What [`LineSegmenter::segment`] counts as syllables in `line`, without segmenting it.
    pub fn count_syllables(&mut self, line: &str) -> u64 {
        let mut tokens = recycle(std::mem::take(&mut self.tokens));
        syllables::tokenize_into(line, &mut tokens);
        sentences::split_into(&tokens, &mut self.sentences);
        let model = self.model;
        let count = (self.sentences.iter())
            .map(|range| segment::count_units(&model.lexicon, &tokens[range.clone()], &mut self.scratch))
            .sum();
        self.tokens = recycle(tokens);
        count
    }

    /// The byte spans of the words of `line`, in order.
    pub fn word_spans(&mut self, line: &str) -> Vec<Range<usize>> {
        let tokens = syllables::tokenize(line);
        sentences::split_into(&tokens, &mut self.sentences);
        let mut spans: Vec<Range<usize>> = Vec::new();
        for range in &self.sentences {
            let model = self.model;
            let sentence = &tokens[range.clone()];
            segment::segment_sentence(&model.lexicon, &model.rules, line, sentence, &mut self.scratch, &mut self.words);
            for (span, begins) in &self.words {
                match spans.last_mut() {
                    Some(last) if !begins => last.end = span.end,
                    _ => spans.push(span.clone()),
                }
            }
        }
        spans
    }

    /// Appends the segmentation of an already tokenized line (see
    /// [`segment_pretokenized`](Self::segment_pretokenized)) to `out`.
    pub fn segment_pretokenized_into(&mut self, sentence: &str, out: &mut String) {
        let begins = self.segment_pretokenized(sentence);
        let tokens = sentence.split(syllables::is_separator).filter(|t| !t.is_empty());
        for (i, (token, begin)) in tokens.zip(begins).enumerate() {
            if i > 0 {
                out.push(if begin { ' ' } else { '_' });
            }
            out.push_str(token);
        }
    }

    /// Segments text that is already tokenized: every whitespace-separated piece of `sentence` is
    /// one token, as in a treebank. Returns, for each token, whether it begins a word.
    pub fn segment_pretokenized(&mut self, sentence: &str) -> Vec<bool> {
        let tokens: Vec<Token<'_>> = sentence
            .split(syllables::is_separator)
            .filter(|t| !t.is_empty())
            .map(|t| Token { text: t, kind: syllables::classify(t), space_before: true })
            .collect();
        let model = self.model;
        segment::segment_sentence(&model.lexicon, &model.rules, sentence, &tokens, &mut self.scratch, &mut self.words);
        self.words.iter().map(|(_, begins)| *begins).collect()
    }
}

fn add(a: Counts, b: Counts) -> Counts {
    Counts { syllables: a.syllables + b.syllables, words: a.words + b.words }
}

/// A segmented text and its counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segmented {
    /// One line per non-blank input line.
    pub text: String,
    pub counts: Counts,
}

thread_local! {
    /// One line segmenter per thread, so its buffers and id cache serve every document the thread
    /// segments.
    static LINE_SEGMENTER: RefCell<LineSegmenter<'static>> = RefCell::new(Segmenter::get().line_segmenter());
}

/// Segments every non-blank line of `text`, one output line each.
pub fn segment_text(text: &str) -> Segmented {
    LINE_SEGMENTER.with(|seg| segment_text_in(&mut seg.borrow_mut(), text, None))
}

/// Segments every non-blank line of `text` with `seg`, counting into `lengths` when given.
fn segment_text_in(seg: &mut LineSegmenter<'_>, text: &str, mut lengths: Option<&mut SentenceLengths>) -> Segmented {
    let mut out = Segmented { text: String::with_capacity(text.len() + text.len() / 8), ..Segmented::default() };
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        if !out.text.is_empty() {
            out.text.push('\n');
        }
        let counts = seg.segment_line(line, false, &mut out.text, lengths.as_deref_mut());
        out.counts = add(out.counts, counts);
    }
    out
}

/// Segments one line (convenience for tests and small inputs).
pub fn segment_line(line: &str) -> String {
    let mut out = String::new();
    Segmenter::get().line_segmenter().segment(line, false, &mut out);
    out
}

/// The syllables of `text` as [`segment_text`] counts them (non-punctuation units: syllables,
/// numbers, abbreviations, hyphenated names), without segmenting it.
pub fn count_syllables(text: &str) -> u64 {
    LINE_SEGMENTER.with(|seg| {
        let seg = &mut seg.borrow_mut();
        text.lines().map(|line| seg.count_syllables(line)).sum()
    })
}

/// Fills in `segmented` and the word counts of a document.
pub fn segment_document(doc: &mut Document) {
    segment_document_in(doc, None);
}

/// [`segment_document`], returning the words of each sentence of `segmented` as
/// [`SentenceLengths`] counts them.
pub fn segment_document_measured(doc: &mut Document) -> Vec<u64> {
    let mut lengths = SentenceLengths::default();
    segment_document_in(doc, Some(&mut lengths));
    lengths.finish()
}

/// [`segment_document`], counting into `lengths` when given.
fn segment_document_in(doc: &mut Document, lengths: Option<&mut SentenceLengths>) {
    let segmented = LINE_SEGMENTER.with(|seg| segment_text_in(&mut seg.borrow_mut(), &doc.text, lengths));
    doc.segmented = segmented.text;
    doc.metadata.syllables = segmented.counts.syllables;
    doc.metadata.words = segmented.counts.words;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        assert_eq!(segment_text(input).text, expected, "input {input:?}");
    }

    #[test]
    fn segments_lines() {
        check(
            "Thứ trưởng Bộ Ngoại giao Nguyễn Minh Vũ đã thăm Nga, ngày 29/8.",
            "Thứ_trưởng Bộ Ngoại_giao Nguyễn_Minh_Vũ đã thăm Nga , ngày 29/8 .",
        );
        check("Hai bên nhất trí.\n\nTăng cường hợp tác.", "Hai bên nhất_trí .\nTăng_cường hợp_tác .");
        check("", "");
    }

    #[test]
    fn syllables_are_counted_alike_with_and_without_segmenting() {
        for text in [
            "Thứ trưởng Bộ Ngoại giao Nguyễn Minh Vũ đã thăm Nga, ngày 29/8.",
            "Hai bên nhất trí.\n\n  \nTăng cường hợp tác... (TTXVN) v.v. 3,5% GDP!",
            include_str!("../../../seeds/000_eae569450ad647c0.txt"),
            include_str!("../../../seeds/002_d405184045d43514.txt"),
            "",
            " .,; ",
        ] {
            assert_eq!(count_syllables(text), segment_text(text).counts.syllables, "{text:?}");
        }
    }

    #[test]
    fn counts_syllables_and_words_without_punctuation() {
        let s = segment_text("Hai bên nhất trí, hợp tác.");
        assert_eq!((s.counts.syllables, s.counts.words), (6, 4));
    }

    /// The output as written a unit at a time from [`segment::segment_sentence`]'s spans, before
    /// runs of the line were copied whole.
    fn segment_unit_by_unit(line: &str) -> String {
        let model = Segmenter::get();
        let (mut scratch, mut words, mut out) = (Scratch::default(), Vec::new(), String::new());
        let tokens = syllables::tokenize(line);
        for (s, range) in sentences::split(&tokens).into_iter().enumerate() {
            if s > 0 {
                out.push(' ');
            }
            segment::segment_sentence(&model.lexicon, &model.rules, line, &tokens[range], &mut scratch, &mut words);
            for (i, (span, begins)) in words.iter().enumerate() {
                if i > 0 {
                    out.push(if *begins { ' ' } else { '_' });
                }
                out.push_str(&line[span.clone()]);
            }
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]
        /// Spaces, other separators, punctuation against words, sentence ends, hyphens.
        #[test]
        fn output_is_that_of_writing_each_unit(
            line in "((Hà|Nội|Việt|Nam|hợp|tác|ngày|1.000|TP.|[aAđ.,:()\"-])[ \u{a0}\t\u{200b}]{0,2}){0,16}",
        ) {
            proptest::prop_assert_eq!(segment_line(&line), segment_unit_by_unit(&line));
        }
    }

    #[test]
    fn output_on_text_is_that_of_writing_each_unit() {
        for line in include_str!("../../../seeds/000_eae569450ad647c0.txt").lines() {
            assert_eq!(segment_line(line), segment_unit_by_unit(line), "{line:?}");
        }
    }

    #[test]
    fn segmentation_keeps_every_character() {
        let input = "Hòa bình, “hoà bình” và THỦY ĐIỆN (TP.HCM) 1.000 người — 50% email a@b.vn";
        let out = segment_text(input).text;
        let strip = |s: &str| s.chars().filter(|c| !c.is_whitespace() && *c != '_').collect::<String>();
        assert_eq!(strip(&out), strip(input));
    }
}
