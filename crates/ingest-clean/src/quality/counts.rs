//! The one pass over the characters of a text that [`super::measure`] counts from.

use crate::{lang, letters};

/// What one pass over the characters of a text counts: its tokens (runs of non-whitespace), its
/// visible characters and its letters.
#[derive(Debug, Default)]
pub(super) struct Counts {
    /// Tokens with a letter or digit.
    pub words: u64,
    /// Tokens with a letter.
    pub syllables: u64,
    /// The letters of those tokens, which are all the letters.
    pub syllable_letters: u64,
    /// Tokens of two letters or more, all uppercase.
    pub caps: u64,
    /// Tokens of two letters or more.
    pub capsable: u64,
    /// Characters that are not whitespace.
    pub visible: u64,
    /// Visible characters that are neither letters nor digits.
    pub symbols: u64,
    /// Characters, whitespace included.
    pub chars: u64,
    pub letters: lang::LetterCounts,
}

/// What [`Counts::of`] asks of a character, as bits of one byte, from its [`letters::Class`].
pub(super) struct Marks;

impl Marks {
    /// A letter (bit 0, so that it adds one to a count).
    const LETTER: u8 = 1;
    /// A letter or a digit.
    const ALPHANUMERIC: u8 = 2;
    /// A letter that is not uppercase.
    const NOT_UPPER: u8 = 4;
    /// Neither whitespace nor a letter nor a digit.
    const SYMBOL: u8 = 8;
    /// A letter only Vietnamese writes.
    const VIETNAMESE_ONLY: u8 = 16;
    /// Whitespace: it ends a token, and has no other mark.
    const SPACE: u8 = 32;

    fn of(class: letters::Class) -> u8 {
        MARKS[usize::from(class.bits())]
    }
}

/// The [`Marks`] of each class ([`letters::Class::bits`]).
const MARKS: [u8; 32] = marks_of_classes();

const fn mark(yes: bool, mark: u8) -> u8 {
    if yes { mark } else { 0 }
}

const fn marks_of_classes() -> [u8; 32] {
    use letters::Class;
    let mut marks = [0u8; 32];
    let mut bits = 0;
    while bits < 32 {
        let class = bits as u8;
        let space = class & Class::SPACE != 0;
        let letter = class & Class::LETTER != 0;
        let alphanumeric = letter || class & Class::ALPHANUMERIC != 0;
        marks[bits] = if space {
            Marks::SPACE
        } else {
            mark(letter, Marks::LETTER)
                | mark(alphanumeric, Marks::ALPHANUMERIC)
                | mark(letter && class & Class::UPPER == 0, Marks::NOT_UPPER)
                | mark(!alphanumeric, Marks::SYMBOL)
                | mark(letter && class & Class::VIETNAMESE_ONLY != 0, Marks::VIETNAMESE_ONLY)
        };
        bits += 1;
    }
    marks
}

/// Counts packed in one `u64`, [`FIELD`] bits each, so that one addition adds to all of them.
/// A piece of text ([`MAX_PIECE`] bytes at most) has fewer characters and tokens than a field
/// holds, so no field overflows into the next before the piece's counts are unpacked.
const FIELD: u32 = 12;
const MAX_PIECE: usize = (1 << FIELD) - 1;

/// `counts` packed.
const fn pack(counts: [bool; 5]) -> u64 {
    let mut packed = 0;
    let mut i = 0;
    while i < 5 {
        packed |= (counts[i] as u64) << (i as u32 * FIELD);
        i += 1;
    }
    packed
}

/// Field `i` of `packed`.
const fn field(packed: u64, i: u32) -> u64 {
    (packed >> (i * FIELD)) & ((1 << FIELD) - 1)
}

/// Where an [`Entry`] keeps the low three [`Marks`] of its character (letter, alphanumeric, not
/// uppercase), above the five fields of counts.
const ENTRY_MARKS: u32 = 5 * FIELD;
/// The bit of an [`Entry`] that says its character is whitespace (the sign bit, one test).
const ENTRY_SPACE: u64 = 1 << 63;

