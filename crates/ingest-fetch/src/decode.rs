//! Bytes to text: which encoding, and the text in it.
//!
//! The decision, in order; the first that applies decides, and [`Reason`] records which:
//! 1. a byte order mark (UTF-8, UTF-16LE, UTF-16BE);
//! 2. a known binary signature (PNG, JPEG, PDF, ZIP, gzip, ...) or NUL bytes: not text; UTF-16
//!    without a byte order mark, recognised by NUL bytes at every other position, is text;
//! 3. the charset the transport declared (HTTP or WARC `Content-Type`), then the one an HTML
//!    `<meta>` declares. A label that does not fit the bytes (malformed UTF-8 under `utf-8`) is
//!    passed over, and so is a single-byte label on bytes that are valid, non-ASCII UTF-8.
//!    windows-1252 and its aliases (`iso-8859-1`, `us-ascii`) are weak: the steps below may
//!    overrule them, and they decide only when those find nothing;
//! 4. valid UTF-8;
//! 5. a Vietnamese 8-bit encoding (windows-1258, TCVN3, VNI-Windows, VISCII) when reading the
//!    bytes with its table gives Vietnamese syllables, by the statistics in `vietnamese`: the
//!    table under which the most words are syllables wins, if at least 80% of them are;
//! 6. otherwise chardetng's guess among the other legacy encodings, decoded with encoding_rs.
//!
//! Text decoded as UTF-8 that has the signature of mojibake (every character a windows-1252 or
//! Latin-1 character) is read again from the bytes it came from, and replaced when that reading
//! is Vietnamese and the text was not (`mojibake`).
//!
//! Decoding never replaces bytes: malformed input is an error, so the text is exactly what the
//! bytes say. Tone marks that windows-1258 stores as combining characters stay combining here;
//! clean composes them (NFC).

use encoding_rs::{DecoderResult, Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1258};

use crate::DecodeError;
use crate::charset::{Label, html_meta};
use crate::legacy::Legacy;
use crate::vietnamese::{Score, compose_tones, score};

/// How far into the input binary signatures and NUL bytes are looked for (git looks as far).
const SNIFF_LEN: usize = 8000;
/// How much of the input the Vietnamese statistics read.
const STATISTICS_LEN: usize = 64 * 1024;
/// Share of control characters above which decoded text is called binary.
const MAX_CONTROL_SHARE: f64 = 0.10;

/// Decoded text, the name of the encoding it was decoded from and why that one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// encoding_rs's name of the encoding (`UTF-8`, `UTF-16LE`, `windows-1258`, ...), or
    /// `TCVN3`, `VNI-Windows`, `VISCII`.
    pub encoding: &'static str,
    pub reason: Reason,
}

/// Which step of the decision decided the encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// A byte order mark.
    Bom,
    /// NUL bytes at every other position: UTF-16 without a byte order mark.
    Utf16Pattern,
    /// The charset of the HTTP or WARC `Content-Type`.
    Transport,
    /// The charset of an HTML `<meta>`.
    HtmlMeta,
    /// The bytes are valid UTF-8.
    ValidUtf8,
    /// UTF-8 text that had been read as windows-1252 and saved again, read again from its bytes.
    Mojibake,
    /// The encoding's table gives Vietnamese syllables.
    VietnameseSyllables,
    /// chardetng's guess.
    Chardetng,
}

impl Reason {
    /// The name recorded in `metadata.encoding_reason`.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Bom => "bom",
            Reason::Utf16Pattern => "utf16-pattern",
            Reason::Transport => "transport-charset",
            Reason::HtmlMeta => "html-meta-charset",
            Reason::ValidUtf8 => "valid-utf8",
            Reason::Mojibake => "mojibake-repaired",
            Reason::VietnameseSyllables => "vietnamese-syllables",
            Reason::Chardetng => "chardetng",
        }
    }
}

/// Decodes `bytes` that came with no charset, deciding the encoding as the module documentation
/// says.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    decode_with(bytes, None)
}

