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

/// Counts packed in one `u64`, [`FIELD`] bits each, so that one addition adds to four of them.
/// A piece of text ([`MAX_PIECE`] bytes at most) has fewer characters and tokens than a field
/// holds, so no field overflows into the next before the piece's counts are unpacked.
const FIELD: u32 = 16;
const MAX_PIECE: usize = (1 << FIELD) - 1;

/// `counts` packed.
const fn pack(counts: [bool; 4]) -> u64 {
    let mut packed = 0;
    let mut i = 0;
    while i < 4 {
        packed |= (counts[i] as u64) << (i as u32 * FIELD);
        i += 1;
    }
    packed
}

/// Field `i` of `packed`.
const fn field(packed: u64, i: u32) -> u64 {
    (packed >> (i * FIELD)) & ((1 << FIELD) - 1)
}

/// What a visible character adds by its [`Marks`]: a letter, a symbol, a visible character.
const CHARACTER: [u64; 64] = {
    let mut table = [0; 64];
    let mut m = 0;
    while m < 64 {
        let marks = m as u8;
        table[m] = pack([marks & Marks::LETTER != 0, marks & Marks::SYMBOL != 0, true, false]);
        m += 1;
    }
    table
};

/// What a character that is not ASCII adds by its [`Marks`], for [`lang`]: a marked letter (every
/// letter that is not ASCII), a Vietnamese-only letter.
const NOT_ASCII: [u64; 64] = {
    let mut table = [0; 64];
    let mut m = 0;
    while m < 64 {
        let marks = m as u8;
        table[m] = pack([marks & Marks::LETTER != 0, marks & Marks::VIETNAMESE_ONLY != 0, false, false]);
        m += 1;
    }
    table
};

/// What a token adds by its characters' [`Marks`] ORed (the low three bits: letter,
/// alphanumeric, not uppercase) and whether it has two letters or more (bit 3): a word, a
/// syllable, a token that could be in capitals, one that is. An empty token adds nothing.
const TOKEN: [u64; 16] = {
    let mut table = [0; 16];
    let mut key = 0;
    while key < 16 {
        let (marks, two_letters) = (key as u8 & 7, key & 8 != 0);
        let upper = marks & Marks::NOT_UPPER == 0;
        let syllable = marks & Marks::LETTER != 0;
        let word = marks & Marks::ALPHANUMERIC != 0;
        table[key] = pack([word, syllable, two_letters, two_letters && upper]);
        key += 1;
    }
    table
};

/// The [`TOKEN`] counts of a token of `letters` letters whose marks ORed are `marks`.
#[inline]
fn token(marks: u8, letters: u64) -> u64 {
    TOKEN[usize::from(marks & 7) | (usize::from(letters >= 2) << 3)]
}

/// The [`Marks`] of the characters of one and two bytes in UTF-8 (U+0000–U+07FF), indexed by code
/// point, and of Latin Extended Additional (U+1E00–U+1EFF: `ạ`, `ế`, `ữ`, …, three bytes `E1 B8`
/// to `E1 BB` and one more), indexed by code point less U+1E00: the letters of Vietnamese text are
/// read from their bytes without decoding them. No ASCII character is Vietnamese-only (asserted):
/// [`Tally::add`] counts those letters only for the other characters.
struct MarkTables {
    low: [u8; 0x800],
    vietnamese: [u8; 0x100],
}

fn mark_tables() -> &'static MarkTables {
    static TABLES: std::sync::OnceLock<MarkTables> = std::sync::OnceLock::new();
    TABLES.get_or_init(|| {
        let classes = letters::classes();
        let marks = |code: u32| char::from_u32(code).map_or(0, |c| Marks::of(letters::Class::of(c, classes)));
        let low: [u8; 0x800] = std::array::from_fn(|code| marks(code as u32));
        for (byte, &m) in low[..0x80].iter().enumerate() {
            assert_eq!(m & Marks::VIETNAMESE_ONLY, 0, "ASCII {byte} is Vietnamese-only");
        }
        MarkTables { low, vietnamese: std::array::from_fn(|i| marks(0x1e00 + i as u32)) }
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
    fn add(&mut self, piece: &[u8]) {
        let (tables, classes) = (mark_tables(), letters::classes());
        let byte = |i: usize| usize::from(piece.get(i).copied().unwrap_or(0));
        // The piece's counts, packed: [`CHARACTER`], [`NOT_ASCII`], [`TOKEN`].
        let (mut characters, mut not_ascii, mut tokens) = (0u64, 0u64, 0u64);
        // The piece's letters when the token being read started in it, and the letters it had in
        // pieces before.
        let mut token_start = 0;
        let mut token_carried = self.token_carried;
        let mut token_marks = self.token_marks;
        let mut spaces = 0;
        let mut at = 0;
        while at < piece.len() {
            let lead = byte(at);
            let marks = if lead < 0x80 {
                at += 1;
                tables.low[lead]
            } else {
                let marks = if lead < 0xe0 {
                    // Two bytes: the lead's low five bits are the code point's bits 6–10.
                    let code = ((lead & 0x1f) << 6) | (byte(at + 1) & 0x3f);
                    at += 2;
                    tables.low[code]
                } else if lead == 0xe1 && byte(at + 1) & 0xfc == 0xb8 {
                    let offset = ((byte(at + 1) & 0x03) << 6) | (byte(at + 2) & 0x3f);
                    at += 3;
                    tables.vietnamese[offset]
                } else {
                    let (c, len) = decode_at(piece, at);
                    at += len;
                    Marks::of(letters::Class::of(c, classes))
                };
                not_ascii += NOT_ASCII[usize::from(marks)];
                marks
            };
            if marks & Marks::SPACE != 0 {
                let letters = field(characters, 0);
                tokens += token(token_marks, letters - token_start + token_carried);
                (token_start, token_carried, token_marks) = (letters, 0, 0);
                spaces += 1;
                continue;
            }
            characters += CHARACTER[usize::from(marks)];
            token_marks |= marks;
        }
        let letters = field(characters, 0);
        self.token_carried = token_carried + letters - token_start;
        self.token_marks = token_marks;
        self.counts.syllable_letters += letters;
        self.counts.symbols += field(characters, 1);
        self.counts.visible += field(characters, 2);
        self.counts.chars += field(characters, 2) + spaces;
        self.marked += field(not_ascii, 0) as usize;
        self.only += field(not_ascii, 1) as usize;
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
