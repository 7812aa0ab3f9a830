//! The Vietnamese 8-bit encodings encoding_rs does not have: TCVN3, VNI-Windows and VISCII.
//!
//! - **TCVN3** (TCVN 5712:1993, the "ABC" fonts): one byte per letter. Lowercase toned letters
//!   and the untoned uppercase ones sit in 0xA1–0xFE; the uppercase toned letters of the full
//!   (VN1) table take the rest of the upper half and twelve C0 positions that text files never
//!   need (tab, line feed, carriage return and the other common controls are left alone); 0xB0–
//!   0xB4 are the five combining tone marks.
//! - **VNI-Windows**: windows-1252 underneath; a vowel letter is the ASCII letter followed by a
//!   byte that stands for its marks (`e` + `á` is `ế`, so "Tiếng Việt" is `Tieáng Vieät`), and
//!   a few letters are single bytes (`ñ` is `đ`, `ô` is `ơ`, `ö` is `ư`, `ì` is `ì`).
//! - **VISCII** (RFC 1456): one byte per letter, all 134 toned letters, six of them in C0.
//!
//! Every byte decodes to some character in each of them, so decoding never fails; whether the
//! result is Vietnamese is for the caller to measure. The tables are checked against glibc's
//! iconv by `fixtures/fetch/encodings/generate.sh`, which writes the byte tables the tests
//! compare with.

use crate::vietnamese::{Tone, compose_tones, split_tone, with_tone};

/// A Vietnamese legacy encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Legacy {
    Tcvn3,
    Vni,
    Viscii,
}

impl Legacy {
    pub(crate) const ALL: [Legacy; 3] = [Legacy::Tcvn3, Legacy::Vni, Legacy::Viscii];

    /// The name recorded in `metadata.encoding`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "TCVN3",
            Legacy::Vni => "VNI-Windows",
            Legacy::Viscii => "VISCII",
        }
    }

    /// The encoding a charset label names, for the labels these encodings go by.
    pub(crate) fn for_label(label: &str) -> Option<Legacy> {
        let label = label.trim().to_ascii_lowercase();
        match label.as_str() {
            "tcvn" | "tcvn3" | "tcvn-3" | "tcvn5712" | "tcvn-5712" | "tcvn5712-1" | "tcvn5712-1:1993" | "vn3"
            | "x-viet-tcvn5712" => Some(Legacy::Tcvn3),
            "vni" | "vni-windows" | "x-viet-vni" => Some(Legacy::Vni),
            "viscii" | "csviscii" | "x-viet-viscii" => Some(Legacy::Viscii),
            _ => None,
        }
    }

    /// Decodes `bytes`, composing tone marks with their vowels where the encoding keeps them apart.
    pub(crate) fn decode(self, bytes: &[u8]) -> String {
        match self {
            Legacy::Tcvn3 => compose_tones(&bytes.iter().map(|&b| tcvn3(b)).collect::<String>()),
            Legacy::Viscii => bytes.iter().map(|&b| viscii(b)).collect(),
            Legacy::Vni => vni(bytes),
        }
    }
}

/// TCVN3 upper half, 0x80–0xFF; 0xB0–0xB4 are the combining grave, hook, tilde, acute, dot below.
const TCVN3_HIGH: &str = concat!(
    "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨ",
    "ÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ",
    "\u{a0}ĂÂÊÔƠƯĐăâêôơưđẰ",
    "\u{300}\u{309}\u{303}\u{301}\u{323}àảãáạẲằẳẵắẴ",
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ",
    "éẹềểễếệìỉỄẾỒĩíịò",
    "Ổỏõóọồổỗốộờởỡớợù",
    "ỖủũúụừửữứựỳỷỹýỵỐ",
);

/// The C0 positions TCVN3 (VN1) gives to uppercase toned letters.
const TCVN3_LOW: [(u8, char); 12] = [
    (0x01, 'Ú'),
    (0x02, 'Ụ'),
    (0x04, 'Ừ'),
    (0x05, 'Ử'),
    (0x06, 'Ữ'),
    (0x11, 'Ứ'),
    (0x12, 'Ự'),
    (0x13, 'Ỳ'),
    (0x14, 'Ỷ'),
    (0x15, 'Ỹ'),
    (0x16, 'Ý'),
    (0x17, 'Ỵ'),
];

/// VISCII upper half, 0x80–0xFF.
const VISCII_HIGH: &str = concat!(
    "ẠẮẰẶẤẦẨẬẼẸẾỀỂỄỆỐ",
    "ỒỔỖỘỢỚỜỞỊỎỌỈỦŨỤỲ",
    "Õắằặấầẩậẽẹếềểễệố",
    "ồổỗỠƠộờởịỰỨỪỬơớƯ",
    "ÀÁÂÃẢĂẳẵÈÉÊẺÌÍĨỳ",
    "ĐứÒÓÔạỷừửÙÚỹỵÝỡư",
    "àáâãảăữẫèéêẻìíĩỉ",
    "đựòóôõỏọụùúũủýợỮ",
);

