//! Compression of the document shards: none, gzip (flate2 with zlib-rs) or zstd.
//!
//! Both encoders are deterministic for a given level: gzip headers carry no time or name, and
//! zstd runs single-threaded. A deflate stream also depends on how its input was cut into
//! writes, so each encoder is handed its input in pieces of [`PIECE`] bytes, whatever the writes
//! were. So a build's bytes do not depend on when or where it ran, nor on how the pass that wrote
//! them read its input.

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

    /// How a shard is compressed while the build runs, before its final pass: zstd at level 1 for
    /// a gzip build, else as it will stay. A build with duplicates rewrites every shard at the end
    /// to add `duplicate_sources`, and gzip compresses at a tenth of zstd's speed: written as gzip
    /// in the meantime, each shard was gzipped twice. Written in zstd (`.zst.part`, `.zst.done`),
    /// it is gzipped once, at the end, whether it gains sources or not.
    pub(crate) fn interim(self) -> Compression {
        match self {
            Compression::Gzip { .. } => Compression::Zstd { level: 1 },
            other => other,
        }
    }

    pub(crate) fn encoder<W: Write>(self, out: W) -> io::Result<Encoder<W>> {
        Ok(match self {
            Compression::None => Encoder::Plain(out),
            Compression::Gzip { level } => {
                Encoder::Gzip(Pieces::new(flate2::GzBuilder::new().write(out, flate2::Compression::new(level))))
            }
            Compression::Zstd { level } => Encoder::Zstd(Pieces::new(zstd::stream::write::Encoder::new(out, level)?)),
        })
    }
}

/// A writer that compresses into `W`.
pub(crate) enum Encoder<W: Write> {
    Plain(W),
    Gzip(Pieces<flate2::write::GzEncoder<W>>),
    Zstd(Pieces<zstd::stream::write::Encoder<'static, W>>),
}

impl<W: Write> Encoder<W> {
    /// Writes the end of the stream and returns the inner writer.
    pub(crate) fn finish(self) -> io::Result<W> {
        match self {
            Encoder::Plain(w) => Ok(w),
            Encoder::Gzip(e) => e.finish()?.finish(),
            Encoder::Zstd(e) => e.finish()?.finish(),
        }
    }
}

/// The size of the pieces an encoder is handed.
const PIECE: usize = 128 << 10;

/// Hands its writer the bytes written to it in pieces of exactly [`PIECE`] bytes, the last one
/// shorter, however they were written. `flush` passes nothing on: a flush would end a deflate
/// block where the writes happened to end.
pub(crate) struct Pieces<W: Write> {
    inner: W,
    piece: Vec<u8>,
}

impl<W: Write> Pieces<W> {
    fn new(inner: W) -> Pieces<W> {
        Pieces { inner, piece: Vec::with_capacity(PIECE) }
    }

    /// Hands over the last piece and returns the writer.
    fn finish(mut self) -> io::Result<W> {
        self.inner.write_all(&self.piece)?;
        Ok(self.inner)
    }
}

impl<W: Write> Write for Pieces<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let taken = buf.len().min(PIECE - self.piece.len());
        self.piece.extend_from_slice(&buf[..taken]);
        if self.piece.len() == PIECE {
            self.inner.write_all(&self.piece)?;
            self.piece.clear();
        }
        Ok(taken)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
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

    /// The same bytes, written whole, a byte at a time, or cut where a reader's buffer happens to
    /// end, compress to the same file (a deflate stream alone does not: it depends on the cuts).
    #[test]
    fn the_output_does_not_depend_on_how_the_input_was_written() {
        let text: Vec<u8> = (0..20_000u32)
            .flat_map(|i| format!("{{\"id\":{i},\"text\":\"Hà Nội {} mùa thu\"}}\n", i * 7_919 % 1_000).into_bytes())
            .collect();
        for compression in [Compression::Gzip { level: 6 }, Compression::Zstd { level: 3 }] {
            let written = |cuts: &dyn Fn(usize) -> usize| {
                let mut e = compression.encoder(Vec::new()).unwrap();
                let (mut at, mut k) = (0, 0);
                while at < text.len() {
                    let end = (at + cuts(k)).min(text.len());
                    e.write_all(&text[at..end]).unwrap();
                    (at, k) = (end, k + 1);
                }
                e.flush().unwrap();
                e.finish().unwrap()
            };
            let whole = written(&|_| usize::MAX);
            // `assert!`, not `assert_eq!`: a failure would print two compressed files.
            assert!(written(&|_| 1) == whole, "{compression:?} a byte at a time");
            assert!(written(&|k| 1 + k * 7_919 % 300_000) == whole, "{compression:?} cut anywhere");
            assert!(written(&|_| 131_071) == whole, "{compression:?} cut just short of a piece");
        }
    }
}
