//! Splitting a line's tokens into sentences.
//!
//! A sentence ends at a token of `.`, `!`, `?` or `…` (alone or in a run: `...`, `?!`), together
//! with the closing quotes and brackets right after it, when the next token begins a sentence: it
//! starts with a capital letter, or is an opening quote, bracket or dash followed by one. So
//! `...` followed by lowercase text, numbers (`1.000`, one token), abbreviations and initials
//! (`TP.HCM`, `V. Titov`, one token each) never end a sentence.

use std::ops::Range;

use crate::chars::is_upper;
use crate::syllables::{Kind, Token};

/// Appends the token ranges of the sentences of `tokens` to `out` (cleared first).
pub fn split_into(tokens: &[Token<'_>], out: &mut Vec<Range<usize>>) {
    out.clear();
    let mut start = 0;
    let mut i = 0;
    while i < tokens.len() {
        if !is_terminator(&tokens[i]) {
            i += 1;
            continue;
        }
        let mut next = i + 1;
        while next < tokens.len() && is_closer(&tokens[next]) {
            next += 1;
        }
        if next < tokens.len() && starts_sentence(tokens, next) {
            out.push(start..next);
            start = next;
        }
        i = next;
    }
    if start < tokens.len() {
        out.push(start..tokens.len());
    }
}

/// The sentences of `tokens`, as token ranges.
pub fn split(tokens: &[Token<'_>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    split_into(tokens, &mut out);
    out
}

fn is_terminator(token: &Token<'_>) -> bool {
    token.kind == Kind::Punct && token.text.chars().all(|c| matches!(c, '.' | '!' | '?' | '…'))
}

/// Closing marks that belong to the sentence before them. A straight quote closes when it is
/// written against the mark before it (`."`), and opens otherwise.
fn is_closer(token: &Token<'_>) -> bool {
    match token.text {
        "”" | "’" | "»" | ")" | "]" | "}" => true,
        "\"" | "'" => !token.space_before,
        _ => false,
    }
}

fn is_opener(token: &Token<'_>) -> bool {
    matches!(token.text, "“" | "‘" | "«" | "(" | "[" | "\"" | "'" | "-" | "–" | "—")
}

fn starts_with_capital(token: &Token<'_>) -> bool {
    token.text.chars().next().is_some_and(is_upper)
}

fn starts_sentence(tokens: &[Token<'_>], at: usize) -> bool {
    starts_with_capital(&tokens[at])
        || (is_opener(&tokens[at]) && tokens.get(at + 1).is_some_and(|t| starts_with_capital(t)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syllables::tokenize;

    fn check(input: &str, expected: &[&str]) {
        let tokens = tokenize(input);
        let got: Vec<String> = split(&tokens)
            .into_iter()
            .map(|r| tokens[r].iter().map(|t| t.text).collect::<Vec<_>>().join(" "))
            .collect();
        assert_eq!(got, expected, "input {input:?}");
    }

    #[test]
    fn splits_at_sentence_ends() {
        check("Hai bên nhất trí. Nga ủng hộ.", &["Hai bên nhất trí .", "Nga ủng hộ ."]);
        check("Thật sao? Đúng vậy! Ừ.", &["Thật sao ?", "Đúng vậy !", "Ừ ."]);
        check("Ông nói: \"Tốt.\" Sau đó về.", &["Ông nói : \" Tốt . \"", "Sau đó về ."]);
        check("Ông nói. \"Tốt\" là đủ.", &["Ông nói .", "\" Tốt \" là đủ ."]);
        check("Hết giờ... Về thôi.", &["Hết giờ ...", "Về thôi ."]);
        check("", &[]);
    }

    #[test]
    fn does_not_split_inside_sentences() {
        check("Ông V. Titov đến TP. HCM lúc 8.30.", &["Ông V. Titov đến TP. HCM lúc 8.30 ."]);
        check("Giá tăng... rồi giảm 1.000 đồng.", &["Giá tăng ... rồi giảm 1.000 đồng ."]);
        check("Ông A.Borodavkin và TP.HCM.", &["Ông A.Borodavkin và TP.HCM ."]);
        check("Năm 2025. năm sau", &["Năm 2025 . năm sau"]);
    }
}
