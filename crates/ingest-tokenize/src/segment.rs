//! Word segmentation: the RDRsegmenter method over the tokens of one sentence.
//!
//! 1. Units: tokens, except that a hyphenated group written without spaces (`Ca-ri-bê`,
//!    `Mác-Lênin`, `30-4-2004`) is one unit, as in the model's own data (`ai-len`, `mác-lênin`),
//!    unless its first part forms a word with the syllable before it or its last part with the
//!    syllable after (`quốc phòng-an ninh`, `châu Á-Thái Bình Dương`, `Việt Nam-Nga`): then the
//!    hyphen is a token of its own and the parts join their neighbours.
//! 2. Initial tags ([`crate::initial`]): longest dictionary match and name rules.
//! 3. The rule tree ([`crate::rules`]) corrects each tag from the words and initial tags around it.
//!
//! Words are written with their units joined by `_`, separated by one space.

use std::borrow::Borrow;
use std::hash::{Hash, Hasher};
use std::ops::Range;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::chars::{is_punct_text, is_upper};
use crate::form::model_form;
use crate::initial::{self, Known, Shape, Unit};
use crate::lexicon::{EMPTY, Lexicon};
use crate::rules::{Rules, Tag};
use crate::syllables::{Kind, Token};

/// Reused buffers, so segmenting allocates nothing per sentence once warm, and a cache of what
/// is known of recent tokens, which spares most tokens the work of [`model_form`] and
/// [`Shape::of`] and the lookups of their ids.
#[derive(Debug, Default)]
pub struct Scratch {
    form: String,
    units: Vec<Unit>,
    initial: Vec<Tag>,
    /// Rule word ids and tag ids of the units, padded (see [`segment_sentence`]).
    words: Vec<u32>,
    tags: Vec<u32>,
    /// What the rules decide for each unit.
    decided: Vec<Option<Tag>>,
    /// Tokens of up to [`SHORT`] bytes (nearly all), by [`short_key`].
    short_ids: FxHashSet<Cached>,
    /// Longer tokens.
    ids: FxHashMap<Box<str>, Known>,
}

/// A token of up to [`SHORT`] bytes in the id cache: its [`short_key`] and what is known of it,
/// found by the key alone. Aligned to its size, so no entry of the table straddles two cache
/// lines: a map from `u128` keys aligned its entries of 32 bytes to 16, and where the table
/// landed in memory decided whether half of them did, each read of those missing twice.
#[derive(Debug, Clone, Copy)]
#[repr(align(32))]
struct Cached {
    key: u128,
    known: Known,
}

const _: () = assert!(size_of::<Cached>() == 32, "the alignment adds no padding");

impl PartialEq for Cached {
    fn eq(&self, other: &Cached) -> bool {
        self.key == other.key
    }
}

impl Eq for Cached {}

/// As the key's own hash, so the set is probed with a bare key (`Borrow`).
impl Hash for Cached {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.key.hash(state);
    }
}

impl Borrow<u128> for Cached {
    fn borrow(&self) -> &u128 {
        &self.key
    }
}

/// Tokens whose ids are cached, in each map, before it is emptied: bounds its memory (a few MB).
const ID_CACHE_LIMIT: usize = 1 << 16;

/// Longest token, in bytes, cached by [`short_key`].
const SHORT: usize = 15;

/// A token of up to [`SHORT`] bytes and its length packed into one integer (byte `i` in bits
/// `8i..8i+8`, the length in the top byte), so a cache probe compares integers instead of calling
/// `memcmp` on strings, and inserting allocates no key. Built in registers: copying the bytes into
/// an array and reading it back as one integer stalled on store forwarding.
fn short_key(text: &str) -> Option<u128> {
    let bytes = text.as_bytes();
    if bytes.len() > SHORT {
        return None;
    }
    let (low, high) = bytes.split_at(bytes.len().min(8));
    let pack = |part: &[u8]| part.iter().rev().fold(0u64, |key, &b| (key << 8) | u64::from(b));
    Some(u128::from(pack(low)) | (u128::from(pack(high)) << 64) | ((bytes.len() as u128) << (8 * SHORT)))
}

/// [`short_key`] of `line[span]`, read with one unaligned load and a mask when 16 bytes of
/// `line` start at the span (all tokens but those near the end of a line): packing the bytes one
/// at a time was a third of a cache probe.
fn short_key_in(line: &str, span: Range<usize>) -> Option<u128> {
    let len = span.len();
    if len > SHORT {
        return None;
    }
    let window: Option<[u8; 16]> = line.as_bytes().get(span.start..span.start + 16).and_then(|w| w.try_into().ok());
    match window {
        Some(window) => Some((u128::from_le_bytes(window) & KEEP[len]) | ((len as u128) << (8 * SHORT))),
        None => short_key(&line[span]),
    }
}

