//! Splitting a line into tokens.
//!
//! Rules, applied to each whitespace-separated chunk of the line:
//! - A chunk that is a URL (`http://`, `https://`, `ftp://`, `www.`), a bare domain with a common
//!   ending (`baoquocte.vn`), an e-mail address, a hashtag or a mention stays whole; brackets, quotes and punctuation around it are split off.
//! - A run of letters (with combining marks, and an apostrophe between letters) is a syllable.
//!   Letters and digits mixed (`G20`, `10km`, `H5N1`) stay one token.
//! - Abbreviations and initials stay whole: capitals joined to the next letters by `.`
//!   (`TP.HCM`, `A.Borodavkin`, `U.S.`); a single capital, or a listed abbreviation (`TP`, `PGS`,
//!   `TS`, `Co`, ...), followed by `.` when more text follows on the line (`V. Titov`, `TP. HCM`);
//!   `v.v.`. All-capital words (`TTXVN`, `LB`) are syllables like any other.
//! - A number is a run of digits with `.`, `,`, `/` or `:` between digits (`1.000`, `3,5`, `29/8`,
//!   `4/3/2024`, `08:30`), and a `%` right after it (`50%`).
//! - Every other character is punctuation, one token each, except that a run of the same `.`, `!`,
//!   `?` or `-` stays one token (`...`, `!!`, `--`). A hyphen between words is its own token, so
//!   `Việt-Nga` gives `Việt - Nga` and `Ca-ri-bê` gives `Ca - ri - bê`. Brackets and quotes are
//!   punctuation.
//!
//! Chunks are separated by whitespace and by invisible separators (zero-width space and joiners, word
//! joiner, BOM), so NBSP or a zero-width space between syllables splits them like a space. Tokens
//! are slices of the input, in order, covering every character that is not a separator exactly once.

use crate::chars::{is_alphanumeric, is_letter, is_upper};

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Letters only: a candidate for joining into a word.
    Syllable,
    /// Digits with grouping, dates, times, percentages.
    Number,
    /// Dotted abbreviations and initials.
    Abbreviation,
    /// URLs, e-mail addresses, hashtags, mixed letters and digits.
    Other,
    /// One punctuation mark or symbol, or a run of the same `.`, `!`, `?`, `-`.
    Punct,
}

/// A token: a slice of the line, its kind, and whether a separator comes before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub text: &'a str,
    pub kind: Kind,
    /// Whitespace or an invisible separator stands between this token and the one before (true
    /// for the first token of a line).
    pub space_before: bool,
}

impl Token<'_> {
    pub fn is_punct(&self) -> bool {
        self.kind == Kind::Punct
    }
}

/// Whitespace, and the invisible characters that stand where a space should be (zero-width
/// space and joiners, word joiner, BOM).
pub fn is_separator(c: char) -> bool {
    if c.is_ascii() {
        return is_ascii_separator(c as u8);
    }
    // No separator between U+00A1 and U+1FFF but OGHAM SPACE MARK: Vietnamese letters and
    // combining marks are answered without the Unicode tables.
    if matches!(c, '\u{a1}'..='\u{167f}' | '\u{1681}'..='\u{1fff}') {
        return false;
    }
    c.is_whitespace() || matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
}

/// Same as [`is_separator`] for an ASCII byte: tab, line feed, vertical tab, form feed, carriage
/// return, space (`u8::is_ascii_whitespace` leaves out the vertical tab, `char::is_whitespace` does not).
fn is_ascii_separator(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// What [`next_chunk`] tells of a chunk's characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Letters {
    /// A bare syllable: letters only, with combining marks or a soft hyphen.
    Bare,
    /// A bare syllable then one ASCII character that is not a letter (`Nga,`).
    BareThenAscii,
    /// Anything else.
    Other,
}

/// A chunk of a line, as [`next_chunk`] finds it.
#[derive(Debug)]
struct Chunk {
    start: usize,
    end: usize,
    /// Where to look for the next chunk: past the separator that ends this one when it is ASCII
    /// (nearly always a space), so the search does not begin with a step over it.
    resume: usize,
    letters: Letters,
}

