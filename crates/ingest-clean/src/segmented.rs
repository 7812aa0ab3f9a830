//! Recognising word-segmented text and restoring natural text from it.
//!
//! Segmenters for PhoBERT-style models (pyvi, VnCoreNLP) write the syllables of a word joined by
//! `_` and set every punctuation mark off by spaces: `Thứ_trưởng Bộ Ngoại_giao , ngày 4 / 3 .`.
//! Natural Vietnamese almost never joins letters with `_`, so a text is taken to be segmented when
//! at least [`MIN_JOINED`] tokens, and at least one in [`JOINED_SHARE`] of its tokens with letters,
//! join letters with `_`. Restoring turns those `_` into spaces and, when the punctuation is spaced
//! the segmenter's way, attaches it again as typeset text does: `Thứ trưởng Bộ Ngoại giao, ngày 4/3.`
//! Spacing that the segmenter made ambiguous is left as it is: ` - ` stays ` - `.

use std::borrow::Cow;

use crate::letters::is_letter;
use crate::spaces;

/// Fewest `_`-joined tokens for a text to count as segmented.
pub const MIN_JOINED: usize = 3;
/// At least one token with letters in this many must be `_`-joined.
pub const JOINED_SHARE: usize = 20;

/// Whether `text` looks word-segmented; see the module docs.
pub fn is_segmented(text: &str) -> bool {
    // Each joined token holds an `_`: with fewer of them the answer is no, found by `memchr`
    // without splitting the text (most text has none).
    if memchr::memchr_iter(b'_', text.as_bytes()).nth(MIN_JOINED - 1).is_none() {
        return false;
    }
    let (mut joined, mut wordy) = (0usize, 0usize);
    for token in spaces::words(text) {
        if token.chars().any(is_letter) {
            wordy += 1;
            joined += usize::from(joins_letters(token));
        }
    }
    joined >= MIN_JOINED && joined * JOINED_SHARE >= wordy
}

/// True when some `_` in `token` has a letter on both sides.
fn joins_letters(token: &str) -> bool {
    token.contains('_') && chars_join_letters(token)
}

fn chars_join_letters(token: &str) -> bool {
    let chars: Vec<char> = token.chars().collect();
    chars.windows(3).any(|w| w[1] == '_' && is_letter(w[0]) && is_letter(w[2]))
}

/// Restores natural text from segmented text, line by line.
pub fn restore(text: &str) -> String {
    let spaced = punctuation_is_spaced(text);
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let tokens: Vec<Cow<'_, str>> = line.split(' ').filter(|t| !t.is_empty()).map(unjoin).collect();
        if spaced {
            attach_punctuation(&tokens, &mut out);
        } else {
            out.push_str(&tokens.join(" "));
        }
    }
    out
}

/// `Ngoại_giao` → `Ngoại giao`; an `_` without letters on both sides stays. Borrowed when the
/// token has no `_`.
fn unjoin(token: &str) -> Cow<'_, str> {
    if !token.contains('_') {
        return Cow::Borrowed(token);
    }
    // Only the `_` are looked at, each with the characters on either side; what lies between
    // them is copied whole.
    let mut out = String::with_capacity(token.len());
    let mut copied = 0;
    for (at, _) in token.match_indices('_') {
        let before = token[..at].chars().next_back();
        let after = token[at + 1..].chars().next();
        if before.is_some_and(char::is_alphabetic) && after.is_some_and(char::is_alphabetic) {
            out.push_str(&token[copied..at]);
            out.push(' ');
            copied = at + 1;
        }
    }
    out.push_str(&token[copied..]);
    Cow::Owned(out)
}

/// Whether commas and full stops mostly stand alone (` , `), as segmenters write them.
fn punctuation_is_spaced(text: &str) -> bool {
    let (mut alone, mut attached) = (0usize, 0usize);
    for token in text.split_whitespace() {
        if matches!(token, "," | "." | ";" | ":") {
            alone += 1;
        } else if token.len() > 1 && token.ends_with([',', '.', ';', ':']) {
            attached += 1;
        }
    }
    alone > attached
}

fn closes(token: &str) -> bool {
    matches!(token, "," | ";" | ":" | "!" | "?" | ")" | "]" | "}" | "%" | "”" | "’" | "»" | "…")
        || (!token.is_empty() && token.chars().all(|c| c == '.'))
}

fn opens(token: &str) -> bool {
    matches!(token, "(" | "[" | "{" | "“" | "‘" | "«")
}

