//! Bytes to text: which encoding, and the text in it.
//!
//! The decision, in order:
//! 1. a byte order mark (UTF-8, UTF-16LE, UTF-16BE);
//! 2. a known binary signature (PNG, JPEG, PDF, ZIP, gzip, ...) or NUL bytes: not text;
//! 3. UTF-16 without a byte order mark, recognised by NUL bytes at every other position;
//! 4. valid UTF-8;
//! 5. otherwise chardetng's guess among the legacy encodings (windows-1258 for Vietnamese), decoded
//!    with encoding_rs.
//!
//! Decoding never replaces bytes: malformed input is an error, so the text is exactly what the
//! bytes say. Tone marks that windows-1258 stores as combining characters stay combining here;
//! clean composes them (NFC).

use encoding_rs::{DecoderResult, Encoding, UTF_8, UTF_16BE, UTF_16LE};

use crate::DecodeError;

/// How far into the input binary signatures and NUL bytes are looked for (git looks as far).
const SNIFF_LEN: usize = 8000;
/// Share of control characters above which decoded text is called binary.
const MAX_CONTROL_SHARE: f64 = 0.10;

/// Decoded text and the name of the encoding it was decoded from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// encoding_rs's name of the encoding: `UTF-8`, `UTF-16LE`, `windows-1258`, ...
    pub encoding: &'static str,
}

/// Decodes `bytes`, deciding the encoding as the module documentation says.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return decode_as(encoding, &bytes[bom_len..], bom_len);
    }
    if let Some(what) = binary_signature(bytes) {
        return Err(DecodeError::Binary { what: what.to_owned() });
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        return decode_as(encoding, bytes, 0);
    }
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    if let Some(pos) = memchr_nul(head) {
        return Err(DecodeError::Binary { what: format!("NUL byte at offset {pos}") });
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return checked(Decoded { text: text.to_owned(), encoding: UTF_8.name() });
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
    decode_as(encoding, bytes, 0)
}

fn decode_as(encoding: &'static Encoding, bytes: &[u8], offset: usize) -> Result<Decoded, DecodeError> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity =
        decoder.max_utf8_buffer_length_without_replacement(bytes.len()).unwrap_or(bytes.len().saturating_mul(3));
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
    match result {
        DecoderResult::InputEmpty => checked(Decoded { text, encoding: encoding.name() }),
        DecoderResult::Malformed(bad, after) => Err(DecodeError::Malformed {
            encoding: encoding.name(),
            offset: offset + read - usize::from(bad) - usize::from(after),
        }),
        // The buffer was sized for the worst case, so this means encoding_rs broke its promise;
        // report it rather than return half a text.
        DecoderResult::OutputFull => Err(DecodeError::Malformed { encoding: encoding.name(), offset: offset + read }),
    }
}

/// Rejects decoded text that is mostly control characters: binary data that happened to decode.
fn checked(decoded: Decoded) -> Result<Decoded, DecodeError> {
    let mut chars = 0usize;
    let mut controls = 0usize;
    for c in decoded.text.chars() {
        chars += 1;
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c') {
            controls += 1;
        }
    }
    if chars > 0 && controls as f64 > MAX_CONTROL_SHARE * chars as f64 {
        let percent = 100.0 * controls as f64 / chars as f64;
        return Err(DecodeError::Binary { what: format!("{percent:.0}% control characters") });
    }
    Ok(decoded)
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

