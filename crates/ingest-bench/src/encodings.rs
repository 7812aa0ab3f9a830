//! The byte forms a copy of a text can arrive in: re-spaced, NFD, windows-1258, UTF-16 and TCVN3.
//!
//! Each encoder returns `None` when the text has a character the encoding cannot hold, so a
//! variant is always the same text as its original, never an approximation of it.

use std::collections::HashMap;

use encoding_rs::WINDOWS_1258;
use icu_normalizer::{ComposingNormalizerBorrowed, DecomposingNormalizerBorrowed};

use crate::rng::Rng;

/// A form of the same text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// CRLF line ends, doubled and trailing spaces, extra blank lines.
    Spacing,
    /// Unicode NFD, UTF-8.
    Nfd,
    /// windows-1258 as Windows writes it: precomposed where the code page has the letter, else
    /// base letter and combining tone mark.
    Windows1258,
    /// UTF-16LE with a byte order mark.
    Utf16Le,
    /// UTF-16BE without one.
    Utf16Be,
    /// TCVN 5712:1993 (VN1, what iconv calls TCVN5712-1): one byte per Vietnamese letter.
    Tcvn3,
}

impl Form {
    pub const ALL: [Form; 6] = [Form::Spacing, Form::Nfd, Form::Windows1258, Form::Utf16Le, Form::Utf16Be, Form::Tcvn3];

    pub fn name(self) -> &'static str {
        match self {
            Form::Spacing => "spacing",
            Form::Nfd => "nfd",
            Form::Windows1258 => "windows-1258",
            Form::Utf16Le => "utf-16le",
            Form::Utf16Be => "utf-16be",
            Form::Tcvn3 => "tcvn3",
        }
    }
}

/// Encodes `text` (NFC) in `form`; `None` if the form cannot hold it.
pub(crate) fn encode(text: &str, form: Form, rng: &mut Rng) -> Option<Vec<u8>> {
    match form {
        Form::Spacing => Some(respace(text, rng).into_bytes()),
        Form::Nfd => Some(DecomposingNormalizerBorrowed::new_nfd().normalize(text).into_owned().into_bytes()),
        Form::Windows1258 => windows_1258(text),
        Form::Utf16Le => Some([0xff, 0xfe].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect()),
        Form::Utf16Be => Some(text.encode_utf16().flat_map(u16::to_be_bytes).collect()),
        Form::Tcvn3 => tcvn3(text),
    }
}

fn respace(text: &str, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for line in text.split('\n') {
        for (i, word) in line.split(' ').enumerate() {
            if i > 0 {
                out.push_str(if rng.chance(0.1) { "  " } else { " " });
            }
            out.push_str(word);
        }
        if !line.is_empty() && rng.chance(0.3) {
            out.push_str(" \t");
        }
        out.push_str("\r\n");
        if line.is_empty() && rng.chance(0.5) {
            out.push_str("\r\n");
        }
    }
    out
}

/// Tone marks, which windows-1258 writes as combining characters after the letter.
const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

fn windows_1258(text: &str) -> Option<Vec<u8>> {
    let nfd = DecomposingNormalizerBorrowed::new_nfd();
    let nfc = ComposingNormalizerBorrowed::new_nfc();
    let mut direct: HashMap<char, bool> = HashMap::new();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let fits = *direct.entry(c).or_insert_with(|| {
            let mut buf = [0u8; 4];
            !WINDOWS_1258.encode(c.encode_utf8(&mut buf)).2
        });
        if fits {
            out.push(c);
            continue;
        }
        // The letter with its shape marks (circumflex, breve, horn) composed, the tone apart.
        let parts = nfd.normalize(c.encode_utf8(&mut [0u8; 4])).into_owned();
        let shape: String = parts.chars().filter(|m| !TONES.contains(m)).collect();
        out.push_str(&nfc.normalize(&shape));
        out.extend(parts.chars().filter(|m| TONES.contains(m)));
    }
    let (bytes, _, unmappable) = WINDOWS_1258.encode(&out);
    (!unmappable).then(|| bytes.into_owned())
}