/// What a character adds, from its [`Marks`] and whether it is ASCII, in one `u64`: the packed
/// counts of a letter, a symbol, a visible character and, for [`lang`], a marked letter (every
/// letter that is not ASCII) and a Vietnamese-only letter; above them its marks for its token
/// ([`ENTRY_MARKS`]) and whether it is whitespace ([`ENTRY_SPACE`], with nothing else). Adding
/// entries (wrapping) adds their counts: what the marks add up to above the fields is never read, and only
/// ORed entries are asked for marks. So one table look-up, one addition and one OR count a visible
/// character, where the marks, the counts by the marks and the counts of a character that is not
/// ASCII were each looked up.
type Entry = u64;

const fn entry(marks: u8, ascii: bool) -> Entry {
    if marks & Marks::SPACE != 0 {
        return ENTRY_SPACE;
    }
    let letter = marks & Marks::LETTER != 0;
    let counts =
        pack([letter, marks & Marks::SYMBOL != 0, true, letter && !ascii, marks & Marks::VIETNAMESE_ONLY != 0]);
    counts | ((marks as u64 & 7) << ENTRY_MARKS)
}

/// The low three [`Marks`] of the characters whose entries were ORed into `entries`.
const fn entry_marks(entries: Entry) -> u8 {
    ((entries >> ENTRY_MARKS) & 7) as u8
}

/// What a token adds by its characters' [`Marks`] ORed (the low three bits: letter,
/// alphanumeric, not uppercase) and whether it has two letters or more (bit 3): a word, a
/// syllable, a token that could be in capitals, one that is; and one to the fifth field, which
/// counts the whitespace that ends tokens (read before the text's last token is added). An empty
/// token adds nothing else.
const TOKEN: [u64; 16] = {
    let mut table = [0; 16];
    let mut key = 0;
    while key < 16 {
        let (marks, two_letters) = (key as u8 & 7, key & 8 != 0);
        let upper = marks & Marks::NOT_UPPER == 0;
        let syllable = marks & Marks::LETTER != 0;
        let word = marks & Marks::ALPHANUMERIC != 0;
        table[key] = pack([word, syllable, two_letters, two_letters && upper, true]);
        key += 1;
    }
    table
};

/// The [`TOKEN`] counts of a token of `letters` letters whose marks ORed are `marks`.
#[inline]
fn token(marks: u8, letters: u64) -> u64 {
    TOKEN[usize::from(marks & 7) | (usize::from(letters >= 2) << 3)]
}

/// The [`Entry`] of the characters of one and two bytes in UTF-8 (U+0000–U+07FF), indexed by code
/// point, and of Latin Extended Additional (U+1E00–U+1EFF: `ạ`, `ế`, `ữ`, …, three bytes `E1 B8`
/// to `E1 BB` and one more), indexed by code point less U+1E00: the letters of Vietnamese text are
/// read from their bytes without decoding them.
struct EntryTables {
    low: [Entry; 0x800],
    vietnamese: [Entry; 0x100],
}

/// The [`Entry`] of a character (one decoded from its bytes, not in [`EntryTables`]).
fn entry_of(c: char, classes: &letters::Classes) -> Entry {
    entry(Marks::of(letters::Class::of(c, classes)), c.is_ascii())
}

fn entry_tables() -> &'static EntryTables {
    static TABLES: std::sync::OnceLock<EntryTables> = std::sync::OnceLock::new();
    TABLES.get_or_init(|| {
        let classes = letters::classes();
        let of = |code: u32| char::from_u32(code).map_or(entry(0, false), |c| entry_of(c, classes));
        EntryTables {
            low: std::array::from_fn(|code| of(code as u32)),
            vietnamese: std::array::from_fn(|i| of(0x1e00 + i as u32)),
        }
    })
}

/// The character that starts at `bytes[at]`, a lead byte of a multi-byte character of a `str`,
/// and its length: decoded from the lead byte's length bits, as the bytes are valid UTF-8, without
/// slicing the `str` there and asking `chars` (which checks the boundary and more).
#[inline]
fn decode_at(bytes: &[u8], at: usize) -> (char, usize) {
    let byte = |i: usize| u32::from(bytes.get(at + i).copied().unwrap_or(0x80) & 0x3f);
    let lead = u32::from(bytes[at]);
    let (code, len) = if lead < 0xe0 {
        (((lead & 0x1f) << 6) | byte(1), 2)
    } else if lead < 0xf0 {
        (((lead & 0x0f) << 12) | (byte(1) << 6) | byte(2), 3)
    } else {
        (((lead & 0x07) << 18) | (byte(1) << 12) | (byte(2) << 6) | byte(3), 4)
    };
    (char::from_u32(code).unwrap_or_default(), len)
}