/// The C0 positions VISCII gives to letters.
const VISCII_LOW: [(u8, char); 6] = [(0x02, 'Ẳ'), (0x05, 'Ẵ'), (0x06, 'Ẫ'), (0x14, 'Ỷ'), (0x19, 'Ỹ'), (0x1e, 'Ỵ')];

/// windows-1252 at 0x80–0x9F; the five bytes it leaves undefined decode to the C1 control of
/// the same number, as browsers do.
pub(crate) const WINDOWS_1252_C1: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', '\u{90}', '‘', '’',
    '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

fn high(table: &str, b: u8) -> char {
    // The tables are 128 characters; `nth` on a short constant is cheap enough for decoding
    // that happens only after detection picked the encoding, and keeps the tables readable.
    table.chars().nth(usize::from(b - 0x80)).unwrap_or(char::REPLACEMENT_CHARACTER)
}

fn tcvn3(b: u8) -> char {
    if b >= 0x80 {
        return high_char(Table::Tcvn3, b);
    }
    TCVN3_LOW.iter().find(|&&(at, _)| at == b).map_or(char::from(b), |&(_, c)| c)
}

fn viscii(b: u8) -> char {
    if b >= 0x80 {
        return high_char(Table::Viscii, b);
    }
    VISCII_LOW.iter().find(|&&(at, _)| at == b).map_or(char::from(b), |&(_, c)| c)
}