/// Decodes `bytes` that came with `charset` from the transport (HTTP, WARC), if any.
pub fn decode_with(bytes: &[u8], charset: Option<&str>) -> Result<Decoded, DecodeError> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let text = decode_as(encoding, &bytes[bom_len..], bom_len)?;
        return checked(unicode(text, encoding, Reason::Bom));
    }
    // Most inputs have no NUL byte in their head: one search answers the three questions below.
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    let nul = memchr::memchr(0, head);
    if let Some(what) = binary_signature(bytes, nul.is_some()) {
        return Err(DecodeError::Binary { what: what.to_owned() });
    }
    if let Some(encoding) = utf16_without_bom(bytes, nul.is_some()) {
        return checked(Decoded {
            text: decode_as(encoding, bytes, 0)?,
            encoding: encoding.name(),
            reason: Reason::Utf16Pattern,
        });
    }
    if let Some(pos) = nul {
        return Err(DecodeError::Binary { what: format!("NUL byte at offset {pos}") });
    }
    // simdutf8: the same answer as `std::str::from_utf8`, several times faster on Vietnamese text.
    let utf8 = simdutf8::basic::from_utf8(bytes).ok();
    let mut weak = None;
    let transport = charset.and_then(|label| {
        let parsed = Label::parse(label);
        if parsed.is_none() {
            tracing::debug!(label, "unknown transport charset ignored");
        }
        parsed
    });
    if let Some(label) = transport
        && let Some(decoded) = by_label(bytes, utf8, label, Reason::Transport, &mut weak)
    {
        return checked(decoded);
    }
    if let Some((label, _)) = html_meta(bytes)
        && let Some(decoded) = by_label(bytes, utf8, label, Reason::HtmlMeta, &mut weak)
    {
        return checked(decoded);
    }
    if let Some(text) = utf8 {
        return checked(unicode(text.to_owned(), UTF_8, Reason::ValidUtf8));
    }
    if let Some(decoded) = vietnamese_legacy(bytes)? {
        return checked(decoded);
    }
    if let Some((encoding, reason)) = weak {
        return checked(Decoded { text: decode_as(encoding, bytes, 0)?, encoding: encoding.name(), reason });
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
    checked(Decoded { text: decode_as(encoding, bytes, 0)?, encoding: encoding.name(), reason: Reason::Chardetng })
}

/// The decoding a charset label decides, or `None` to go on with the next step. A weak label is
/// kept in `weak` for when nothing else decides.
fn by_label(
    bytes: &[u8],
    utf8: Option<&str>,
    label: Label,
    reason: Reason,
    weak: &mut Option<(&'static Encoding, Reason)>,
) -> Option<Decoded> {
    match label {
        Label::Legacy(legacy) => Some(Decoded { text: legacy.decode(bytes), encoding: legacy.name(), reason }),
        Label::Weak(encoding) => {
            weak.get_or_insert((encoding, reason));
            None
        }
        Label::Strong(encoding) if encoding == UTF_8 => utf8.map(|text| unicode(text.to_owned(), UTF_8, reason)),
        Label::Strong(encoding) => {
            let multibyte_utf8 = utf8.is_some_and(|text| !text.is_ascii());
            if encoding.is_single_byte() && multibyte_utf8 {
                tracing::debug!(label = encoding.name(), "valid UTF-8 overrules a single-byte charset label");
                return None;
            }
            let text = decode_as(encoding, bytes, 0).ok()?;
            Some(Decoded { text, encoding: encoding.name(), reason })
        }
    }
}

/// Text decoded from UTF-8 or UTF-16, repaired if it is mojibake.
fn unicode(text: String, encoding: &'static Encoding, reason: Reason) -> Decoded {
    match crate::mojibake::repair(&text) {
        Some(repaired) => Decoded { text: repaired.text, encoding: repaired.encoding, reason: Reason::Mojibake },
        None => Decoded { text, encoding: encoding.name(), reason },
    }
}

/// The Vietnamese 8-bit encoding whose reading of `bytes` has the most syllables, if the text
/// reads as Vietnamese in it; see the module docs.
fn vietnamese_legacy(bytes: &[u8]) -> Result<Option<Decoded>, DecodeError> {
    let sample = statistics_sample(bytes);
    let mut best: Option<(Score, Option<Legacy>)> = None;
    let windows_1258 = WINDOWS_1258.decode_without_bom_handling_and_without_replacement(sample);
    let readings = windows_1258
        .map(|text| (None, compose_tones(&text)))
        .into_iter()
        .chain(Legacy::ALL.iter().map(|&legacy| (Some(legacy), legacy.decode(sample))));
    for (legacy, text) in readings {
        let s = score(&text);
        tracing::trace!(
            encoding = legacy.map_or("windows-1258", Legacy::name),
            marked = s.marked,
            valid = s.valid,
            "statistics"
        );
        if best.is_none_or(|(b, _)| s.valid > b.valid) {
            best = Some((s, legacy));
        }
    }
    let Some((score, legacy)) = best.filter(|(s, _)| s.is_vietnamese()) else { return Ok(None) };
    let reason = Reason::VietnameseSyllables;
    tracing::debug!(valid = score.valid, marked = score.marked, "read as Vietnamese");
    Ok(Some(match legacy {
        Some(legacy) => Decoded { text: legacy.decode(bytes), encoding: legacy.name(), reason },
        None => Decoded { text: decode_as(WINDOWS_1258, bytes, 0)?, encoding: WINDOWS_1258.name(), reason },
    }))
}

/// The first [`STATISTICS_LEN`] bytes, cut after an ASCII space so that VNI's letter-and-mark
/// pairs stay whole.
fn statistics_sample(bytes: &[u8]) -> &[u8] {
    if bytes.len() <= STATISTICS_LEN {
        return bytes;
    }
    let head = &bytes[..STATISTICS_LEN];
    head.iter().rposition(u8::is_ascii_whitespace).map_or(head, |at| &head[..at])
}

fn decode_as(encoding: &'static Encoding, bytes: &[u8], offset: usize) -> Result<String, DecodeError> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity =
        decoder.max_utf8_buffer_length_without_replacement(bytes.len()).unwrap_or(bytes.len().saturating_mul(3));
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
    match result {
        DecoderResult::InputEmpty => Ok(text),
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
    // Counted on the UTF-8 bytes: a character starts at every byte that is not a continuation
    // byte; C0 controls and DEL are single bytes, C1 controls (U+0080–U+009F) are 0xC2 0x80–0x9F.
    let bytes = decoded.text.as_bytes();
    // Most text has no byte that could be a control character: skip the counting. A C1 control
    // starts with 0xC2, as do a few symbols (NBSP, «, ©, °).
    // C0 controls but the whitespace ones, and DEL: single bytes.
    let control_byte = |b: u8| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)) || b == 0x7f;
    let suspect = |b: u8| control_byte(b) || b == 0xc2;
    if !bytes.chunks(64).any(|chunk| chunk.iter().fold(false, |any, &b| any | suspect(b))) {
        return Ok(decoded);
    }
    // One pass, no branches on the data: the counts are sums of comparisons.
    let (mut chars, mut controls) = (0usize, 0usize);
    let mut after_c2 = false;
    for &b in bytes {
        chars += usize::from((b as i8) >= -0x40);
        let c1 = after_c2 && (0x80..=0x9f).contains(&b);
        controls += usize::from(control_byte(b) || c1);
        after_c2 = b == 0xc2;
    }
    if chars > 0 && controls as f64 > MAX_CONTROL_SHARE * chars as f64 {
        let percent = 100.0 * controls as f64 / chars as f64;
        return Err(DecodeError::Binary { what: format!("{percent:.0}% control characters") });
    }
    Ok(decoded)
}

