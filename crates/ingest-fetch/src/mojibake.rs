//! Mojibake: Vietnamese text that was read with the wrong encoding and saved again as UTF-8.
//!
//! The usual case is UTF-8 read as windows-1252 or Latin-1: `Việt` becomes `Viá»‡t`, `đ` becomes
//! `Ä‘`, `ư` becomes `Æ°`. Legacy-font text saved through windows-1252 is the other (`TiÕng ViÖt`
//! is TCVN3, `Tieáng Vieät` VNI). Both have the same signature: every character of the text is a
//! windows-1252 or Latin-1 character, so the text maps back to the bytes it was read from.
//!
//! Those bytes are read again as UTF-8 (up to three times, for text that went through the mistake
//! more than once), TCVN3, VNI, VISCII and windows-1258, and the best reading replaces the text
//! only when it is Vietnamese and clearly more Vietnamese than the text was. Text without the
//! signature, or that reads no better, is never touched.

use encoding_rs::WINDOWS_1258;

use crate::legacy::{Legacy, WINDOWS_1252_C1};
use crate::vietnamese::{Score, compose_tones, score};

/// How many times UTF-8 may have been read as windows-1252 and saved again.
const MAX_ROUNDS: usize = 3;
/// How much of a text the scores look at.
const SAMPLE_CHARS: usize = 16 * 1024;

/// A repaired text and the encoding its bytes really were in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Repaired {
    pub(crate) text: String,
    pub(crate) encoding: &'static str,
}

/// One way of reading the bytes behind a text: `utf8_rounds` times as UTF-8, then as `last`.
#[derive(Debug, Clone, Copy)]
struct Reading {
    utf8_rounds: usize,
    last: Last,
}

#[derive(Debug, Clone, Copy)]
enum Last {
    Utf8,
    Windows1258,
    Legacy(Legacy),
}

impl Last {
    fn name(self) -> &'static str {
        match self {
            Last::Utf8 => "UTF-8",
            Last::Windows1258 => WINDOWS_1258.name(),
            Last::Legacy(legacy) => legacy.name(),
        }
    }

    fn read(self, bytes: Vec<u8>) -> Option<String> {
        match self {
            Last::Utf8 => String::from_utf8(bytes).ok(),
            Last::Windows1258 => {
                WINDOWS_1258.decode_without_bom_handling_and_without_replacement(&bytes).map(|t| compose_tones(&t))
            }
            Last::Legacy(legacy) => Some(legacy.decode(&bytes)),
        }
    }
}

impl Reading {
    fn apply(self, text: &str) -> Option<String> {
        let mut text = std::borrow::Cow::Borrowed(text);
        for _ in 0..self.utf8_rounds {
            text = String::from_utf8(latin_bytes(&text)?).ok()?.into();
        }
        self.last.read(latin_bytes(&text)?)
    }
}

/// The repair of `text`, if it has the signature and a reading of its bytes is Vietnamese.
/// The readings are compared on a sample; only the best is applied to the whole text.
pub(crate) fn repair(text: &str) -> Option<Repaired> {
    if !has_signature(text) {
        return None;
    }
    let sample = sample(text);
    let before = score(sample);
    let mut candidates = Vec::new();
    readings(sample, 0, &mut candidates);
    let (after, reading, read) = candidates
        .into_iter()
        .map(|(reading, read)| (score(&read), reading, read))
        .max_by_key(|(s, _, _)| (s.valid, std::cmp::Reverse(s.marked)))?;
    if !improves(before, after) {
        return None;
    }
    let text = if sample.len() == text.len() { read } else { reading.apply(text)? };
    Some(Repaired { text, encoding: reading.last.name() })
}

fn improves(before: Score, after: Score) -> bool {
    after.is_vietnamese() && after.valid > before.valid && after.ratio() >= before.ratio() + 0.2
}

/// Every reading of the bytes behind `text`, following UTF-8 readings for up to
/// [`MAX_ROUNDS`] rounds.
fn readings(text: &str, utf8_rounds: usize, out: &mut Vec<(Reading, String)>) {
    let Some(bytes) = latin_bytes(text) else { return };
    let lasts = Legacy::ALL.map(Last::Legacy).into_iter().chain([Last::Windows1258]);
    for last in lasts {
        if let Some(read) = last.read(bytes.clone()) {
            out.push((Reading { utf8_rounds, last }, read));
        }
    }
    if let Ok(utf8) = String::from_utf8(bytes) {
        if utf8_rounds + 1 < MAX_ROUNDS {
            readings(&utf8, utf8_rounds + 1, out);
        }
        out.push((Reading { utf8_rounds, last: Last::Utf8 }, utf8));
    }
}

/// The bytes `text` was decoded from if it was decoded as windows-1252 or Latin-1: each
/// character's windows-1252 byte, or its code point when below 256. `None` when a character is
/// in neither, and when nothing is above ASCII.
fn latin_bytes(text: &str) -> Option<Vec<u8>> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut any = false;
    for c in text.chars() {
        let b = match u32::from(c) {
            0..=0xff => c as u8,
            _ => 0x80 + WINDOWS_1252_C1.iter().position(|&w| w == c)? as u8,
        };
        any |= b >= 0x80;
        bytes.push(b);
    }
    any.then_some(bytes)
}

/// Whether every character of `text` is windows-1252 or Latin-1, and some are not ASCII. Stops
/// at the first character that is neither, which in Vietnamese text comes early.
fn has_signature(text: &str) -> bool {
    let mut any = false;
    for c in text.chars() {
        if u32::from(c) > 0xff && !WINDOWS_1252_C1.contains(&c) {
            return false;
        }
        any |= !c.is_ascii();
    }
    any
}

/// The start of `text`, cut at a space so that no character's bytes are split.
fn sample(text: &str) -> &str {
    match text.char_indices().nth(SAMPLE_CHARS) {
        Some((at, _)) => text[..at].rfind(char::is_whitespace).map_or(&text[..at], |space| &text[..space]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: Option<(&str, &str)>) {
        let got = repair(text);
        assert_eq!(got.as_ref().map(|r| (r.encoding, r.text.as_str())), expected, "{text}");
    }

    /// `text` as UTF-8 read as windows-1252.
    fn garble(text: &str) -> String {
        text.bytes().map(crate::legacy::windows_1252).collect()
    }

    #[test]
    fn repairs_only_what_reads_as_vietnamese() {
        let viet = "Việt Nam đã ký hiệp định thương mại với nước Nga";
        check(&garble(viet), Some(("UTF-8", viet)));
        check(&garble(&garble(viet)), Some(("UTF-8", viet)));
        check("TiÕng ViÖt lµ ng«n ng÷ chÝnh thøc", Some(("TCVN3", "Tiếng Việt là ngôn ngữ chính thức")));
        check("Tieáng Vieät laø ngoân ngöõ chính thöùc", Some(("VNI-Windows", "Tiếng Việt là ngôn ngữ chính thức")));
        // Correct text is never touched, whether or not it fits windows-1252.
        check(viet, None);
        check("Tôi là ai", None);
        check("Café crème, Müller & Søn — « déjà vu »", None);
        check("plain ASCII", None);
        check("", None);
    }

    #[test]
    fn latin_bytes_cover_both_readings() {
        assert_eq!(latin_bytes("á»‡"), Some(vec![0xe1, 0xbb, 0x87]));
        assert_eq!(latin_bytes("á»\u{87}"), Some(vec![0xe1, 0xbb, 0x87]));
        assert_eq!(latin_bytes("ệ"), None);
        assert_eq!(latin_bytes("abc"), None);
    }
}