/// The first chunk of `line` at or after `at`: a non-empty run of characters that are not
/// separators. Returns its byte range and what its characters are, found in the same pass.
///
/// Inlined into [`tokenize_into`]'s loop: a call for every chunk cost a tenth of finding it.
#[inline(always)]
fn next_chunk(line: &str, mut at: usize) -> Option<Chunk> {
    let bytes = line.as_bytes();
    let start = loop {
        let &b = bytes.get(at)?;
        if b.is_ascii() {
            if !is_ascii_separator(b) {
                break at;
            }
            at += 1;
        } else {
            let c = line[at..].chars().next().unwrap_or_default();
            if !is_separator(c) {
                break at;
            }
            at += c.len_utf8();
        }
    };
    let (mut letter, mut other) = (false, false);
    // Where the last ASCII non-letter ends, and whether anything but letters came before it.
    let (mut ascii_other_end, mut other_before) = (0, false);
    while let Some(&b) = bytes.get(at) {
        // ASCII letters first: the most common bytes, and neither separators nor other.
        if b.is_ascii_alphabetic() {
            letter = true;
            at += 1;
        } else if b.is_ascii() {
            if is_ascii_separator(b) {
                break;
            }
            other_before = other;
            other = true;
            at += 1;
            ascii_other_end = at;
        } else if let Some((len, is_letter)) = common_letter(bytes, at) {
            letter |= is_letter;
            other |= !is_letter;
            at += len;
        } else {
            let c = line[at..].chars().next().unwrap_or_default();
            if is_separator(c) {
                break;
            }
            if is_letter(c) {
                letter = true;
            } else if !(is_mark(c) || c == '\u{ad}') {
                other = true;
            }
            at += c.len_utf8();
        }
    }
    let letters = if !letter {
        Letters::Other
    } else if !other {
        Letters::Bare
    } else if ascii_other_end == at && !other_before {
        Letters::BareThenAscii
    } else {
        Letters::Other
    };
    // Found here, not where the loop stops at an ASCII separator: tracking it in the loop cost
    // more than it saved.
    let resume = at + usize::from(bytes.get(at).is_some_and(|&b| is_ascii_separator(b)));
    Some(Chunk { start, end: at, resume, letters })
}

/// For the characters of U+00C0–U+01BF and U+1E80–U+1EFF (most of the letters of Vietnamese
/// besides ASCII), read from the bytes at `at` without decoding: their length and whether they are
/// letters (all are but `×` and `÷`). None of them is a separator, a combining mark or a soft
/// hyphen. `None` for any other character.
fn common_letter(bytes: &[u8], at: usize) -> Option<(usize, bool)> {
    match bytes[at] {
        0xc3 => Some((2, !matches!(bytes.get(at + 1), Some(0x97 | 0xb7)))),
        0xc4..=0xc6 => Some((2, true)),
        0xe1 if matches!(bytes.get(at + 1), Some(0xba | 0xbb)) => Some((3, true)),
        _ => None,
    }
}

/// Splits `line` into tokens; see the module docs for the rules.
pub fn tokenize(line: &str) -> Vec<Token<'_>> {
    let mut out = Vec::with_capacity(line.len() / 4);
    tokenize_into(line, &mut out);
    out
}

/// [`tokenize`] into a reused vector (cleared first).
pub fn tokenize_into<'a>(line: &'a str, out: &mut Vec<Token<'a>>) {
    out.clear();
    // The same chunks as `line.split(is_separator).filter(|c| !c.is_empty())`, found a byte at a
    // time: decoding every character through the generic `split` was a tenth of segmentation.
    let mut at = 0;
    while let Some(Chunk { start, end, resume, letters }) = next_chunk(line, at) {
        at = resume;
        let chunk = &line[start..end];
        // Most chunks are one bare syllable: no punctuation, nothing to split.
        if letters == Letters::Bare {
            out.push(Token { text: chunk, kind: Kind::Syllable, space_before: true });
            continue;
        }
        let first = out.len();
        tokenize_chunk(chunk, letters, &line[end..], out);
        if let Some(token) = out.get_mut(first) {
            token.space_before = true;
        }
    }
}