/// Names the file type when `bytes` start with the signature of a common binary format.
/// `has_nul`: whether the first [`SNIFF_LEN`] bytes hold a NUL.
fn binary_signature(bytes: &[u8], has_nul: bool) -> Option<&'static str> {
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
    SIGNATURES.iter().find(|(magic, _)| bytes.starts_with(magic) && (magic.len() > 3 || has_nul)).map(|&(_, what)| what)
}

/// UTF-16 without a byte order mark: text mostly in the Latin range has a NUL byte in every other
/// position (the high byte), and almost none in the others.
/// `has_nul` as for [`binary_signature`]: without a NUL there is no pattern, and no pair is counted.
fn utf16_without_bom(bytes: &[u8], has_nul: bool) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(SNIFF_LEN) & !1];
    if !has_nul || sample.len() < 4 || !bytes.len().is_multiple_of(2) {
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

    type Expected<'a> = Result<(&'a str, Reason, &'a str), DecodeError>;

    fn check_with(bytes: &[u8], charset: Option<&str>, expected: Expected) {
        let got = decode_with(bytes, charset).map(|d| (d.encoding, d.reason, d.text));
        let expected = expected.map(|(enc, reason, text)| (enc, reason, text.to_owned()));
        assert_eq!(got, expected, "input {bytes:?}, charset {charset:?}");
    }

    fn check(bytes: &[u8], expected: Expected) {
        check_with(bytes, None, expected);
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
        use Reason::*;
        check(b"", Ok(("UTF-8", ValidUtf8, "")));
        check("Việt Nam".as_bytes(), Ok(("UTF-8", ValidUtf8, "Việt Nam")));
        check("\u{feff}Việt Nam".as_bytes(), Ok(("UTF-8", Bom, "Việt Nam")));
        check(&utf16("Việt Nam", false, true), Ok(("UTF-16LE", Bom, "Việt Nam")));
        check(&utf16("Việt Nam", true, true), Ok(("UTF-16BE", Bom, "Việt Nam")));
        check(&utf16("Hà Nội, Việt Nam", false, false), Ok(("UTF-16LE", Utf16Pattern, "Hà Nội, Việt Nam")));
        check(&utf16("Hà Nội, Việt Nam", true, false), Ok(("UTF-16BE", Utf16Pattern, "Hà Nội, Việt Nam")));
    }

    #[test]
    fn detects_vietnamese_legacy_encodings() {
        use Reason::*;
        check(b"Ti\xd5ng Vi\xd6t", Ok(("TCVN3", VietnameseSyllables, "Tiếng Việt")));
        check(b"Ti\xaang Vi\xaet", Ok(("VISCII", VietnameseSyllables, "Tiếng Việt")));
        check("Tieáng Vieät".as_bytes(), Ok(("VNI-Windows", Mojibake, "Tiếng Việt")));
        check(b"Tie\xe1ng Vie\xe4t", Ok(("VNI-Windows", VietnameseSyllables, "Tiếng Việt")));
        check(b"Ti\xea\xecng Vi\xea\xf2t", Ok(("windows-1258", VietnameseSyllables, "Tiê\u{301}ng Viê\u{323}t")));
        // Latin-1 text that is not Vietnamese in any table goes to chardetng.
        check(b"Caf\xe9 cr\xe8me", Ok(("windows-1252", Chardetng, "Café crème")));
    }

    #[test]
    fn repairs_mojibake() {
        use Reason::*;
        check("Viá»‡t Nam Ä‘Ã£ kÃ½".as_bytes(), Ok(("UTF-8", Mojibake, "Việt Nam đã ký")));
        check("TiÕng ViÖt".as_bytes(), Ok(("TCVN3", Mojibake, "Tiếng Việt")));
        check("Café crème".as_bytes(), Ok(("UTF-8", ValidUtf8, "Café crème")));
        check("Tôi là ai".as_bytes(), Ok(("UTF-8", ValidUtf8, "Tôi là ai")));
    }

    #[test]
    fn charset_labels() {
        use Reason::*;
        let w1258 = b"Vi\xea\xf2t";
        check_with(w1258, Some("windows-1258"), Ok(("windows-1258", Transport, "Viê\u{323}t")));
        check_with(b"Ti\xd5ng", Some("TCVN3"), Ok(("TCVN3", Transport, "Tiếng")));
        // A weak label loses to the statistics, and decides when they find nothing.
        check_with(b"Ti\xd5ng Vi\xd6t", Some("iso-8859-1"), Ok(("TCVN3", VietnameseSyllables, "Tiếng Việt")));
        check_with(b"Caf\xe9", Some("latin1"), Ok(("windows-1252", Transport, "Café")));
        // A label that does not fit is passed over.
        check_with(b"Caf\xe9 cr\xe8me", Some("utf-8"), Ok(("windows-1252", Chardetng, "Café crème")));
        check_with("Việt".as_bytes(), Some("windows-1251"), Ok(("UTF-8", ValidUtf8, "Việt")));
        check_with("Việt".as_bytes(), Some("no-such-charset"), Ok(("UTF-8", ValidUtf8, "Việt")));
        // The transport comes before the document's own <meta>.
        let html = b"<meta charset=\"windows-1258\"><p>Vi\xea\xf2t</p>";
        check(html, Ok(("windows-1258", HtmlMeta, "<meta charset=\"windows-1258\"><p>Viê\u{323}t</p>")));
        check_with(html, Some("TCVN3"), Ok(("TCVN3", Transport, "<meta charset=\"windows-1258\"><p>Viờũt</p>")));
    }

    #[test]
    fn rejects_binary() {
        check(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", Err(DecodeError::Binary { what: "PNG image".into() }));
        check(b"%PDF-1.7\n", Err(DecodeError::Binary { what: "PDF document".into() }));
        check(b"abc\0def", Err(DecodeError::Binary { what: "NUL byte at offset 3".into() }));
        check(b"\x01\x02\x03\x04abc", Err(DecodeError::Binary { what: "57% control characters".into() }));
        // C1 controls (U+0080–U+009F, two bytes each in UTF-8) count as one character each; DEL too.
        check(
            "\u{80}\u{9f}\u{85}\u{7f}ab\u{a0}".as_bytes(),
            Err(DecodeError::Binary { what: "57% control characters".into() }),
        );
        // Words that begin like a signature are still text.
        check(b"MZ is a name", Ok(("UTF-8", Reason::ValidUtf8, "MZ is a name")));
    }

    #[test]
    fn malformed_input_names_the_offset() {
        // A lone high surrogate after the BOM and one character.
        check(b"\xff\xfeA\x00\x00\xd8B\x00", Err(DecodeError::Malformed { encoding: "UTF-16LE", offset: 4 }));
    }
}
