//! Compression of the document shards: none, gzip (flate2 with zlib-rs) or zstd.
//!
//! Both encoders are deterministic for a given level: gzip headers carry no time or name, and
//! zstd runs single-threaded. So a build's bytes do not depend on when or where it ran.

use std::io::{self, BufRead, BufReader, Read, Write};

/// How document shards are compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Compression {
    #[default]
    None,
    Gzip {
        level: u32,
    },
    Zstd {
        level: i32,
    },
}

impl Compression {
    /// `none`, `gzip` or `zstd` at the default level (gzip 6, zstd 3).
    pub fn from_name(name: &str) -> Option<Compression> {
        match name {
            "none" => Some(Compression::None),
            "gzip" | "gz" => Some(Compression::Gzip { level: 6 }),
            "zstd" | "zst" => Some(Compression::Zstd { level: 3 }),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Compression::None => "none",
            Compression::Gzip { .. } => "gzip",
            Compression::Zstd { .. } => "zstd",
        }
    }

    /// The file-name suffix: ``, `.gz`, `.zst`.
    pub fn extension(self) -> &'static str {
        match self {
            Compression::None => "",
            Compression::Gzip { .. } => ".gz",
            Compression::Zstd { .. } => ".zst",
        }
    }

    pub(crate) fn encoder<W: Write>(self, out: W) -> io::Result<Encoder<W>> {
        Ok(match self {
            Compression::None => Encoder::Plain(out),
            Compression::Gzip { level } => {
                Encoder::Gzip(flate2::GzBuilder::new().write(out, flate2::Compression::new(level)))
            }
            Compression::Zstd { level } => Encoder::Zstd(zstd::stream::write::Encoder::new(out, level)?),
        })
    }
}

/// A writer that compresses into `W`.
pub(crate) enum Encoder<W: Write> {
    Plain(W),
    Gzip(flate2::write::GzEncoder<W>),
    Zstd(zstd::stream::write::Encoder<'static, W>),
}

impl<W: Write> Encoder<W> {
    /// Writes the end of the stream and returns the inner writer.
    pub(crate) fn finish(self) -> io::Result<W> {
        match self {
            Encoder::Plain(w) => Ok(w),
            Encoder::Gzip(e) => e.finish(),
            Encoder::Zstd(e) => e.finish(),
        }
    }
}

impl<W: Write> Write for Encoder<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Encoder::Plain(w) => w.write(buf),
            Encoder::Gzip(e) => e.write(buf),
            Encoder::Zstd(e) => e.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Encoder::Plain(w) => w.flush(),
            Encoder::Gzip(e) => e.flush(),
            Encoder::Zstd(e) => e.flush(),
        }
    }
}

/// Reads a file written by emit, decompressing by its name's suffix.
pub fn reader<'a>(file: impl Read + 'a, name: &str) -> io::Result<Box<dyn BufRead + 'a>> {
    Ok(if name.ends_with(".gz") {
        Box::new(BufReader::with_capacity(1 << 20, flate2::read::MultiGzDecoder::new(file)))
    } else if name.ends_with(".zst") {
        Box::new(BufReader::with_capacity(1 << 20, zstd::stream::read::Decoder::new(file)?))
    } else {
        Box::new(BufReader::with_capacity(1 << 20, file))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_is_deterministic() {
        let text = "Hà Nội\n".repeat(1000);
        for (compression, name) in [
            (Compression::None, "f.jsonl"),
            (Compression::Gzip { level: 6 }, "f.jsonl.gz"),
            (Compression::Zstd { level: 3 }, "f.jsonl.zst"),
        ] {
            let compress = || {
                let mut e = compression.encoder(Vec::new()).unwrap();
                e.write_all(text.as_bytes()).unwrap();
                e.finish().unwrap()
            };
            let bytes = compress();
            assert_eq!(bytes, compress(), "{name} is deterministic");
            assert!(name.ends_with(&format!("jsonl{}", compression.extension())));
            let mut back = String::new();
            reader(&bytes[..], name).unwrap().read_to_string(&mut back).unwrap();
            assert_eq!(back, text, "{name}");
            if compression != Compression::None {
                assert!(bytes.len() < text.len() / 10, "{name} compresses");
            }
        }
    }
}