/// Splits one chunk, given what [`next_chunk`] found its characters to be and the rest of the
/// line after it.
fn tokenize_chunk<'a>(chunk: &'a str, letters: Letters, rest: &str, out: &mut Vec<Token<'a>>) {
    match letters {
        // (A bare syllable, most chunks, is pushed by `tokenize_into` without coming here.)
        // Most others are one with a comma or the like after it: what `scan` gives them, a
        // syllable and a punctuation mark, without scanning a character at a time (not an
        // apostrophe, which may join letters). With a full stop (most sentence ends) too, when the
        // syllable cannot be an abbreviation (`TP.`, `V.`): `word` stops at the stop at once.
        Letters::BareThenAscii
            if match chunk.as_bytes().last() {
                Some(b',' | b';' | b':' | b')' | b'!' | b'?' | b'"') => true,
                Some(b'.') => !may_abbreviate(&chunk[..chunk.len() - 1]),
                _ => false,
            } =>
        {
            let (word, mark) = chunk.split_at(chunk.len() - 1);
            out.push(Token { text: word, kind: Kind::Syllable, space_before: false });
            out.push(Token { text: mark, kind: Kind::Punct, space_before: false });
            return;
        }
        // Digits alone (`2024`) are a number, and one ASCII mark alone (`-`) a mark: what `scan`
        // gives them.
        Letters::Other if chunk.bytes().all(|b| b.is_ascii_digit()) => {
            out.push(Token { text: chunk, kind: Kind::Number, space_before: false });
            return;
        }
        Letters::Other if chunk.len() == 1 && !chunk.as_bytes()[0].is_ascii_alphanumeric() => {
            out.push(Token { text: chunk, kind: Kind::Punct, space_before: false });
            return;
        }
        _ => {}
    }
    // Whether no chunk follows, found only for the chunks that ask: finding the next chunk ahead
    // of every chunk cost its result a round trip through memory.
    let last_in_line = rest.chars().all(is_separator);
    split_chunk(chunk, last_in_line, out);
}

/// Splits one chunk the general way, a character at a time: what the cases [`tokenize_chunk`]
/// tells from what [`next_chunk`] found come to.
fn split_chunk<'a>(chunk: &'a str, last_in_line: bool, out: &mut Vec<Token<'a>>) {
    let core_start = chunk.find(|c: char| !is_opening(c)).unwrap_or(chunk.len());
    let core_end = chunk.trim_end_matches(is_trailing).len().max(core_start);
    let core = &chunk[core_start..core_end];
    if is_whole(core) {
        scan(&chunk[..core_start], false, out);
        out.push(Token { text: core, kind: Kind::Other, space_before: false });
        scan(&chunk[core_end..], false, out);
    } else {
        scan(chunk, last_in_line, out);
    }
}

/// Letters only (with combining marks or a soft hyphen): the common case. [`next_chunk`] tells it
/// while finding the chunk; this is the definition, for the tests.
#[cfg(test)]
fn is_bare_syllable(chunk: &str) -> bool {
    if chunk.is_ascii() {
        return chunk.bytes().all(|b| b.is_ascii_alphabetic());
    }
    let mut letter = false;
    for c in chunk.chars() {
        if is_letter(c) {
            letter = true;
        } else if !(is_mark(c) || c == '\u{ad}') {
            return false;
        }
    }
    letter
}

fn is_opening(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '"' | '\'' | '“' | '‘' | '«' | '<')
}

fn is_trailing(c: char) -> bool {
    matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '"' | '\'' | '”' | '’' | '»' | '>' | '…')
}

/// URLs, e-mail addresses, hashtags and mentions.
fn is_whole(core: &str) -> bool {
    let starts_with = |prefix: &str| core.get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix));
    if ["http://", "https://", "ftp://", "www."].iter().any(|p| starts_with(p)) {
        return core.len() > 4;
    }
    if let Some(rest) = core.strip_prefix(['#', '@']) {
        return !rest.is_empty()
            && rest.chars().any(is_letter)
            && rest.chars().all(|c| is_alphanumeric(c) || is_mark(c) || c == '_');
    }
    if let Some((user, domain)) = core.split_once('@') {
        let user_ok = !user.is_empty() && user.chars().all(|c| is_alphanumeric(c) || "._%+-".contains(c));
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && domain.chars().all(|c| is_alphanumeric(c) || ".-".contains(c));
        return user_ok && domain_ok;
    }
    core.contains('.') && is_domain(core)
}

