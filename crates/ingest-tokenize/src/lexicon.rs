//! The embedded RDRsegmenter lexicon: an interner for syllables, the multi-syllable words, and the
//! name lists.
//!
//! Every syllable of every list and rule gets a small id (from [`FIRST_ID`]). A multi-syllable
//! entry of up to [`MAX_PHRASE`] syllables is stored as its ids packed into one `u64`, so a
//! dictionary probe is one hash lookup with no string building. Its prefixes are stored too,
//! marked as such, so the longest entry at a position is found walking forward, one probe per
//! syllable while some entry still extends the prefix ([`Lexicon::longest_phrase`]), instead of
//! probing every length from the longest down.

use rustc_hash::FxHashMap;

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
    /// Every listed word of 2 to [`MAX_PHRASE`] syllables and every prefix of 2 or more syllables
    /// of one, packed, with [`prefix`] bits.
    prefixes: FxHashMap<u64, u8>,
}

/// What a packed sequence of syllables is in `Lexicon::prefixes`.
mod prefix {
    /// A listed word.
    pub(super) const WORD: u8 = 1;
    /// The beginning of a longer listed word.
    pub(super) const EXTENDS: u8 = 2;
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
                    *lex.prefixes.entry(pack(&ids)).or_default() |= prefix::WORD;
                    for len in 2..ids.len() {
                        *lex.prefixes.entry(pack(&ids[..len])).or_default() |= prefix::EXTENDS;
                    }
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

    /// The [`flag`]s of syllable `id` (0 if it has none).
    pub fn flags(&self, id: u32) -> u8 {
        self.flags.get(id as usize).copied().unwrap_or(0)
    }

    /// The most syllables of a listed word that starts with syllable `id` (0 if none does).
    pub fn longest_from(&self, id: u32) -> usize {
        self.longest_from.get(id as usize).map_or(0, |&n| usize::from(n))
    }

    /// Whether the syllables `ids` (2 to [`MAX_PHRASE`], none unknown) form a listed word.
    pub fn is_phrase(&self, ids: &[u32]) -> bool {
        ids.len() >= 2
            && ids.len() <= MAX_PHRASE
            && !ids.contains(&UNKNOWN)
            && self.prefixes.get(&pack(ids)).is_some_and(|&p| p & prefix::WORD != 0)
    }

    /// The length of the longest listed word that `ids` (2 to [`MAX_PHRASE`] of them tried)
    /// begins with, if any: the longest `len` with `is_phrase(&ids[..len])`.
    ///
    /// Inlined: called for nearly every unit, and the call cost a fifth of it.
    /// Takes the ids as an iterator, so a caller reads them where they are instead of copying
    /// them into a slice first.
    #[inline]
    pub fn longest_phrase<'a>(&self, ids: impl IntoIterator<Item = &'a u32>) -> Option<usize> {
        let mut rest = ids.into_iter();
        let &first = rest.next()?;
        // Packing stops at an unknown id: its zero bits would read as a shorter sequence.
        if first == UNKNOWN {
            return None;
        }
        let mut key = u64::from(first);
        let mut longest = None;
        for (i, &id) in rest.enumerate().take(MAX_PHRASE - 1) {
            if id == UNKNOWN {
                break;
            }
            key |= u64::from(id) << (16 * (i + 1));
            let Some(&found) = self.prefixes.get(&key) else { break };
            if found & prefix::WORD != 0 {
                longest = Some(i + 2);
            }
            if found & prefix::EXTENDS == 0 {
                break;
            }
        }
        longest
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
        assert_eq!(lex.longest_phrase(&ids("hợp tác xã viên")), Some(3));
        assert_eq!(lex.longest_phrase(&ids("hợp tác việt nam")), Some(2));
        assert_eq!(lex.longest_phrase(&ids("ngoại giao")), Some(2));
        assert_eq!(lex.longest_phrase(&ids("giao ngoại")), None);
        assert_eq!(lex.longest_phrase(&ids("ngoại")), None);
        assert_eq!(lex.longest_phrase(&[]), None);
    }

    /// Every listed word of 2 to 4 syllables, as ids, straight from the lists: the oracle.
    fn listed_words(lex: &Lexicon) -> std::collections::HashSet<Vec<u32>> {
        [VOCAB, LOCATIONS, COUNTRIES_LONG]
            .into_iter()
            .flat_map(entries)
            .map(|e| e.split(' ').map(|s| lex.id(s)).collect::<Vec<u32>>())
            .filter(|ids| (2..=MAX_PHRASE).contains(&ids.len()))
            .collect()
    }

    /// What `longest_phrase` replaced: every length tried from the longest down.
    fn longest_by_trying_each_length(words: &std::collections::HashSet<Vec<u32>>, ids: &[u32]) -> Option<usize> {
        (2..=ids.len().min(MAX_PHRASE)).rev().find(|&len| words.contains(&ids[..len]))
    }

    #[test]
    fn longest_phrase_of_every_listed_word_and_its_continuations() {
        let lex = Lexicon::embedded();
        let words = listed_words(&lex);
        let syllables: Vec<u32> = words.iter().flatten().copied().collect();
        assert!(words.len() > 30_000);
        for (n, word) in words.iter().enumerate() {
            assert!(lex.is_phrase(word), "{word:?}");
            let mut ids = word.clone();
            ids.extend([syllables[n % syllables.len()], syllables[n * 7 % syllables.len()]]);
            for len in 0..=ids.len() {
                let ids = &ids[..len];
                assert_eq!(lex.longest_phrase(ids), longest_by_trying_each_length(&words, ids), "{ids:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn longest_phrase_agrees_with_trying_each_length(
            start in 0usize..40_000,
            picks in proptest::collection::vec(0usize..1_000_000, 0..5),
        ) {
            let (lex, words, listed) = &*LISTED;
            // A listed word cut short or not, then syllables that often continue one; now and then
            // an unknown syllable.
            let word = &listed[start % listed.len()];
            let mut ids: Vec<u32> = word[..1 + start % word.len()].to_vec();
            for p in picks {
                let next = match p % 10 {
                    0 => UNKNOWN,
                    1..=5 => listed[p % listed.len()].get(ids.len()).copied().unwrap_or(UNKNOWN),
                    _ => listed[p % listed.len()][p % 2],
                };
                ids.push(next);
            }
            proptest::prop_assert_eq!(lex.longest_phrase(&ids), longest_by_trying_each_length(words, &ids));
        }
    }

    #[allow(clippy::type_complexity)]
    static LISTED: std::sync::LazyLock<(Lexicon, std::collections::HashSet<Vec<u32>>, Vec<Vec<u32>>)> =
        std::sync::LazyLock::new(|| {
            let lex = Lexicon::embedded();
            let words = listed_words(&lex);
            let mut listed: Vec<Vec<u32>> = words.iter().cloned().collect();
            listed.sort();
            (lex, words, listed)
        });
}
