//! Decoding is total: any bytes, with any charset label, give text or an error, never a panic.

use ingest_fetch::decode_with;
use proptest::prelude::*;

/// Labels that exercise every branch of the label rules, and some that name nothing.
const LABELS: &[&str] =
    &["utf-8", "windows-1258", "iso-8859-1", "tcvn3", "vni", "viscii", "shift_jis", "utf-16le", "x"];

/// Bytes biased towards what the detectors look at: high bytes, NULs, `<meta`, BOMs.
fn bytes() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        any::<u8>().prop_map(|b| vec![b]),
        (0x80u8..=0xff).prop_map(|b| vec![b]),
        Just(b"<meta charset=tcvn3>".to_vec()),
        Just(vec![0xef, 0xbb, 0xbf]),
        Just(vec![0xff, 0xfe]),
        Just(vec![0]),
        Just("Viá»‡t ".as_bytes().to_vec()),
        Just(b"Tie\xe1ng ".to_vec()),
    ];
    proptest::collection::vec(piece, 0..64).prop_map(|pieces| pieces.concat())
}

proptest! {
    #[test]
    fn decoding_never_panics(bytes in bytes(), label in proptest::option::of(proptest::sample::select(LABELS))) {
        let _ = decode_with(&bytes, label);
    }

    /// UTF-8 with a character outside windows-1252 has no mojibake signature: it is never
    /// touched, whatever else it holds.
    #[test]
    fn utf8_without_the_signature_is_never_touched(text in "[a-zA-Z ,.À-ÿ]{0,40}[ạ-ỹ][a-zA-Z ,.À-ÿạ-ỹ]{0,40}") {
        let decoded = ingest_fetch::decode(text.as_bytes()).unwrap();
        prop_assert_eq!((decoded.encoding, decoded.text), ("UTF-8", text));
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = ingest_fetch::decode(&bytes);
    }
}