/// `KEEP[len]` keeps the low `len` bytes of a `u128` (a table: shifting a `u128` by a variable
/// amount takes a dozen instructions).
const KEEP: [u128; SHORT + 1] = {
    let mut keep = [0u128; SHORT + 1];
    let mut len = 1;
    while len <= SHORT {
        keep[len] = (1u128 << (8 * len)) - 1;
        len += 1;
    }
    keep
};

impl Scratch {
    /// What is known of a token, through the cache.
    fn lookup(&mut self, model: (&Lexicon, &Rules), text: &str) -> Known {
        self.lookup_keyed(model, text, short_key(text))
    }

    /// [`Scratch::lookup`] given `key`, the [`short_key`] of `text`. Inlined: it is mostly one
    /// cache probe, in the loop over every token.
    #[inline(always)]
    fn lookup_keyed(&mut self, model: (&Lexicon, &Rules), text: &str, key: Option<u128>) -> Known {
        let cached = match key {
            Some(key) => self.short_ids.get(&key).map(|cached| &cached.known),
            None => self.ids.get(text),
        };
        match cached {
            Some(&found) => found,
            None => self.add(model, text, key),
        }
    }

    /// Looks up a token the cache does not hold, and caches it.
    #[cold]
    #[inline(never)]
    fn add(&mut self, (lexicon, rules): (&Lexicon, &Rules), text: &str, key: Option<u128>) -> Known {
        model_form(text, &mut self.form);
        let id = lexicon.id(&self.form);
        let found = Known::new(lexicon, id, rules.word(id), Shape::of(text));
        match key {
            Some(key) => {
                if self.short_ids.len() >= ID_CACHE_LIMIT {
                    self.short_ids.clear();
                }
                self.short_ids.insert(Cached { key, known: found });
            }
            None => {
                if self.ids.len() >= ID_CACHE_LIMIT {
                    self.ids.clear();
                }
                self.ids.insert(text.into(), found);
            }
        }
        found
    }
}