impl Counts {
    /// One pass over the characters of `text`, each read as its [`Marks`]: the pass does the same
    /// few steps for every visible character instead of branching on its class.
    pub(super) fn of(text: &str) -> Counts {
        Counts::of_in_pieces(text, MAX_PIECE)
    }

    /// [`Counts::of`], counted in pieces of at most `max` bytes (4 at least: a whole character).
    fn of_in_pieces(text: &str, max: usize) -> Counts {
        assert!((4..=MAX_PIECE).contains(&max), "a piece holds a character and fits the fields");
        let mut tally = Tally::default();
        let mut rest = text;
        while !rest.is_empty() {
            let mut end = rest.len().min(max);
            while !rest.is_char_boundary(end) {
                end -= 1;
            }
            tally.add(&rest.as_bytes()[..end]);
            rest = &rest[end..];
        }
        // The last token.
        tally.add_token_counts(token(tally.token_marks, tally.token_carried));
        let mut counts = tally.counts;
        // Every letter is in a token, and every token's letters are in `syllable_letters`.
        counts.letters = lang::LetterCounts::new(counts.syllable_letters as usize, tally.only, tally.marked);
        counts
    }
}

/// The state of the pass over the pieces of a text.
#[derive(Default)]
struct Tally {
    counts: Counts,
    marked: usize,
    only: usize,
    /// Letters of the token being read in pieces before the current one.
    token_carried: u64,
    /// The marks of the token's characters, ORed.
    token_marks: u8,
}

impl Tally {
    /// Counts the characters of `piece`, whole characters, at most [`MAX_PIECE`] bytes of them.
    /// Not inlined: in a function of its own the loop keeps its counts in registers, where inlined
    /// into [`Counts::of_in_pieces`], whose state is live around it, it kept some on the stack.
    #[inline(never)]
    fn add(&mut self, piece: &[u8]) {
        let (tables, classes) = (entry_tables(), letters::classes());
        let byte = |i: usize| usize::from(piece.get(i).copied().unwrap_or(0));
        // The piece's counts, packed: the [`Entry`] of its characters added, and [`TOKEN`].
        let (mut characters, mut tokens) = (0u64, 0u64);
        // The piece's letters when the token being read started, less the letters it had in
        // pieces before (so wrapping below zero): the token's letters are the piece's less this.
        let mut token_start = 0u64.wrapping_sub(self.token_carried);
        // The entries of the token's characters, ORed, for their marks.
        let mut token_entries = u64::from(self.token_marks) << ENTRY_MARKS;
        let mut count = |entry: Entry| {
            if entry & ENTRY_SPACE != 0 {
                let letters = field(characters, 0);
                tokens += token(entry_marks(token_entries), letters.wrapping_sub(token_start));
                (token_start, token_entries) = (letters, 0);
            } else {
                // Wrapping: the marks above the fields add up past the top bit.
                characters = characters.wrapping_add(entry);
                token_entries |= entry;
            }
        };
        let mut at = 0;
        loop {
            // A run of ASCII (most characters) in a loop of its own, which has no other case.
            while let Some(&ascii) = piece.get(at)
                && ascii < 0x80
            {
                at += 1;
                count(tables.low[usize::from(ascii)]);
            }
            let Some(&lead) = piece.get(at) else { break };
            count(if lead < 0xe0 {
                // Two bytes: the lead's low five bits are the code point's bits 6–10.
                let code = ((usize::from(lead) & 0x1f) << 6) | (byte(at + 1) & 0x3f);
                at += 2;
                tables.low[code]
            } else if lead == 0xe1 && byte(at + 1) & 0xfc == 0xb8 {
                let offset = ((byte(at + 1) & 0x03) << 6) | (byte(at + 2) & 0x3f);
                at += 3;
                tables.vietnamese[offset]
            } else {
                let (c, len) = decode_at(piece, at);
                at += len;
                entry_of(c, classes)
            });
        }
        let letters = field(characters, 0);
        self.token_carried = letters.wrapping_sub(token_start);
        self.token_marks = entry_marks(token_entries);
        self.counts.syllable_letters += letters;
        self.counts.symbols += field(characters, 1);
        self.counts.visible += field(characters, 2);
        self.counts.chars += field(characters, 2) + field(tokens, 4);
        self.marked += field(characters, 3) as usize;
        self.only += field(characters, 4) as usize;
        self.add_token_counts(tokens);
    }

