//! Size limits that hold while reading, so that no input can make memory grow past them.
//!
//! A document (file, archive member, JSONL line, WARC record, HTTP body) is read through
//! `take(limit + 1)`: one byte over the limit is proof enough, and no more is ever held. Everything
//! read out of a compressed file or archive is metered against the archive's budget; when it runs
//! out, reading fails with [`OverBudget`] and the rest of the archive is not read.

use std::cell::Cell;
use std::io::{self, BufRead, Read};

/// Decompressed bytes a compressed file or archive may still produce.
#[derive(Debug)]
pub(crate) struct Budget {
    left: Cell<u64>,
    pub(crate) limit: u64,
    /// A read failed for want of budget: nothing more can be read from the archive.
    spent: Cell<bool>,
    /// The reject that says so has been made.
    reported: Cell<bool>,
}

impl Budget {
    pub(crate) fn new(limit: u64) -> Budget {
        Budget { left: Cell::new(limit), limit, spent: Cell::new(false), reported: Cell::new(false) }
    }

    pub(crate) fn is_spent(&self) -> bool {
        self.spent.get()
    }

    pub(crate) fn is_reported(&self) -> bool {
        self.reported.get()
    }

    pub(crate) fn set_reported(&self) {
        self.reported.set(true);
    }
}

/// The error a [`Metered`] reader fails with when its budget runs out.
#[derive(Debug, thiserror::Error)]
#[error("archive budget exhausted")]
pub(crate) struct OverBudget;

/// Whether `err` is a [`Metered`] reader's budget running out.
pub(crate) fn is_over_budget(err: &io::Error) -> bool {
    err.get_ref().is_some_and(|inner| inner.is::<OverBudget>())
}

/// A reader that charges what it reads to a [`Budget`].
pub(crate) struct Metered<'a, R> {
    inner: R,
    budget: &'a Budget,
}

impl<'a, R: Read> Metered<'a, R> {
    pub(crate) fn new(inner: R, budget: &'a Budget) -> Self {
        Metered { inner, budget }
    }
}

impl<R: Read> Read for Metered<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.budget.left.get();
        if left == 0 && !buf.is_empty() {
            // Spent exactly: fine if the input ends here too.
            return match self.inner.read(&mut [0u8; 1])? {
                0 => Ok(0),
                _ => {
                    self.budget.spent.set(true);
                    Err(io::Error::other(OverBudget))
                }
            };
        }
        let want = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        self.budget.left.set(left - n as u64);
        Ok(n)
    }
}

/// The whole of `reader`, or `None` when it holds more than `limit` bytes (then `limit + 1`
/// bytes have been read and the rest is left unread).
pub(crate) fn read_at_most(reader: &mut dyn Read, limit: u64) -> io::Result<Option<Vec<u8>>> {
    read_on(reader, limit, 0, &[])
}