/// Segments the sentence `tokens` of `line`; returns the unit spans of `line` and, for each unit,
/// whether it begins a word (`true`) or continues the one before.
pub fn segment_sentence(
    lexicon: &Lexicon,
    rules: &Rules,
    line: &str,
    tokens: &[Token<'_>],
    scratch: &mut Scratch,
    out: &mut Vec<(Range<usize>, bool)>,
) {
    out.clear();
    decide_sentence(lexicon, rules, line, tokens, scratch);
    out.extend(scratch.words().map(|(unit, begins)| (unit.span.clone(), begins)));
}

/// [`segment_sentence`] leaving its answer in `scratch`, read with [`Scratch::words`]: the
/// segmenter writes its output from there, without a vector of spans in between.
pub(crate) fn decide_sentence(
    lexicon: &Lexicon,
    rules: &Rules,
    line: &str,
    tokens: &[Token<'_>],
    scratch: &mut Scratch,
) {
    build_units((lexicon, rules), line, tokens, scratch);
    let units = &scratch.units;
    initial::tag(lexicon, units, &mut scratch.initial);
    // Rule word ids and tag ids of the units, with two empty positions at each end, so the
    // context of every unit is a window of five.
    let (words, tags) = (&mut scratch.words, &mut scratch.tags);
    words.clear();
    tags.clear();
    words.extend([EMPTY; 2]);
    tags.extend([EMPTY; 2]);
    words.extend(units.iter().map(|u| u.word));
    tags.extend(scratch.initial.iter().map(|t| t.id()));
    words.extend([EMPTY; 2]);
    tags.extend([EMPTY; 2]);
    rules.decide_sentence(words, tags, &mut scratch.decided);
}

impl Scratch {
    /// The units of the sentence last given to [`decide_sentence`], each with whether it begins a
    /// word (`true`) or continues the one before.
    pub(crate) fn words(&self) -> impl Iterator<Item = (&Unit, bool)> {
        let tags = self.decided.iter().zip(&self.initial).map(|(decided, &initial)| decided.unwrap_or(initial));
        (self.units.iter().zip(tags).enumerate()).map(|(i, (unit, tag))| (unit, i == 0 || tag == Tag::B))
    }
}

/// The units of the sentence `tokens` that are not punctuation: what segmenting it counts as
/// syllables, without the tags and rules. The units are those `build_units` makes, counted
/// without making them (no lookups): a hyphenated group kept whole is one unit of syllables or
/// numbers, never punctuation.
pub fn count_units(lexicon: &Lexicon, tokens: &[Token<'_>], scratch: &mut Scratch) -> u64 {
    let mut count = 0;
    let mut i = 0;
    while i < tokens.len() {
        let end = hyphen_group_end(tokens, i);
        if end > i + 1 && keep_group_whole(lexicon, tokens, i, end, &mut scratch.form) {
            count += 1;
            i = end;
        } else {
            count += u64::from(!is_punct_unit(tokens[i].kind, tokens[i].text));
            i += 1;
        }
    }
    count
}

/// Fills `scratch.units` from `tokens`, joining hyphenated groups as the module docs say.
fn build_units(model: (&Lexicon, &Rules), line: &str, tokens: &[Token<'_>], scratch: &mut Scratch) {
    let lexicon = model.0;
    scratch.units.clear();
    let mut i = 0;
    while i < tokens.len() {
        let end = hyphen_group_end(tokens, i);
        if end > i + 1 && keep_group_whole(lexicon, tokens, i, end, &mut scratch.form) {
            let span = span_of(line, &tokens[i]).start..span_of(line, &tokens[end - 1]).end;
            let kind = if tokens[i].kind == Kind::Number { Kind::Number } else { Kind::Other };
            let text = &line[span.clone()];
            let known = scratch.lookup(model, text);
            scratch.units.push(Unit::new(known, span, kind, is_punct_unit(kind, text)));
            i = end;
        } else {
            let span = span_of(line, &tokens[i]);
            let key = short_key_in(line, span.clone());
            let token = &tokens[i];
            let known = scratch.lookup_keyed(model, token.text, key);
            let punct = is_punct_unit(token.kind, token.text);
            scratch.units.push(Unit::new(known, span, token.kind, punct));
            i += 1;
        }
    }
}

/// [`is_punct_text`] of a unit of kind `kind`, without reading the text where the kind tells:
/// punctuation holds no letter or digit, a syllable holds a letter, a number begins with a digit
/// (the tokenizer's rules; a test checks them on varied input).
fn is_punct_unit(kind: Kind, text: &str) -> bool {
    match kind {
        Kind::Punct => true,
        Kind::Syllable | Kind::Number => false,
        Kind::Abbreviation | Kind::Other => is_punct_text(text),
    }
}

/// Byte span of a token in its line.
fn span_of(line: &str, token: &Token<'_>) -> Range<usize> {
    let start = token.text.as_ptr() as usize - line.as_ptr() as usize;
    start..start + token.text.len()
}

fn is_tight_hyphen(tokens: &[Token<'_>], at: usize) -> bool {
    // The space first: most tokens follow one, and it is one byte to test.
    tokens.get(at).is_some_and(|t| !t.space_before && matches!(t.text, "-" | "‐"))
        && tokens.get(at + 1).is_some_and(|t| !t.space_before)
}

/// End of the group `A-B(-C...)` starting at `start`, written without spaces, whose parts are all
/// syllables or all numbers; `start + 1` when there is none.
fn hyphen_group_end(tokens: &[Token<'_>], start: usize) -> usize {
    let kind = tokens[start].kind;
    if !matches!(kind, Kind::Syllable | Kind::Number) {
        return start + 1;
    }
    let mut end = start + 1;
    while is_tight_hyphen(tokens, end) && tokens[end + 1].kind == kind {
        end += 2;
    }
    end
}

/// Whether the hyphenated group `tokens[start..end]` stays one unit.
fn keep_group_whole(lexicon: &Lexicon, tokens: &[Token<'_>], start: usize, end: usize, form: &mut String) -> bool {
    if tokens[start].kind == Kind::Number {
        return true;
    }
    let capital = |t: &Token<'_>| t.kind == Kind::Syllable && t.text.chars().next().is_some_and(is_upper);
    let mut id = |t: &Token<'_>| {
        crate::form::model_form(t.text, form);
        lexicon.id(form)
    };
    let joins = |a: &Token<'_>, b: &Token<'_>, id: &mut dyn FnMut(&Token<'_>) -> u32| {
        a.kind == Kind::Syllable
            && b.kind == Kind::Syllable
            && (lexicon.is_phrase(&[id(a), id(b)]) || (capital(a) && capital(b)))
    };
    let before = start.checked_sub(1).map(|p| &tokens[p]).filter(|_| tokens[start].space_before);
    let after = tokens.get(end).filter(|t| t.space_before);
    let joins_before = before.is_some_and(|b| joins(b, &tokens[start], &mut id));
    let joins_after = after.is_some_and(|a| joins(&tokens[end - 1], a, &mut id));
    !joins_before && !joins_after
}

#[cfg(test)]
mod tests {
    use super::{short_key, short_key_in};
    use crate::segment_line;
    use crate::syllables::Token;

    #[test]
    fn short_keys_tell_tokens_apart() {
        let tokens = ["", "a", "a\0", "\0a", "Việt", "việt", "nghiêng", "123456789012345", "1234567890123456"];
        let keys: Vec<Option<u128>> = tokens.iter().map(|t| short_key(t)).collect();
        for (i, a) in keys.iter().enumerate() {
            for b in &keys[i + 1..] {
                assert!(a.is_none() || a != b, "{keys:?}");
            }
        }
        assert!(keys[7].is_some() && keys[8].is_none(), "up to 15 bytes");
        // The layout: little-endian bytes, the length in the top byte.
        let mut packed = [0u8; 16];
        packed[..15].copy_from_slice(tokens[7].as_bytes());
        packed[15] = 15;
        assert_eq!(keys[7], Some(u128::from_le_bytes(packed)));
        assert_eq!(short_key("ab"), Some(0x02 << 120 | 0x6261));
    }

    proptest::proptest! {
        /// The one-load key is the byte-at-a-time key, wherever the token sits in its line.
        #[test]
        fn short_key_in_a_line_is_the_short_key(
            line in "[a-zđươăâêôơư ạảãàáặẩẫầấệểễềếộổỗồốợởỡờớựửữừứ]{0,40}",
            cut in (0usize..64, 0usize..64),
        ) {
            let ends: Vec<usize> = (0..=line.len()).filter(|&i| line.is_char_boundary(i)).collect();
            let (a, b) = (ends[cut.0 % ends.len()], ends[cut.1 % ends.len()]);
            let span = a.min(b)..a.max(b);
            proptest::prop_assert_eq!(short_key_in(&line, span.clone()), short_key(&line[span]));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// A unit's punctuation flag, told by its kind where it can, is what its text says, for
        /// tokens found in a line and tokens given whole.
        #[test]
        fn punctuation_units_are_those_of_their_text(
            line in "([aAvTPđĐệ\u{301}\u{ad}\u{2160}Ⓐ中1 ,;:)!?\"'.(#@/%_+-]{0,4}[ \u{a0}]?){0,10}",
        ) {
            let model = crate::Segmenter::get();
            let mut scratch = super::Scratch::default();
            let found = crate::syllables::tokenize(&line);
            let whole: Vec<Token<'_>> = (line.split(crate::syllables::is_separator).filter(|t| !t.is_empty()))
                .map(|t| Token { text: t, kind: crate::syllables::classify(t), space_before: true })
                .collect();
            for tokens in [found, whole] {
                super::build_units((&model.lexicon, &model.rules), &line, &tokens, &mut scratch);
                for unit in &scratch.units {
                    let text = &line[unit.span.clone()];
                    proptest::prop_assert_eq!(unit.punct, crate::chars::is_punct_text(text), "{:?}", text);
                }
            }
        }
    }

    /// What units carry from the cache is what the lexicon and the rules say of their ids, on
    /// text whose tokens come back many times (the cache answers) and odd ones.
    #[test]
    fn units_carry_what_the_lexicon_says_of_their_ids() {
        let model = crate::Segmenter::get();
        let (lexicon, rules) = (&model.lexicon, &model.rules);
        let mut scratch = super::Scratch::default();
        let text = include_str!("../../../seeds/000_eae569450ad647c0.txt");
        let (mut flagged, mut phrases) = (0, 0);
        for line in text.lines().chain(["Nguyễn Văn A, LBKT Ca-ri-bê 30-4 x\u{301} TP.HCM 中文"]) {
            let tokens = crate::syllables::tokenize(line);
            super::build_units((lexicon, rules), line, &tokens, &mut scratch);
            for unit in &scratch.units {
                assert_eq!(unit.word, rules.word(unit.id), "{line:?}");
                assert_eq!(usize::from(unit.longest), lexicon.longest_from(unit.id), "{line:?}");
                assert_eq!(unit.flags, lexicon.flags(unit.id), "{line:?}");
                flagged += usize::from(unit.flags != 0);
                phrases += usize::from(unit.longest > 0);
            }
        }
        assert!(flagged > 10 && phrases > 100, "the text has flagged syllables and words ({flagged}, {phrases})");
    }

    fn check(input: &str, expected: &str) {
        assert_eq!(segment_line(input), expected, "input {input:?}");
    }

    #[test]
    fn hyphenated_groups() {
        check("vùng Ca-ri-bê", "vùng Ca-ri-bê");
        check("quan hệ Việt-Nga", "quan_hệ Việt-Nga");
        check("quốc phòng-an ninh", "quốc_phòng - an_ninh");
        // "thái bình" is a listed place, "thái bình dương" is not: the method joins the two.
        check("châu Á-Thái Bình Dương", "châu_Á - Thái_Bình Dương");
        check("Việt Nam-Nga", "Việt_Nam - Nga");
        check("ngày 30-4-2004", "ngày 30-4-2004");
        check("hai - ba", "hai - ba");
    }
}