    /// Adds the packed [`TOKEN`] counts `tokens`.
    fn add_token_counts(&mut self, tokens: u64) {
        let counts = &mut self.counts;
        counts.words += field(tokens, 0);
        counts.syllables += field(tokens, 1);
        counts.capsable += field(tokens, 2);
        counts.caps += field(tokens, 3);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`Counts::of`] as it was before it read characters from their bytes: each character asked
    /// of `chars` and classified, each count kept apart.
    fn counts_slowly(text: &str) -> Counts {
        use letters::Class;
        let table = letters::classes();
        let mut counts = Counts::default();
        let (mut letters, mut only, mut marked) = (0, 0, 0);
        let (mut token_letters, mut token_alphanumeric, mut token_upper) = (0, false, true);
        let end_token = |counts: &mut Counts, letters: &mut u64, alphanumeric: &mut bool, upper: &mut bool| {
            counts.words += u64::from(*alphanumeric);
            if *letters > 0 {
                counts.syllables += 1;
                counts.syllable_letters += *letters;
            }
            if *letters >= 2 {
                counts.capsable += 1;
                counts.caps += u64::from(*upper);
            }
            (*letters, *alphanumeric, *upper) = (0, false, true);
        };
        for c in text.chars() {
            counts.chars += 1;
            let class = Class::of(c, table);
            if class.has(Class::SPACE) {
                end_token(&mut counts, &mut token_letters, &mut token_alphanumeric, &mut token_upper);
                continue;
            }
            counts.visible += 1;
            if class.has(Class::LETTER) {
                letters += 1;
                only += usize::from(class.has(Class::VIETNAMESE_ONLY));
                marked += usize::from(!c.is_ascii());
                token_letters += 1;
                token_alphanumeric = true;
                token_upper = token_upper && class.has(Class::UPPER);
            } else if class.has(Class::ALPHANUMERIC) {
                token_alphanumeric = true;
            } else {
                counts.symbols += 1;
            }
        }
        end_token(&mut counts, &mut token_letters, &mut token_alphanumeric, &mut token_upper);
        counts.letters = lang::LetterCounts::new(letters, only, marked);
        counts
    }

    #[test]
    fn decoding_by_hand_is_decoding() {
        for c in (0x80..=0x10ffffu32).filter_map(char::from_u32) {
            let text = format!("{c}a");
            assert_eq!(decode_at(text.as_bytes(), 0), (c, c.len_utf8()), "U+{:04X}", c as u32);
        }
    }

    /// Every character, read from its bytes (a table of one or two bytes, Latin Extended
    /// Additional, or decoded), in tokens of every length up to a few; in pieces of every size, so
    /// that tokens and counts carry from one piece to the next.
    #[test]
    fn counts_are_the_slow_ones() {
        let every: String = (0..=0x10ffffu32)
            .filter_map(char::from_u32)
            .enumerate()
            .flat_map(|(i, c)| [c].into_iter().chain((i % 7 == 0).then_some(' ')))
            .collect();
        let vietnamese: String = (0x1e00..0x1f00u32).chain(0xc0..0x250).filter_map(char::from_u32).collect();
        let texts = [
            "",
            " ",
            " Ả ",
            "ĐẠI HỘI  x\u{a0}1\u{3000}ǅ",
            "AB Ab ab A 1 12 A1 .. Ạ ẠB ẠẠ ạẠ",
            include_str!("../../../../seeds/000_eae569450ad647c0.txt"),
            include_str!("../../../../seeds/002_d405184045d43514.txt"),
            vietnamese.as_str(),
            every.as_str(),
        ];
        for text in texts {
            let slowly = format!("{:?}", counts_slowly(text));
            assert_eq!(format!("{:?}", Counts::of(text)), slowly, "{text:.300?}");
            let pieces: &[usize] = if text.len() > 100_000 { &[4, 4093] } else { &[4, 5, 6, 7, 8, 64, MAX_PIECE] };
            for &max in pieces {
                assert_eq!(format!("{:?}", Counts::of_in_pieces(text, max)), slowly, "{max} {text:.300?}");
            }
        }
    }
}