/// windows-1252, the base of VNI.
pub(crate) fn windows_1252(b: u8) -> char {
    match b {
        0x80..=0x9f => WINDOWS_1252_C1[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

#[derive(Clone, Copy)]
enum Table {
    Tcvn3,
    Viscii,
}

/// The upper halves as arrays, built once.
fn high_char(table: Table, b: u8) -> char {
    use std::sync::OnceLock;
    static TCVN3: OnceLock<[char; 128]> = OnceLock::new();
    static VISCII: OnceLock<[char; 128]> = OnceLock::new();
    let build = |source: &str| {
        let mut out = ['\0'; 128];
        for (i, slot) in out.iter_mut().enumerate() {
            *slot = high(source, 0x80 + i as u8);
        }
        out
    };
    let array = match table {
        Table::Tcvn3 => TCVN3.get_or_init(|| build(TCVN3_HIGH)),
        Table::Viscii => VISCII.get_or_init(|| build(VISCII_HIGH)),
    };
    array[usize::from(b - 0x80)]
}

/// What a VNI mark byte adds to the vowel before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Modifier {
    None,
    Circumflex,
    Breve,
}

/// The marks a VNI byte stands for after a vowel. Lowercase and uppercase bytes (`á`/`Á`) mean
/// the same marks; VNI pairs them with the case of the letter, but either is accepted.
fn vni_mark(b: u8) -> Option<(Modifier, Tone)> {
    use Modifier::*;
    Some(match b | 0x20 {
        0xe2 => (Circumflex, Tone::Level),
        0xe1 => (Circumflex, Tone::Acute),
        0xe0 => (Circumflex, Tone::Grave),
        0xe5 => (Circumflex, Tone::Hook),
        0xe3 => (Circumflex, Tone::Tilde),
        0xe4 => (Circumflex, Tone::Dot),
        0xea => (Breve, Tone::Level),
        0xe9 => (Breve, Tone::Acute),
        0xe8 => (Breve, Tone::Grave),
        0xfa => (Breve, Tone::Hook),
        0xfc => (Breve, Tone::Tilde),
        0xeb => (Breve, Tone::Dot),
        0xf9 => (None, Tone::Acute),
        0xf8 => (None, Tone::Grave),
        0xfb => (None, Tone::Hook),
        0xf5 => (None, Tone::Tilde),
        0xef => (None, Tone::Dot),
        _ => return Option::None,
    })
}

/// The single-byte letters of VNI, lowercase byte and letter; the uppercase byte is 0x20 lower.
const VNI_LETTERS: [(u8, char, char); 9] = [
    (0xf4, 'ơ', 'Ơ'),
    (0xf6, 'ư', 'Ư'),
    (0xf1, 'đ', 'Đ'),
    (0xed, 'í', 'Í'),
    (0xec, 'ì', 'Ì'),
    (0xe6, 'ỉ', 'Ỉ'),
    (0xf3, 'ĩ', 'Ĩ'),
    (0xf2, 'ị', 'Ị'),
    (0xee, 'ỵ', 'Ỵ'),
];

fn vni_letter(b: u8) -> char {
    if b >= 0xc0 {
        let lower = b | 0x20;
        if let Some(&(_, small, capital)) = VNI_LETTERS.iter().find(|&&(at, _, _)| at == lower) {
            return if b == lower { small } else { capital };
        }
    }
    windows_1252(b)
}

/// The vowel `base` with the marks of `mark`, if Vietnamese has such a letter.
fn vni_compose(base: char, (modifier, tone): (Modifier, Tone)) -> Option<char> {
    let modified = match (modifier, base) {
        (Modifier::None, _) => base,
        (Modifier::Circumflex, 'a' | 'e' | 'o' | 'A' | 'E' | 'O') => with_circumflex(base),
        (Modifier::Breve, 'a') => 'ă',
        (Modifier::Breve, 'A') => 'Ă',
        _ => return None,
    };
    let (_, current) = split_tone(modified)?;
    if current != Tone::Level {
        return None;
    }
    with_tone(modified, tone)
}

fn with_circumflex(c: char) -> char {
    match c {
        'a' => 'â',
        'e' => 'ê',
        'o' => 'ô',
        'A' => 'Â',
        'E' => 'Ê',
        _ => 'Ô',
    }
}

fn vni(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 4);
    let mut i = 0;
    while i < bytes.len() {
        let letter = vni_letter(bytes[i]);
        let composed = bytes.get(i + 1).and_then(|&next| vni_mark(next)).and_then(|mark| vni_compose(letter, mark));
        match composed {
            Some(c) => {
                out.push(c);
                i += 2;
            }
            None => {
                out.push(letter);
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(encoding: Legacy, bytes: &[u8], expected: &str) {
        assert_eq!(encoding.decode(bytes), expected, "{} {bytes:x?}", encoding.name());
    }

    #[test]
    fn decodes_each_encoding() {
        check(Legacy::Tcvn3, b"Ti\xd5ng Vi\xd6t", "Tiếng Việt");
        check(Legacy::Tcvn3, b"H\xb5 N\xe9i, \xa7\xb5 N\xb5ng", "Hà Nội, Đà Nàng");
        // Combining tone bytes compose with the vowel before them.
        check(Legacy::Tcvn3, b"Vi\xaa\xb4t", "Việt");
        check(Legacy::Tcvn3, b"\x01\n\t", "Ú\n\t");
        check(Legacy::Vni, b"Tie\xe1ng Vie\xe4t, ng\xf6\xf4\xf8i Ha\xf8 No\xe4i", "Tiếng Việt, người Hà Nội");
        check(Legacy::Vni, &[b'n', 0xe1, 0xea, b'm'], "náêm");
        check(Legacy::Vni, b"\xf1a\xf5 n\xe1\xea\xec", "đã náêì");
        check(Legacy::Vni, b"VIE\xc4T NAM \xd1\xd6\xd4\xcfC", "VIỆT NAM ĐƯỢC");
        check(Legacy::Vni, b"ca\xeam th\xf2 k\xee", "căm thị kỵ");
        // A mark byte that fits no letter before it stays the windows-1252 character.
        check(Legacy::Vni, b"x\xe1 \x93q\x94", "xá “q”");
        check(Legacy::Viscii, b"Ti\xaang Vi\xaet", "Tiếng Việt");
        check(Legacy::Viscii, b"\x02 \xbf\xb4 \xff", "Ẳ ƯƠ Ữ");
    }

    #[test]
    fn labels() {
        for (label, expected) in [
            ("TCVN5712-1", Some(Legacy::Tcvn3)),
            (" viscii ", Some(Legacy::Viscii)),
            ("VNI-Windows", Some(Legacy::Vni)),
            ("windows-1258", None),
        ] {
            assert_eq!(Legacy::for_label(label), expected, "{label}");
        }
    }

    /// Each byte decodes to what glibc's iconv decodes it to (`fixtures/fetch/encodings/*.table.txt`,
    /// written by the fixture generator).
    #[test]
    fn tables_match_iconv() {
        let tables = [
            (Legacy::Tcvn3, include_str!("../../../fixtures/fetch/encodings/tcvn3.table.txt")),
            (Legacy::Viscii, include_str!("../../../fixtures/fetch/encodings/viscii.table.txt")),
        ];
        for (encoding, table) in tables {
            assert_eq!(table.lines().count(), 256);
            for line in table.lines() {
                let mut fields = line.split(' ');
                let byte = u8::from_str_radix(fields.next().unwrap(), 16).unwrap();
                let want: String =
                    fields.map(|u| char::from_u32(u32::from_str_radix(&u[2..], 16).unwrap()).unwrap()).collect();
                assert_eq!(encoding.decode(&[byte]), want, "{} byte {byte:02X}", encoding.name());
            }
        }
    }

    #[test]
    fn tables_have_128_characters() {
        assert_eq!(TCVN3_HIGH.chars().count(), 128);
        assert_eq!(VISCII_HIGH.chars().count(), 128);
    }
}