/// TCVN 5712:1993 VN1: ASCII as is, each Vietnamese letter one byte (capitals with tone marks
/// take some C0 control positions).
const TCVN3: [(char, u8); 134] = [
    ('à', 0xb5),
    ('À', 0x80),
    ('ả', 0xb6),
    ('Ả', 0x81),
    ('ã', 0xb7),
    ('Ã', 0x82),
    ('á', 0xb8),
    ('Á', 0x83),
    ('ạ', 0xb9),
    ('Ạ', 0x84),
    ('ă', 0xa8),
    ('Ă', 0xa1),
    ('ằ', 0xbb),
    ('Ằ', 0xaf),
    ('ẳ', 0xbc),
    ('Ẳ', 0xba),
    ('ẵ', 0xbd),
    ('Ẵ', 0xbf),
    ('ắ', 0xbe),
    ('Ắ', 0xc0),
    ('ặ', 0xc6),
    ('Ặ', 0x85),
    ('â', 0xa9),
    ('Â', 0xa2),
    ('ầ', 0xc7),
    ('Ầ', 0xc1),
    ('ẩ', 0xc8),
    ('Ẩ', 0xc2),
    ('ẫ', 0xc9),
    ('Ẫ', 0xc3),
    ('ấ', 0xca),
    ('Ấ', 0xc4),
    ('ậ', 0xcb),
    ('Ậ', 0x86),
    ('è', 0xcc),
    ('È', 0x87),
    ('ẻ', 0xce),
    ('Ẻ', 0x88),
    ('ẽ', 0xcf),
    ('Ẽ', 0x89),
    ('é', 0xd0),
    ('É', 0x8a),
    ('ẹ', 0xd1),
    ('Ẹ', 0x8b),
    ('ê', 0xaa),
    ('Ê', 0xa3),
    ('ề', 0xd2),
    ('Ề', 0xc5),
    ('ể', 0xd3),
    ('Ể', 0xcd),
    ('ễ', 0xd4),
    ('Ễ', 0xd9),
    ('ế', 0xd5),
    ('Ế', 0xda),
    ('ệ', 0xd6),
    ('Ệ', 0x8c),
    ('ì', 0xd7),
    ('Ì', 0x8d),
    ('ỉ', 0xd8),
    ('Ỉ', 0x8e),
    ('ĩ', 0xdc),
    ('Ĩ', 0x8f),
    ('í', 0xdd),
    ('Í', 0x90),
    ('ị', 0xde),
    ('Ị', 0x91),
    ('ò', 0xdf),
    ('Ò', 0x92),
    ('ỏ', 0xe1),
    ('Ỏ', 0x93),
    ('õ', 0xe2),
    ('Õ', 0x94),
    ('ó', 0xe3),
    ('Ó', 0x95),
    ('ọ', 0xe4),
    ('Ọ', 0x96),
    ('ô', 0xab),
    ('Ô', 0xa4),
    ('ồ', 0xe5),
    ('Ồ', 0xdb),
    ('ổ', 0xe6),
    ('Ổ', 0xe0),
    ('ỗ', 0xe7),
    ('Ỗ', 0xf0),
    ('ố', 0xe8),
    ('Ố', 0xff),
    ('ộ', 0xe9),
    ('Ộ', 0x97),
    ('ơ', 0xac),
    ('Ơ', 0xa5),
    ('ờ', 0xea),
    ('Ờ', 0x98),
    ('ở', 0xeb),
    ('Ở', 0x99),
    ('ỡ', 0xec),
    ('Ỡ', 0x9a),
    ('ớ', 0xed),
    ('Ớ', 0x9b),
    ('ợ', 0xee),
    ('Ợ', 0x9c),
    ('ù', 0xef),
    ('Ù', 0x9d),
    ('ủ', 0xf1),
    ('Ủ', 0x9e),
    ('ũ', 0xf2),
    ('Ũ', 0x9f),
    ('ú', 0xf3),
    ('Ú', 0x01),
    ('ụ', 0xf4),
    ('Ụ', 0x02),
    ('ư', 0xad),
    ('Ư', 0xa6),
    ('ừ', 0xf5),
    ('Ừ', 0x04),
    ('ử', 0xf6),
    ('Ử', 0x05),
    ('ữ', 0xf7),
    ('Ữ', 0x06),
    ('ứ', 0xf8),
    ('Ứ', 0x11),
    ('ự', 0xf9),
    ('Ự', 0x12),
    ('ỳ', 0xfa),
    ('Ỳ', 0x13),
    ('ỷ', 0xfb),
    ('Ỷ', 0x14),
    ('ỹ', 0xfc),
    ('Ỹ', 0x15),
    ('ý', 0xfd),
    ('Ý', 0x16),
    ('ỵ', 0xfe),
    ('Ỵ', 0x17),
    ('đ', 0xae),
    ('Đ', 0xa7),
];

