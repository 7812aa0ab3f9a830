//! The embedded RDRsegmenter lexicon: an interner for syllables, the multi-syllable words, and the
//! name lists.
//!
//! Every syllable of every list and rule gets a small id (from [`FIRST_ID`]). A multi-syllable
//! entry of up to [`MAX_PHRASE`] syllables is stored as its ids packed into one `u64`, so a
//! dictionary probe is one hash lookup with no string building.

use rustc_hash::{FxHashMap, FxHashSet};

const VOCAB: &str = include_str!("../data/rdrsegmenter/VnVocab.txt");
const LOCATIONS: &str = include_str!("../data/rdrsegmenter/vn-locations.txt");
const COUNTRIES_LONG: &str = include_str!("../data/rdrsegmenter/country-names-long.txt");
const COUNTRIES_SHORT: &str = include_str!("../data/rdrsegmenter/country-names-short.txt");
const COMPANIES: &str = include_str!("../data/rdrsegmenter/world-companies.txt");
const FIRST_SENTENCE_WORDS: &str = include_str!("../data/rdrsegmenter/vn-first-sentence-words.txt");
const FAMILY_NAMES: &str = include_str!("../data/rdrsegmenter/vn-family-names.txt");
const MIDDLE_NAMES: &str = include_str!("../data/rdrsegmenter/vn-middle-names.txt");

/// Longest entry tried as one word, in syllables.
pub const MAX_PHRASE: usize = 4;

/// Id of a form the lexicon does not know. Equal to nothing.
pub const UNKNOWN: u32 = 0;
/// Id of "no token here" (a position before the start or after the end of the sentence).
pub const EMPTY: u32 = 1;
/// First id given to a syllable.
pub const FIRST_ID: u32 = 2;

/// What a single syllable is, as bit flags.
pub mod flag {
    pub const FIRST_SENTENCE_WORD: u8 = 1;
    pub const COUNTRY_SHORT: u8 = 2;
    pub const COMPANY: u8 = 4;
    pub const FAMILY_NAME: u8 = 8;
    pub const MIDDLE_NAME: u8 = 16;
}

#[derive(Debug, Default)]
pub struct Lexicon {
    ids: FxHashMap<&'static str, u32>,
    /// Indexed by id.
    flags: Vec<u8>,
    /// Indexed by id: the most syllables of a listed word that starts with it (0 if none).
    longest_from: Vec<u8>,
    phrases: FxHashSet<u64>,
}

impl Lexicon {
    /// Builds the lexicon from the embedded lists.
    pub fn embedded() -> Lexicon {
        let mut lex = Lexicon {
            flags: vec![0; FIRST_ID as usize],
            longest_from: vec![0; FIRST_ID as usize],
            ..Lexicon::default()
        };
        for list in [VOCAB, LOCATIONS, COUNTRIES_LONG] {
            for entry in entries(list) {
                let ids: Vec<u32> = entry.split(' ').map(|s| lex.intern(s)).collect();
                if (2..=MAX_PHRASE).contains(&ids.len()) {
                    lex.phrases.insert(pack(&ids));
                    let longest = &mut lex.longest_from[ids[0] as usize];
                    *longest = (*longest).max(ids.len() as u8);
                }
            }
        }
        for (list, flag) in [
            (FIRST_SENTENCE_WORDS, flag::FIRST_SENTENCE_WORD),
            (COUNTRIES_SHORT, flag::COUNTRY_SHORT),
            (COMPANIES, flag::COMPANY),
            (FAMILY_NAMES, flag::FAMILY_NAME),
            (MIDDLE_NAMES, flag::MIDDLE_NAME),
        ] {
            for entry in entries(list).filter(|e| !e.contains(' ')) {
                let id = lex.intern(entry);
                lex.flags[id as usize] |= flag;
            }
        }
        lex
    }

    /// The id of `form`, adding it if new.
    pub fn intern(&mut self, form: &'static str) -> u32 {
        if let Some(&id) = self.ids.get(form) {
            return id;
        }
        let id = FIRST_ID + self.ids.len() as u32;
        self.ids.insert(form, id);
        self.flags.push(0);
        self.longest_from.push(0);
        id
    }

    /// The id of a model form, or [`UNKNOWN`].
    pub fn id(&self, form: &str) -> u32 {
        self.ids.get(form).copied().unwrap_or(UNKNOWN)
    }

    pub fn has_flag(&self, id: u32, flag: u8) -> bool {
        self.flags.get(id as usize).is_some_and(|f| f & flag != 0)
    }

    /// The most syllables of a listed word that starts with syllable `id` (0 if none does).
    pub fn longest_from(&self, id: u32) -> usize {
        self.longest_from.get(id as usize).map_or(0, |&n| usize::from(n))
    }

    /// Whether the syllables `ids` (2 to [`MAX_PHRASE`], none unknown) form a listed word.
    pub fn is_phrase(&self, ids: &[u32]) -> bool {
        ids.len() >= 2 && ids.len() <= MAX_PHRASE && !ids.contains(&UNKNOWN) && self.phrases.contains(&pack(ids))
    }

    /// Number of distinct syllables known.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

fn entries(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.lines().map(str::trim).filter(|l| !l.is_empty())
}

/// Packs up to four ids of 16 bits; ids start at [`FIRST_ID`], so lengths never collide.
fn pack(ids: &[u32]) -> u64 {
    ids.iter().enumerate().fold(0u64, |key, (i, &id)| {
        debug_assert!(id < 1 << 16, "syllable ids must fit in 16 bits");
        key | (u64::from(id) << (16 * i))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_lexicon() {
        let lex = Lexicon::embedded();
        assert!(lex.len() < 1 << 16, "ids fit the packing");
        let ids = |s: &str| s.split(' ').map(|w| lex.id(w)).collect::<Vec<_>>();
        assert!(lex.is_phrase(&ids("ngoại giao")));
        assert!(lex.longest_from(lex.id("ngoại")) >= 2);
        assert_eq!(lex.longest_from(lex.id("xyzzy")), 0);
        assert!(lex.is_phrase(&ids("việt nam")), "locations count");
        assert!(lex.is_phrase(&ids("hoà bình")));
        assert!(!lex.is_phrase(&ids("hòa bình")), "the lexicon holds old-style forms only");
        assert!(!lex.is_phrase(&ids("ngoại")));
        assert!(!lex.is_phrase(&ids("giao ngoại")));
        assert_eq!(lex.id("xyzzy"), UNKNOWN);
        assert!(lex.has_flag(lex.id("nguyễn"), flag::FAMILY_NAME));
        assert!(lex.has_flag(lex.id("nga"), flag::COUNTRY_SHORT));
        assert!(!lex.has_flag(lex.id("nga"), flag::FAMILY_NAME));
    }
}