/// Names the file type when `bytes` start with the signature of a common binary format.
fn binary_signature(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "PNG image"),
        (b"\xff\xd8\xff", "JPEG image"),
        (b"GIF87a", "GIF image"),
        (b"GIF89a", "GIF image"),
        (b"%PDF-", "PDF document"),
        (b"PK\x03\x04", "ZIP archive"),
        (b"\x1f\x8b", "gzip data"),
        (b"\x28\xb5\x2f\xfd", "zstd data"),
        (b"BZh", "bzip2 data"),
        (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
        (b"\xfd7zXZ\x00", "xz data"),
        (b"\x7fELF", "ELF executable"),
        (b"MZ", "Windows executable"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE document (old Microsoft Office)"),
    ];
    // "MZ" and "BZh" are also how ordinary words can begin; accept them only with a NUL nearby.
    let has_nul = bytes[..bytes.len().min(SNIFF_LEN)].contains(&0);
    SIGNATURES.iter().find(|(magic, _)| bytes.starts_with(magic) && (magic.len() > 3 || has_nul)).map(|&(_, what)| what)
}

/// UTF-16 without a byte order mark: text mostly in the Latin range has a NUL byte in every other
/// position (the high byte), and almost none in the others.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(SNIFF_LEN) & !1];
    if sample.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let units = sample.len() / 2;
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    let many = |n: usize| n * 10 >= units * 3;
    let few = |n: usize| n * 50 <= units;
    if many(odd) && few(even) {
        Some(UTF_16LE)
    } else if many(even) && few(odd) {
        Some(UTF_16BE)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(bytes: &[u8], expected: Result<(&str, &str), DecodeError>) {
        let got = decode(bytes).map(|d| (d.encoding, d.text));
        let expected = expected.map(|(enc, text)| (enc, text.to_owned()));
        assert_eq!(got, expected, "input {bytes:?}");
    }

    fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let units = bom.then_some(0xfeff).into_iter().chain(text.encode_utf16());
        for unit in units {
            out.extend(if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
        }
        out
    }

    #[test]
    fn decodes_by_bom_and_content() {
        check(b"", Ok(("UTF-8", "")));
        check("Việt Nam".as_bytes(), Ok(("UTF-8", "Việt Nam")));
        check("\u{feff}Việt Nam".as_bytes(), Ok(("UTF-8", "Việt Nam")));
        check(&utf16("Việt Nam", false, true), Ok(("UTF-16LE", "Việt Nam")));
        check(&utf16("Việt Nam", true, true), Ok(("UTF-16BE", "Việt Nam")));
        check(&utf16("Hà Nội, Việt Nam", false, false), Ok(("UTF-16LE", "Hà Nội, Việt Nam")));
        check(&utf16("Hà Nội, Việt Nam", true, false), Ok(("UTF-16BE", "Hà Nội, Việt Nam")));
    }

    #[test]
    fn detects_windows_1258() {
        // Seed 000 converted by iconv: tone marks are separate combining bytes (0xEC acute, 0xF2
        // dot below, ...).
        let bytes = include_bytes!("../../../fixtures/encodings/000.windows-1258.txt");
        assert!(bytes.starts_with(b"Nh\xe2\xf2n l\xf5\xcci"));
        let decoded = decode(bytes).unwrap();
        assert_eq!(decoded.encoding, "windows-1258");
        // encoding_rs decodes to the decomposed form; clean composes it.
        assert!(decoded.text.starts_with("Nhâ\u{323}n lơ\u{300}i mơ\u{300}i"), "{:?}", &decoded.text[..40]);
    }

    #[test]
    fn rejects_binary() {
        check(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", Err(DecodeError::Binary { what: "PNG image".into() }));
        check(b"%PDF-1.7\n", Err(DecodeError::Binary { what: "PDF document".into() }));
        check(b"abc\0def", Err(DecodeError::Binary { what: "NUL byte at offset 3".into() }));
        check(b"\x01\x02\x03\x04abc", Err(DecodeError::Binary { what: "57% control characters".into() }));
        // Words that begin like a signature are still text.
        check(b"MZ is a name", Ok(("UTF-8", "MZ is a name")));
    }

    #[test]
    fn malformed_utf16_names_the_offset() {
        // A lone high surrogate after the BOM and one character.
        check(b"\xff\xfeA\x00\x00\xd8B\x00", Err(DecodeError::Malformed { encoding: "UTF-16LE", offset: 4 }));
    }
}