/// A bare domain name with a common ending, and an optional path: `baoquocte.vn`,
/// `vnexpress.net/thoi-su`.
fn is_domain(core: &str) -> bool {
    const ENDINGS: &[&str] = &["vn", "com", "net", "org", "gov", "edu", "info", "io", "int", "ru", "cn", "uk"];
    let host = core.split('/').next().unwrap_or(core);
    let Some((_, ending)) = host.rsplit_once('.') else { return false };
    host.split('.').all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        && ENDINGS.iter().any(|e| e.eq_ignore_ascii_case(ending))
        && host.split('.').next().is_some_and(|first| first.bytes().any(|b| b.is_ascii_lowercase()))
}

/// Combining marks that NFC could not attach (a text can start with one).
fn is_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}')
}

/// Letters, digits, combining marks, and the soft hyphen (invisible, inside words).
#[inline]
fn is_word_char(c: char) -> bool {
    is_alphanumeric(c) || is_mark(c) || c == '\u{ad}'
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// A cursor over one chunk.
struct Scanner<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Scanner<'a> {
    fn peek(&self) -> Option<char> {
        self.s[self.pos..].chars().next()
    }

    fn peek2(&self) -> Option<char> {
        let mut it = self.s[self.pos..].chars();
        it.next();
        it.next()
    }

    #[inline]
    fn bump(&mut self) {
        if let Some(c) = self.peek() {
            self.pos += c.len_utf8();
        }
    }

    /// Advances over word characters, and over an apostrophe between letters.
    fn eat_word(&mut self) {
        while let Some(c) = self.peek() {
            if is_word_char(c) || (is_apostrophe(c) && self.peek2().is_some_and(is_letter)) {
                self.bump();
            } else {
                break;
            }
        }
    }

    fn eat_digits(&mut self) {
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.bump();
        }
    }
}

fn scan<'a>(chunk: &'a str, last_in_line: bool, out: &mut Vec<Token<'a>>) {
    let mut sc = Scanner { s: chunk, pos: 0 };
    while let Some(c) = sc.peek() {
        let start = sc.pos;
        let kind = if c.is_ascii_digit() {
            number(&mut sc)
        } else if is_word_char(c) {
            word(&mut sc, last_in_line)
        } else {
            sc.bump();
            if matches!(c, '.' | '!' | '?' | '-') {
                while sc.peek() == Some(c) {
                    sc.bump();
                }
            }
            Kind::Punct
        };
        out.push(Token { text: &chunk[start..sc.pos], kind, space_before: false });
    }
}

fn number(sc: &mut Scanner<'_>) -> Kind {
    sc.eat_digits();
    while sc.peek().is_some_and(|c| matches!(c, '.' | ',' | '/' | ':'))
        && sc.peek2().is_some_and(|c| c.is_ascii_digit())
    {
        sc.bump();
        sc.eat_digits();
    }
    if sc.peek() == Some('%') {
        sc.bump();
        return Kind::Number;
    }
    if sc.peek().is_some_and(is_word_char) {
        sc.eat_word();
        return Kind::Other;
    }
    Kind::Number
}

/// Abbreviations written with a final `.` that do not end a sentence (lowercase): titles, place
/// prefixes, company suffixes.
const ABBREVIATIONS: &[&str] = &[
    "tp", "tx", "tt", "th", "ts", "ths", "pgs", "gs", "bs", "ks", "ls", "nxb", "st", "mr", "mrs", "ms", "dr", "jr",
    "co", "ltd", "inc", "corp", "vs", "no",
];

fn is_known_abbreviation(part: &str) -> bool {
    // Compared ignoring case in place: lowercasing a copy allocated for every word before a `.`.
    part.len() <= 4 && part.is_ascii() && ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(part))
}