/// [`read_at_most`] for a file whose size is not known, without asking for it (a `statx` per
/// file): most inputs are small, so the file is read into `scratch`, and what it held is copied
/// out at its exact size, which costs less than the question. Only a file that fills `scratch` is
/// asked its `size`, so that the rest is read into a buffer made for it, in one read and one
/// more that finds its end. The size is only a hint: a file that has grown or shrunk since is
/// read whole all the same.
pub(crate) fn read_at_most_unsized<R: Read>(
    reader: &mut R,
    limit: u64,
    scratch: &mut [u8],
    size: impl FnOnce(&R) -> u64,
) -> io::Result<Option<Vec<u8>>> {
    let room = scratch.len().min(usize::try_from(limit.saturating_add(1)).unwrap_or(usize::MAX));
    let mut filled = 0;
    while filled < room {
        match reader.read(&mut scratch[filled..room]) {
            Ok(0) => return Ok(Some(scratch[..filled].to_vec())),
            Ok(n) => filled += n,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
    let size = size(reader);
    read_on(reader, limit, size, &scratch[..filled])
}

/// [`read_at_most`] of a regular file listed at `size` bytes (at most `limit`), in one read when it
/// still has that size: a read of one byte more that stops at `size` has met the file's end, as a
/// regular file's read stops short only there, so no second read is made to find it. A file that
/// has grown or shrunk since, or a read that stops elsewhere, is read on to its end.
pub(crate) fn read_at_most_sized(reader: &mut dyn Read, limit: u64, size: u64) -> io::Result<Option<Vec<u8>>> {
    let Some(want) = usize::try_from(size).ok().filter(|_| size < limit).map(|size| size + 1) else {
        return read_on(reader, limit, size, &[]);
    };
    let mut bytes = vec![0u8; want];
    let n = loop {
        match reader.read(&mut bytes) {
            Ok(n) => break n,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    };
    bytes.truncate(n);
    if n as u64 == size {
        return Ok(Some(bytes));
    }
    read_on(reader, limit, size, &bytes)
}

/// [`read_at_most`] of what follows `head` (at most `limit + 1` bytes, already read) into a
/// buffer made for `size` bytes.
fn read_on(reader: &mut dyn Read, limit: u64, size: u64, head: &[u8]) -> io::Result<Option<Vec<u8>>> {
    let capacity = usize::try_from(size.min(limit).saturating_add(1)).unwrap_or(usize::MAX);
    let mut bytes = Vec::with_capacity(capacity.max(head.len()));
    bytes.extend_from_slice(head);
    reader.take(limit.saturating_add(1) - head.len() as u64).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

/// What [`read_line`] found.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Line {
    /// A line (without its `\n`) is in the buffer.
    Read,
    /// The line was longer than the limit; it has been skipped up to and including its `\n`.
    TooLong,
    /// End of input.
    End,
}

/// Reads the next line into `buf`, holding at most `limit + 1` bytes of it.
pub(crate) fn read_line(reader: &mut dyn BufRead, limit: u64, buf: &mut Vec<u8>) -> io::Result<Line> {
    buf.clear();
    let n = reader.take(limit.saturating_add(1)).read_until(b'\n', buf)?;
    if n == 0 {
        return Ok(Line::End);
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
        return Ok(Line::Read);
    }
    if buf.len() as u64 <= limit {
        return Ok(Line::Read);
    }
    buf.clear();
    loop {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            break;
        }
        match available.iter().position(|&b| b == b'\n') {
            Some(at) => {
                reader.consume(at + 1);
                break;
            }
            None => {
                let len = available.len();
                reader.consume(len);
            }
        }
    }
    Ok(Line::TooLong)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_over_the_limit_are_skipped_whole() {
        let mut input: &[u8] = b"short\nthis one is long\nok\nlast";
        let mut buf = Vec::new();
        let mut got = Vec::new();
        loop {
            let line = read_line(&mut input, 5, &mut buf).unwrap();
            if line == Line::End {
                break;
            }
            got.push((line, String::from_utf8(buf.clone()).unwrap()));
        }
        let want = [(Line::Read, "short"), (Line::TooLong, ""), (Line::Read, "ok"), (Line::Read, "last")];
        assert_eq!(got, want.map(|(l, s)| (l, s.to_owned())));
    }

    /// A file as listed is read in one read; grown, shrunk or past the limit, it is read on to its
    /// end and judged by what it holds then.
    #[test]
    fn sized_reads_take_the_file_as_it_is() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("f");
        for (content, listed, limit, want) in [
            (&b"hello"[..], 5, 10, Some(&b"hello"[..])),
            (b"", 0, 10, Some(b"")),
            (b"hello world", 5, 20, Some(b"hello world")),
            (b"hi", 5, 10, Some(b"hi")),
            (b"hello world", 5, 10, None),
            (b"0123456789", 10, 10, Some(b"0123456789")),
            (b"0123456789a", 10, 10, None),
        ] {
            std::fs::write(&path, content).unwrap();
            let mut file = std::fs::File::open(&path).unwrap();
            let got = read_at_most_sized(&mut file, limit, listed).unwrap();
            assert_eq!(got.as_deref(), want, "{content:?} listed at {listed}, limit {limit}");
        }
        // Readers that are not files are read on whatever each read returns.
        assert_eq!(read_at_most_sized(&mut &b"abc"[..], 10, 1).unwrap().as_deref(), Some(&b"abc"[..]));
    }

    #[test]
    fn budget_stops_reading() {
        let budget = Budget::new(10);
        let mut first = Metered::new(&[7u8; 6][..], &budget);
        assert_eq!(read_at_most(&mut first, 100).unwrap().unwrap().len(), 6);
        let mut second = Metered::new(&[7u8; 6][..], &budget);
        let err = read_at_most(&mut second, 100).unwrap_err();
        assert!(is_over_budget(&err), "{err}");
        assert_eq!(read_at_most(&mut &b"12345"[..], 4).unwrap(), None);
        assert_eq!(read_at_most(&mut &b"1234"[..], 4).unwrap(), Some(b"1234".to_vec()));
    }

    /// Reads its bytes a few at a time, with an interruption before each read.
    struct Halting<'a> {
        bytes: &'a [u8],
        step: usize,
        interrupt: bool,
    }

    impl Read for Halting<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.interrupt = !self.interrupt;
            if self.interrupt {
                return Err(io::ErrorKind::Interrupted.into());
            }
            let n = buf.len().min(self.step).min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    /// Through the scratch or past it, in whole reads or short ones, whatever size is given as
    /// the hint: the same as `read_at_most`, and the bytes after what it read are left unread.
    #[test]
    fn read_unsized_is_read_at_most() {
        let tmp = tempfile::tempdir().unwrap();
        let data: Vec<u8> = (0..100u8).collect();
        for len in [0, 1, 7, 8, 9, 16, 17, 100] {
            let path = tmp.path().join(format!("{len}.txt"));
            std::fs::write(&path, &data[..len]).unwrap();
            for limit in [0, 1, 7, 8, 9, 50, 100, 1000] {
                let want = read_at_most(&mut &data[..len], limit).unwrap();
                for hint in [0, 3, len as u64, 1000, u64::MAX] {
                    let mut scratch = [0u8; 8];
                    let mut file = std::fs::File::open(&path).unwrap();
                    let got = read_at_most_unsized(&mut file, limit, &mut scratch, |_| hint).unwrap();
                    assert_eq!(got, want, "file of {len}, limit {limit}, hint {hint}");
                    let mut rest = Vec::new();
                    file.read_to_end(&mut rest).unwrap();
                    let read = len.min(usize::try_from(limit.saturating_add(1)).unwrap_or(usize::MAX));
                    assert_eq!(rest, &data[read..len], "file of {len}, limit {limit}: left unread");
                    for step in [1, 3, 100] {
                        let mut halting = Halting { bytes: &data[..len], step, interrupt: false };
                        let got = read_at_most_unsized(&mut halting, limit, &mut scratch, |_| hint).unwrap();
                        assert_eq!(got, want, "{len} bytes by {step}, limit {limit}, hint {hint}");
                    }
                }
            }
        }
    }
}
