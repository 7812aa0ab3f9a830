//! Encoding detection and decoding (`ingest_fetch::decode`) on any bytes: never a panic, and
//! text never invented: UTF-8 input comes back byte for byte (less its byte order mark) unless it
//! is repaired as mojibake (UTF-8 read as windows-1252 and saved again, still UTF-8 once
//! repaired), and no decoded text holds a replacement character the input did not.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(decoded) = ingest_fetch::decode(data) else { return };
    if decoded.encoding == "UTF-8" && decoded.reason != ingest_fetch::Reason::Mojibake {
        let body = data.strip_prefix(b"\xef\xbb\xbf").unwrap_or(data);
        assert_eq!(decoded.text.as_bytes(), body, "UTF-8 is passed through unchanged");
    }
    if decoded.text.contains('\u{fffd}') {
        let utf8 = data.windows(3).any(|w| w == "\u{fffd}".as_bytes());
        let utf16 = data.windows(2).any(|w| w == [0xfd, 0xff] || w == [0xff, 0xfd]);
        assert!(utf8 || utf16, "a replacement character that the input did not hold: {:?}", decoded.encoding);
    }
});