/// Whether a part of a word before a `.` may be an abbreviation: all capitals, or listed. Only
/// then does [`word`] look past the `.`.
fn may_abbreviate(part: &str) -> bool {
    (!part.is_empty() && part.chars().all(is_upper)) || is_known_abbreviation(part)
}

fn word(sc: &mut Scanner<'_>, last_in_line: bool) -> Kind {
    let start = sc.pos;
    let mut part_start = start;
    sc.eat_word();
    // v.v. (et cetera)
    if &sc.s[start..sc.pos] == "v" && sc.s[sc.pos..].starts_with(".v") {
        sc.pos += 2;
        if sc.peek() == Some('.') {
            sc.bump();
        }
        return Kind::Abbreviation;
    }
    let mut dotted = false;
    // Only a word followed by `.` can be an abbreviation: most are not, and skip the tests.
    while sc.peek() == Some('.') {
        let part = &sc.s[part_start..sc.pos];
        if !may_abbreviate(part) {
            break;
        }
        let capitals = !part.is_empty() && part.chars().all(is_upper);
        let known = is_known_abbreviation(part);
        let single = part.chars().count() == 1;
        match sc.peek2() {
            // TP.HCM, A.Borodavkin, U.S.A, Tp.HCM
            Some(next) if is_letter(next) => {
                sc.bump();
                part_start = sc.pos;
                sc.eat_word();
                dotted = true;
            }
            // V. Titov, TP. HCM (more text follows on the line), U.S. (a single capital after dots)
            None if ((single && capitals) || known) && (dotted || !last_in_line) => {
                sc.bump();
                return Kind::Abbreviation;
            }
            _ => break,
        }
    }
    let text = &sc.s[start..sc.pos];
    if dotted {
        Kind::Abbreviation
    } else if is_letters(text) {
        Kind::Syllable
    } else {
        Kind::Other
    }
}

/// Letters, with combining marks, an inner apostrophe or a soft hyphen: what can be a syllable.
fn is_letters(text: &str) -> bool {
    text.chars().any(is_letter) && text.chars().all(|c| is_letter(c) || is_mark(c) || is_apostrophe(c) || c == '\u{ad}')
}