fn tcvn3(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() && !matches!(c as u8, 0x01 | 0x02 | 0x04..=0x06 | 0x11..=0x17) {
            out.push(c as u8);
        } else {
            out.push(TCVN3.iter().find(|(v, _)| *v == c)?.1);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn repo(rel: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(rel)
    }

    fn seed(name: &str) -> String {
        std::fs::read_to_string(repo(&format!("seeds/{name}"))).unwrap()
    }

    /// The references were made with iconv (`fixtures/encodings/generate.sh`,
    /// `crates/ingest-bench/fixtures/generate.sh`) and are committed.
    #[test]
    fn encoders_agree_with_iconv() {
        let mut rng = Rng::new(1);
        let text = seed("000_eae569450ad647c0.txt");
        let want = std::fs::read(repo("fixtures/encodings/000.windows-1258.txt")).unwrap();
        assert!(encode(&text, Form::Windows1258, &mut rng).unwrap() == want, "windows-1258");
        let want = std::fs::read(repo("fixtures/encodings/000.utf-16le.txt")).unwrap();
        assert!(encode(&text, Form::Utf16Le, &mut rng).unwrap() == want, "UTF-16LE");
        let want = std::fs::read(repo("fixtures/encodings/000.utf-16be.txt")).unwrap();
        assert!(encode(&text, Form::Utf16Be, &mut rng).unwrap() == want, "UTF-16BE");
        let want = std::fs::read(repo("fixtures/encodings/000.nfd.txt")).unwrap();
        assert!(encode(&text, Form::Nfd, &mut rng).unwrap() == want, "NFD");
        let text = seed("001_99b65eee0feaa7b5.txt");
        let want = std::fs::read(repo("crates/ingest-bench/fixtures/001.tcvn5712-1.txt")).unwrap();
        assert!(encode(&text, Form::Tcvn3, &mut rng).unwrap() == want, "TCVN3");
    }

    #[test]
    fn unencodable_text_gives_none() {
        let mut rng = Rng::new(1);
        // TCVN3 has no typographic quotes; seed 000 has some.
        assert_eq!(encode("“Hà Nội”", Form::Tcvn3, &mut rng), None);
        assert_eq!(encode("Hà Nội 北京", Form::Windows1258, &mut rng), None);
        // A byte that would be read as a TCVN3 capital is not passed through as ASCII.
        assert_eq!(encode("a\u{1}b", Form::Tcvn3, &mut rng), None);
    }

    #[test]
    fn respacing_changes_only_whitespace() {
        let mut rng = Rng::new(3);
        let text = "Tiêu đề bài\n\nHai bên nhất trí tăng cường hợp tác.\n\nĐoạn thứ hai của bài.\n";
        let spaced = String::from_utf8(encode(text, Form::Spacing, &mut rng).unwrap()).unwrap();
        assert_ne!(spaced, text);
        assert!(spaced.contains("\r\n"));
        let words = |s: &str| s.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
        assert_eq!(words(&spaced), words(text));
    }
}
