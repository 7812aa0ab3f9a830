//! A document's line written by hand where serde_json is slow: its long strings.
//!
//! serde_json looks at a string a byte at a time for the bytes JSON must escape; a document's
//! `text` and `segmented` are most of the output and almost never hold one but `\n`. Here eight
//! bytes are tested at once, and runs without an escape are copied whole. The bytes are serde_json's
//! (the tests compare them on every ASCII byte, at every offset of the 8-byte step, and on whole
//! records); the metadata object, small and varied, is still serialized by serde_json.

use crate::record::DocumentRecord;

/// Appends the JSON line (without its newline) of `record`: what `serde_json::to_writer` writes.
pub(crate) fn append_document(out: &mut Vec<u8>, record: &DocumentRecord<'_>) -> Result<(), serde_json::Error> {
    out.extend_from_slice(b"{\"id\":");
    append_str(out, record.id);
    out.extend_from_slice(b",\"text\":");
    append_str(out, record.text);
    out.extend_from_slice(b",\"title\":");
    match record.title {
        Some(title) => append_str(out, title),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"source\":");
    append_str(out, record.source);
    if let Some(segmented) = record.segmented {
        out.extend_from_slice(b",\"segmented\":");
        append_str(out, segmented);
    }
    out.extend_from_slice(b",\"metadata\":");
    serde_json::to_writer(&mut *out, &record.metadata)?;
    out.push(b'}');
    Ok(())
}

/// Appends `s` as a JSON string, escaped as serde_json escapes it: `"`, `\`, and the control
/// characters below U+0020 (by name where JSON has one, else `\u00xx`); nothing else.
pub(crate) fn append_str(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        if let Some(word) = bytes.get(at..at + 8)
            && !needs_escape(u64::from_le_bytes(word.try_into().expect("8 bytes")))
        {
            at += 8;
            continue;
        }
        let byte = bytes[at];
        if byte < 0x20 || byte == b'"' || byte == b'\\' {
            out.extend_from_slice(&bytes[copied..at]);
            push_escape(out, byte);
            copied = at + 1;
        }
        at += 1;
    }
    out.extend_from_slice(&bytes[copied..]);
    out.push(b'"');
}

/// Whether any of the eight bytes of `word` is below 0x20, `"` or `\`. Never false when one is;
/// true now and then when none is (a borrow across bytes), which only sends the caller to look
/// at the bytes one by one.
fn needs_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_zero = |w: u64| w.wrapping_sub(ONES) & !w & HIGHS != 0;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGHS != 0;
    below_space || has_zero(word ^ (ONES * u64::from(b'"'))) || has_zero(word ^ (ONES * u64::from(b'\\')))
}

fn push_escape(out: &mut Vec<u8>, byte: u8) {
    let named = match byte {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        0x0c => b'f',
        b'\n' => b'n',
        b'\r' => b'r',
        b'\t' => b't',
        _ => {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(byte >> 4)],
                HEX[usize::from(byte & 0xf)],
            ]);
            return;
        }
    };
    out.extend_from_slice(&[b'\\', named]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use ingest_core::{Document, Quality, RemovedLine};

    fn escaped(s: &str) -> String {
        let mut out = Vec::new();
        append_str(&mut out, s);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        // Every ASCII byte, at each offset of the 8-byte step and in runs, among multi-byte text.
        for byte in 0u8..0x80 {
            let c = char::from(byte);
            for before in 0..17 {
                let mut s = "ạ".repeat(before / 3) + &"x".repeat(before % 3);
                s.push(c);
                s.push_str("đường");
                for _ in 0..before % 4 {
                    s.push(c);
                }
                assert_eq!(escaped(&s), serde_json::to_string(&s).unwrap(), "{s:?}");
            }
        }
        for s in ["", "\"", "a\\b", "Hà Nội\nngày 5", "\u{7f}\u{80}\u{2028}\u{1f}", &"abcdefgh".repeat(9)] {
            assert_eq!(escaped(s), serde_json::to_string(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn the_test_of_eight_bytes_misses_no_byte_to_escape() {
        for byte in 0u8..=255 {
            for at in 0..8 {
                let mut word = *b"abcdefgh";
                word[at] = byte;
                let must = byte < 0x20 || byte == b'"' || byte == b'\\';
                if must {
                    assert!(needs_escape(u64::from_le_bytes(word)), "{byte:#x} at {at}");
                }
            }
        }
        assert!(!needs_escape(u64::from_le_bytes(*b"Vi\xe1\xbb\x87t o")));
    }

    #[test]
    fn records_are_what_serde_json_writes() {
        let mut doc = Document {
            id: "ab".repeat(32),
            text: "Thứ trưởng \"Bộ\"\nNgoại giao\t\\ \u{1}".into(),
            title: Some("Tiêu đề\r".into()),
            source: "a/b.txt".into(),
            segmented: "Thứ_trưởng \" Bộ \"\nNgoại_giao".into(),
            ..Document::default()
        };
        doc.metadata.removed.push(RemovedLine { rule: "share", line: "Chia sẻ \"x\"".into() });
        doc.metadata.quality = Some(Quality::default());
        doc.metadata.author = Some("A".into());
        for (title, segmented) in [(true, true), (false, true), (true, false), (false, false)] {
            let mut doc = doc.clone();
            if !title {
                doc.title = None;
            }
            let record = DocumentRecord::of(&doc, segmented);
            let mut line = Vec::new();
            append_document(&mut line, &record).unwrap();
            assert_eq!(String::from_utf8(line).unwrap(), serde_json::to_string(&record).unwrap());
        }
    }
}