/// The kind of a token given whole, as in text that is already tokenized (one token between
/// spaces): what [`tokenize`] would call it if it were alone.
pub fn classify(token: &str) -> Kind {
    if is_letters(token) {
        Kind::Syllable
    } else if token.chars().all(|c| !is_word_char(c)) {
        Kind::Punct
    } else if token.starts_with(|c: char| c.is_ascii_digit())
        && token.chars().all(|c| c.is_ascii_digit() || ".,/:%-".contains(c))
    {
        Kind::Number
    } else if token.contains('.') && token.chars().next().is_some_and(is_letter) {
        Kind::Abbreviation
    } else {
        Kind::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tokens as `text/kind` with kinds abbreviated: s n a o p.
    fn check(input: &str, expected: &str) {
        let got: Vec<String> = tokenize(input)
            .iter()
            .map(|t| {
                let k = match t.kind {
                    Kind::Syllable => "s",
                    Kind::Number => "n",
                    Kind::Abbreviation => "a",
                    Kind::Other => "o",
                    Kind::Punct => "p",
                };
                format!("{}/{k}", t.text)
            })
            .collect();
        assert_eq!(got.join(" "), expected, "input {input:?}");
    }

    #[test]
    fn syllables_and_punctuation() {
        check("Hà Nội, Việt Nam.", "Hà/s Nội/s ,/p Việt/s Nam/s ./p");
        check("(Ảnh: TTXVN)", "(/p Ảnh/s :/p TTXVN/s )/p");
        check("“tầm cao và chiều sâu”...", "“/p tầm/s cao/s và/s chiều/s sâu/s ”/p .../p");
        check("y tế....", "y/s tế/s ..../p");
        check("Việt-Nga, Ca-ri-bê", "Việt/s -/p Nga/s ,/p Ca/s -/p ri/s -/p bê/s");
        check("O'Neil rock’n’roll", "O'Neil/s rock’n’roll/s");
        check("Chào!!! Sao?", "Chào/s !!!/p Sao/s ?/p");
    }

    #[test]
    fn numbers() {
        check(
            "1.000 3,5 29/8 4/3/2024 08:30 50% 2020-2021",
            "1.000/n 3,5/n 29/8/n 4/3/2024/n 08:30/n 50%/n 2020/n -/p 2021/n",
        );
        check("năm 2025.", "năm/s 2025/n ./p");
        check("ngày 15/1, G20 10km", "ngày/s 15/1/n ,/p G20/o 10km/o");
    }

    #[test]
    fn abbreviations_and_initials() {
        check("TP.HCM A.Borodavkin", "TP.HCM/a A.Borodavkin/a");
        check("Nga V. Titov chủ trì", "Nga/s V./a Titov/s chủ/s trì/s");
        check("Konstatin O. Romodanovsky.", "Konstatin/s O./a Romodanovsky/s ./p");
        check("U.S. và U.S.A", "U.S./a và/s U.S.A/a");
        check("LB Nga, CHXHCN", "LB/s Nga/s ,/p CHXHCN/s");
        check(
            "TP. HCM, Tp.HCM, PGS. TS. Lan, Co. Ltd",
            "TP./a HCM/s ,/p Tp.HCM/a ,/p PGS./a TS./a Lan/s ,/p Co./a Ltd/s",
        );
        check("văn hóa, y tế, v.v. và", "văn/s hóa/s ,/p y/s tế/s ,/p v.v./a và/s");
        // A known abbreviation at the end of the line ends the sentence too.
        check("về TP.", "về/s TP/s ./p");
        // A capital at the end of the line ends the sentence.
        check("hạng A.", "hạng/s A/s ./p");
        // A lowercase word before a dot is not an abbreviation.
        check("Nga.Thứ", "Nga/s ./p Thứ/s");
    }

    #[test]
    fn urls_emails_hashtags() {
        check("(xem https://baoquocte.vn/a-b.html).", "(/p xem/s https://baoquocte.vn/a-b.html/o )/p ./p");
        check("Ảnh: baoquocte.vn, vnexpress.net/thoi-su.", "Ảnh/s :/p baoquocte.vn/o ,/p vnexpress.net/thoi-su/o ./p");
        // Not a domain: a sentence end without a space, or an unknown ending.
        check("Nga.Thứ hai.ba", "Nga/s ./p Thứ/s hai/s ./p ba/s");
        check(
            "www.vietnamplus.vn, ban@ttxvn.vn; #ViệtNam @bng",
            "www.vietnamplus.vn/o ,/p ban@ttxvn.vn/o ;/p #ViệtNam/o @bng/o",
        );
    }

    #[test]
    fn classify_whole_tokens() {
        let kinds: Vec<Kind> =
            ["Việt", "...", "1.000", "30-4-2004", "TP.", "G20", "Wai-kru"].iter().map(|t| classify(t)).collect();
        use Kind::*;
        assert_eq!(kinds, [Syllable, Punct, Number, Number, Abbreviation, Other, Other]);
    }

    #[test]
    fn separators_and_spacing() {
        check("Việt\u{a0}Nam\u{200b}Hà\u{feff}Nội", "Việt/s Nam/s Hà/s Nội/s");
        check("Vi\u{ad}ệt", "Vi\u{ad}ệt/s");
        let spaced: Vec<bool> = tokenize("a-b (c), d").iter().map(|t| t.space_before).collect();
        assert_eq!(spaced, [true, false, false, true, false, false, false, true]);
    }

    #[test]
    fn separators_agree_with_the_definition_on_every_character() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let want = c.is_whitespace() || matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}');
            assert_eq!(is_separator(c), want, "{c:?}");
        }
    }

    #[test]
    fn common_letters_agree_with_the_definitions_on_every_character() {
        let mut answered = 0;
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let mut buf = [0u8; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            if let Some((len, letter)) = common_letter(bytes, 0) {
                assert_eq!(len, c.len_utf8(), "{c:?}");
                assert_eq!(letter, is_letter(c), "{c:?}");
                assert!(!is_separator(c) && !is_mark(c) && c != '\u{ad}', "{c:?}");
                answered += 1;
            }
        }
        assert_eq!(answered, 0x1c0 - 0xc0 + 0x1f00 - 0x1e80);
    }

    #[test]
    fn chunks_are_those_of_split() {
        let lines = [
            "",
            " ",
            "a",
            "  Việt\u{a0}Nam\u{200b}\u{200b}Hà\tNội \u{b}x\u{3000}",
            "\u{feff}ả ",
            "ổ\u{1680}ổ\u{2029}",
            "a1 1a Vi\u{ad}ệt \u{301} \u{301}a ,, (Hà) 😀 ab'c x\u{ad} 中文",
            "Đường Ưu 3×4 a÷b ẞ ḁ Ǆǅ",
        ];
        for line in lines {
            let want: Vec<&str> = line.split(is_separator).filter(|c| !c.is_empty()).collect();
            let mut got = Vec::new();
            let mut next = next_chunk(line, 0);
            while let Some(Chunk { start, end, resume, letters }) = next {
                let skipped = &line[end..resume];
                assert!(skipped.is_empty() || skipped.chars().all(is_separator), "{line:?}");
                got.push(&line[start..end]);
                let chunk = &line[start..end];
                let (head, tail) = chunk.split_at(chunk.len() - chunk.chars().next_back().map_or(0, char::len_utf8));
                let want = if is_bare_syllable(chunk) {
                    Letters::Bare
                } else if is_bare_syllable(head) && tail.len() == 1 && !tail.as_bytes()[0].is_ascii_alphabetic() {
                    Letters::BareThenAscii
                } else {
                    Letters::Other
                };
                assert_eq!(letters, want, "{line:?}");
                next = next_chunk(line, resume);
            }
            assert_eq!(got, want, "{line:?}");
        }
    }

    /// Tokens as found before any kind of chunk had a path of its own: every chunk split the
    /// general way.
    fn tokenize_by_scanning(line: &str) -> Vec<Token<'_>> {
        let chunks: Vec<&str> = line.split(is_separator).filter(|c| !c.is_empty()).collect();
        let mut out = Vec::new();
        for (i, chunk) in chunks.iter().enumerate() {
            let first = out.len();
            split_chunk(chunk, i + 1 == chunks.len(), &mut out);
            out[first].space_before = true;
        }
        out
    }

    /// Words before a full stop, abbreviations or not (listed ones in any case), at the end of a
    /// line and before more text: the same tokens as scanning gives them.
    #[test]
    fn words_before_a_stop_are_those_of_scanning() {
        let words = [
            "nga",
            "Nga",
            "NGA",
            "Hà",
            "v",
            "V",
            "vv",
            "TP",
            "Tp",
            "tp",
            "tP",
            "Co",
            "co",
            "No",
            "Mr",
            "mrs",
            "Ltd",
            "corp",
            "PGS",
            "x\u{301}",
            "\u{301}x",
            "ab\u{ad}c",
            "Đ",
            "đ",
            "ThS",
            "thss",
        ];
        let mut stops = 0;
        for word in words {
            for line in [format!("{word}."), format!("{word}. Sau"), format!("a {word}. sau"), format!("{word}.\u{a0}")]
            {
                let tokens = tokenize(&line);
                assert_eq!(tokens, tokenize_by_scanning(&line), "{line:?}");
                stops += usize::from(tokens.iter().any(|t| t.text == "."));
            }
        }
        assert!(stops > 40, "most stops are tokens of their own ({stops})");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn tokens_are_those_of_scanning(line in "([aAvTPđĐệ\u{301}\u{ad}]{0,3}[ ,;:)!?\"'.(19#@/-]{0,2}){0,8}") {
            proptest::prop_assert_eq!(tokenize(&line), tokenize_by_scanning(&line));
        }
    }

    #[test]
    fn odd_input() {
        check("", "");
        check("\u{301}a", "\u{301}a/s");
        check("😀👍", "😀/p 👍/p");
        check("---", "---/p");
    }
}