fn ends_with_digit(token: &str) -> bool {
    token.chars().next_back().is_some_and(|c| c.is_ascii_digit())
}

fn starts_with_digit(token: &str) -> bool {
    token.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// Joins tokens with spaces except where typeset text has none: before closing marks, after
/// opening marks, inside straight quotes, and around `/` and `:` between numbers (`4 / 3`).
fn attach_punctuation(tokens: &[Cow<'_, str>], out: &mut String) {
    let mut glue_next = true; // no space before the first token
    let mut quote_open = false;
    for (i, token) in tokens.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| &*tokens[p]);
        let next = tokens.get(i + 1).map(|t| &**t);
        let between_numbers = matches!(&**token, "/" | ":" | "," | ".")
            && prev.is_some_and(ends_with_digit)
            && next.is_some_and(starts_with_digit);
        let (glue_before, glue_after) = if between_numbers {
            (true, true)
        } else if token == "\"" {
            quote_open = !quote_open;
            if quote_open { (false, true) } else { (true, false) }
        } else {
            (closes(token), opens(token))
        };
        if !glue_next && !glue_before {
            out.push(' ');
        }
        out.push_str(token);
        glue_next = glue_after;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Option<&str>) {
        let got = is_segmented(input).then(|| restore(input));
        assert_eq!(got.as_deref(), expected, "input {input:?}");
    }

    #[test]
    fn detects_and_restores() {
        check(
            "Sáng 4 / 3 , Thứ_trưởng thường_trực Bộ Ngoại_giao Nguyễn_Minh_Vũ đã cùng Thứ_trưởng V. Titov chủ_trì .",
            Some("Sáng 4/3, Thứ trưởng thường trực Bộ Ngoại giao Nguyễn Minh Vũ đã cùng Thứ trưởng V. Titov chủ trì."),
        );
        check(
            "Việt_Nam và Nga ( tháng 6 / 1994 - tháng 6 / 2024 ) , thương_mại - đầu_tư ; lĩnh_vực .",
            Some("Việt Nam và Nga (tháng 6/1994 - tháng 6/2024), thương mại - đầu tư; lĩnh vực."),
        );
        check(
            "Ông nói : \" hợp_tác là cần_thiết \" , lúc 08 : 30 ngày 1.000 ... vậy_thôi",
            Some("Ông nói: \"hợp tác là cần thiết\", lúc 08:30 ngày 1.000... vậy thôi"),
        );
        // Joined words but typeset punctuation: only the underscores go.
        check("Thứ_trưởng Bộ Ngoại_giao, ngày 4/3, hợp_tác.", Some("Thứ trưởng Bộ Ngoại giao, ngày 4/3, hợp tác."));
    }

    /// [`unjoin`] as it was before it copied what lies between the `_`: character by character.
    fn unjoin_slowly(token: &str) -> String {
        let chars: Vec<char> = token.chars().collect();
        let mut out = String::new();
        for (i, &c) in chars.iter().enumerate() {
            let between_letters =
                i > 0 && i + 1 < chars.len() && chars[i - 1].is_alphabetic() && chars[i + 1].is_alphabetic();
            out.push(if c == '_' && between_letters { ' ' } else { c });
        }
        out
    }

    #[test]
    fn unjoins_as_before() {
        // Every token of up to five pieces from letters, marks, digits and underscores.
        let pieces = ["_", "__", "a", "Ạ", "ư", "1", "-", "\u{301}", "中", "ǅ"];
        let mut level = vec![String::new()];
        let mut changed = 0;
        for _ in 0..5 {
            level = level.iter().flat_map(|t| pieces.map(|p| format!("{t}{p}"))).collect();
            for token in &level {
                assert_eq!(unjoin(token), unjoin_slowly(token), "{token:?}");
                changed += usize::from(unjoin_slowly(token) != *token);
            }
        }
        assert!(changed > 1000, "{changed} tokens changed");
    }

    #[test]
    fn natural_text_is_not_segmented() {
        check("Hai bên nhất trí tăng cường trao đổi thông tin, phối hợp chặt chẽ.", None);
        // A few identifiers with underscores in a long text are not segmentation.
        let text = format!("{} biến my_var và file_name trong mã.", "Một câu văn bình thường. ".repeat(10));
        check(&text, None);
        check("snake_case snake_case snake_case", Some("snake case snake case snake case"));
        // Underscores without letters on both sides stay in any case.
        check("a_b c_d e_f __init__ 1_000", Some("a b c d e f __init__ 1_000"));
    }
}
