//! Initial tags: the first segmentation the rule tree corrects.
//!
//! Left to right over the units of a sentence, for units made only of letters:
//! - a lowercase unit followed by a capitalised one is a word by itself;
//! - else the longest run of 4, 3, then 2 units that is a listed word (vocabulary, Vietnamese
//!   locations, long country names) becomes one word;
//! - else a lone unit is a word by itself if it is lowercase, all capitals, a common
//!   sentence-initial word, a short country name or a company;
//! - else it starts a name of up to 4 capitalised letter-only units, and a middle name right after
//!   a capitalised family name continues that family name's word.
//!
//! Every other unit (numbers, punctuation, abbreviations) is a word by itself.

use std::ops::Range;

use crate::chars::{is_letter, is_lower, is_upper};
use crate::lexicon::{Lexicon, MAX_PHRASE, flag};
use crate::rules::Tag;
use crate::syllables::Kind;

/// One unit of a sentence, with what the tagging needs to know of it.
#[derive(Debug, Clone)]
pub struct Unit {
    /// Byte span in the line.
    pub span: Range<usize>,
    /// Lexicon id of its model form.
    pub id: u32,
    /// Rule word id of that ([`crate::rules::Rules::word`]).
    pub word: u32,
    /// [`Lexicon::longest_from`] and the [`flag`]s of the id, kept here so tagging does not look
    /// them up in the lexicon's tables.
    pub longest: u8,
    pub flags: u8,
    pub letters: bool,
    pub lower_first: bool,
    pub upper_first: bool,
    pub all_upper: bool,
    /// The treebank's bracket placeholders `LBKT`/`RBKT`, which never join a name.
    pub placeholder: bool,
    /// Punctuation only (no letter or digit): counts as no syllable and no word.
    pub punct: bool,
}

/// What the tagging needs to know of a unit's text, computed once per distinct token (the id
/// cache of [`crate::segment`] keeps it with the lexicon id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    pub lower_first: bool,
    pub upper_first: bool,
    pub all_upper: bool,
    pub placeholder: bool,
    /// Holds `'` or `’`.
    pub apostrophe: bool,
}

impl Shape {
    pub fn of(text: &str) -> Shape {
        let first = text.chars().next();
        let upper_first = first.is_some_and(is_upper);
        Shape {
            lower_first: first.is_some_and(is_lower),
            upper_first,
            all_upper: upper_first && text.chars().filter(|&c| is_letter(c)).all(is_upper),
            placeholder: upper_first && (text == "LBKT" || text == "RBKT"),
            apostrophe: text.contains(['\'', '’']),
        }
    }
}

/// What a unit takes from its text alone: computed once per distinct token (the id cache of
/// [`crate::segment`] keeps it).
#[derive(Debug, Clone, Copy)]
pub struct Known {
    /// Lexicon id of the model form.
    pub id: u32,
    /// Rule word id of that ([`crate::rules::Rules::word`]).
    pub word: u32,
    /// [`Lexicon::longest_from`] of the id.
    pub longest: u8,
    /// [`flag`]s of the id.
    pub flags: u8,
    pub shape: Shape,
}

impl Known {
    /// What the lexicon tells of id `id`, whose rule word is `word`, for a text of shape `shape`.
    pub fn new(lexicon: &Lexicon, id: u32, word: u32, shape: Shape) -> Known {
        let longest = u8::try_from(lexicon.longest_from(id)).unwrap_or(u8::MAX);
        Known { id, word, longest, flags: lexicon.flags(id), shape }
    }
}

impl Unit {
    /// A unit of what is known of its text; `punct` as [`Unit::punct`].
    pub fn new(known: Known, span: Range<usize>, kind: Kind, punct: bool) -> Unit {
        let (id, word, shape) = (known.id, known.word, known.shape);
        Unit {
            span,
            id,
            word,
            longest: known.longest,
            flags: known.flags,
            letters: kind == Kind::Syllable && !shape.apostrophe,
            lower_first: shape.lower_first,
            upper_first: shape.upper_first,
            all_upper: shape.all_upper,
            placeholder: shape.placeholder,
            punct,
        }
    }
}

/// Writes the initial tag of every unit to `tags` (cleared first).
pub fn tag(lexicon: &Lexicon, units: &[Unit], tags: &mut Vec<Tag>) {
    // Every unit begins a word but those a word or name continues: all are `B` at first, and
    // only the `I`s are written, instead of a push (which reads the capacity and writes the
    // length back) for every unit.
    tags.clear();
    tags.resize(units.len(), Tag::B);
    let n = units.len();
    let common = flag::FIRST_SENTENCE_WORD | flag::COUNTRY_SHORT | flag::COMPANY;
    let mut i = 0;
    while i < n {
        let unit = &units[i];
        if !unit.letters {
            i += 1;
            continue;
        }
        if unit.lower_first && units.get(i + 1).is_some_and(|u| u.upper_first) {
            i += 1;
            continue;
        }
        let limit = usize::from(unit.longest).min(n - i);
        let longest = lexicon.longest_phrase(units[i..i + limit].iter().map(|u| &u.id));
        if let Some(len) = longest {
            continue_word(&mut tags[i..i + len]);
            i += len;
            continue;
        }
        if unit.flags & common != 0 || unit.lower_first || unit.all_upper {
            i += 1;
            continue;
        }
        let name_end = (i + 1..(i + MAX_PHRASE).min(n))
            .find(|&j| units[j].lower_first || !units[j].letters || units[j].placeholder)
            .unwrap_or((i + MAX_PHRASE).min(n));
        if name_end > i + 1 {
            let after_family_name = i >= 1
                && unit.flags & flag::MIDDLE_NAME != 0
                && units[i - 1].upper_first
                && units[i - 1].flags & flag::FAMILY_NAME != 0;
            continue_word(&mut tags[i..name_end]);
            if after_family_name {
                tags[i] = Tag::I;
            }
            i = name_end;
        } else {
            i += 1;
        }
    }
}

/// Marks the units after the first of a word (`word`, its tags, all `B` so far) as continuing
/// it. One at a time: words are short, and filling a slice called `memset` for each.
fn continue_word(word: &mut [Tag]) {
    for tag in word.iter_mut().skip(1) {
        *tag = Tag::I;
    }
}
