//! The stream of raw inputs: every file, archive member, JSONL line, WARC record and URL, in
//! order.
//!
//! [`Sources`] reads on a thread of its own and hands [`Entry`]s over a bounded channel in chunks
//! (64 entries or a megabyte, so that the threads do not wake each other for every small file).
//! The reading runs ahead of the pipeline by at most [`Settings::read_ahead_bytes`] of input
//! (16 MB by default, and [`READ_AHEAD`] chunks), enough to have the next batch of small files read while the pipeline
//! works on this one: memory holds the batch being processed and that much, never a whole
//! archive, dataset or WARC file. One thread reads, in input order, so the order of entries is the
//! same on every run.
//!
//! With [`Settings::read_in_workers`] (what `ingest run` uses from 8 threads on) that thread does
//! not read plain files: it asks each one's size (so batches can still be cut by bytes) and hands
//! it over unread, and [`Item::read`] reads it on the thread that loads it. Reading every file, one
//! thread hands over about 340 MB/s of small files here, a ceiling for a run of many workers;
//! asking their sizes only, about 820 MB/s.
//!
//! What each input is, by its name (case-insensitive):
//! - `.gz`, `.zst`/`.zstd`: decompressed, then taken by the name without the suffix (so
//!   `x.jsonl.gz` is a JSONL dataset, `x.txt.gz` one document);
//! - `.tar`, `.tgz`/`.tar.gz`, `.zip`: each regular member, taken by its own name (members can be
//!   compressed files or datasets too), named `archive.zip!/path/in/archive`;
//! - `.jsonl`, `.ndjson`: one document per line (see `dataset`);
//! - `.warc`: one document per HTTP response with a text body (see `dataset`);
//! - anything else: one document.
//!
//! URLs (`urls`, `url_files`) come after the paths, in list order (see `urls`).

use std::fs::File;
use std::io::{self, Read};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;

use crate::FetchError;
use crate::http::HttpSettings;
use crate::limit::{Budget, is_over_budget, read_at_most, read_at_most_sized, read_at_most_unsized};
use crate::select::{Filters, split_pattern};
use crate::walk::{InputFile, Inputs};

/// Chunks of entries read ahead of the pipeline, at most (and [`Settings::read_ahead_bytes`]).
const READ_AHEAD: usize = 32;
/// A chunk is handed over when it holds this many entries...
const CHUNK_ENTRIES: usize = 64;
/// ...or this many bytes.
const CHUNK_BYTES: usize = 1 << 20;
/// Files smaller than this are read without asking their size (see `read_at_most_unsized`):
/// copying one out of the scratch buffer costs less than the `statx`.
const SCRATCH_BYTES: usize = 16 << 10;

/// How inputs are found and read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Only files whose source matches one of these globs are inputs (all when empty).
    pub include: Vec<String>,
    /// Files whose source matches one of these globs are not inputs.
    pub exclude: Vec<String>,
    /// The JSONL field that holds the text.
    pub text_field: String,
    /// The JSONL field that names a record; the source becomes `file.jsonl#ID`.
    pub id_field: Option<String>,
    /// The JSONL field that holds a record's URL; the source becomes the URL.
    pub url_field: Option<String>,
    /// Largest document, in bytes, after decompression.
    pub max_document_bytes: u64,
    /// Most bytes one compressed file or archive may decompress to.
    pub max_archive_bytes: u64,
    /// Input bytes read ahead of the pipeline, at most (a chunk larger than this alone still goes
    /// through): enough to have the next batch read while the pipeline works on this one.
    pub read_ahead_bytes: u64,
    /// URLs to fetch, after the path inputs.
    pub urls: Vec<String>,
    /// Text files of URLs to fetch, one a line (`#` starts a comment line), after `urls`.
    pub url_files: Vec<PathBuf>,
    pub http: HttpSettings,
    /// Plain files are not read by the fetch thread but by whoever loads their items ([`Item::read`],
    /// which [`crate::load`] calls), so that reading them runs on the threads that decode them: one
    /// fetch thread, which also lists directories and opens archives, then only asks each file's size.
    pub read_in_workers: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            include: Vec::new(),
            exclude: Vec::new(),
            text_field: "text".to_owned(),
            id_field: None,
            url_field: None,
            max_document_bytes: 64 << 20,
            max_archive_bytes: 16 << 30,
            read_ahead_bytes: 16 << 20,
            urls: Vec::new(),
            url_files: Vec::new(),
            http: HttpSettings::default(),
            read_in_workers: false,
        }
    }
}

/// One raw input: bytes to decode and where they came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Name in the output: a path relative to its input root, `archive!/member`, `file.jsonl:7`,
    /// or a URL.
    pub source: String,
    /// Where it is, for messages: the file's path as given, with the member or line.
    pub origin: String,
    pub bytes: Vec<u8>,
    /// The charset the transport declared (HTTP or WARC `Content-Type`).
    pub charset: Option<String>,
    /// A plain file not read yet ([`Settings::read_in_workers`]): `bytes` is empty until
    /// [`Item::read`].
    pub unread: Option<Unread>,
}

/// A plain file left for [`Item::read`]: where it is, its size when it was listed (what batches
/// count), and the most bytes it may hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unread {
    file: InputFile,
    size: u64,
    limit: u64,
}

impl Item {
    /// Reads a file the fetch thread left unread into `bytes` (an item read already is left as it
    /// is), with the errors reading it on that thread gives: the file cannot be opened or read,
    /// it has grown past the limit since it was listed.
    pub fn read(&mut self) -> Result<(), FetchError> {
        let Some(unread) = self.unread.take() else { return Ok(()) };
        let mut opened = unread.file.open().map_err(|source| FetchError::Read { path: unread.file.path, source })?;
        match read_at_most_sized(&mut opened, unread.limit, unread.size) {
            Ok(Some(bytes)) => {
                self.bytes = bytes;
                Ok(())
            }
            Ok(None) => Err(FetchError::TooLarge { origin: self.origin.clone(), limit: unread.limit }),
            Err(err) => Err(file_read_error(&self.origin, err)),
        }
    }
}

/// The error for a failed read of the plain file at `origin`: one that ends too early is broken
/// content, anything else the file's own read error.
fn file_read_error(origin: &str, err: io::Error) -> FetchError {
    if err.kind() == io::ErrorKind::UnexpectedEof {
        FetchError::Corrupt { origin: origin.to_owned(), cause: err.to_string() }
    } else {
        FetchError::Read { path: PathBuf::from(origin), source: err }
    }
}

/// An input that could not be read, with the name it would have had.
#[derive(Debug)]
pub struct Failure {
    pub source: String,
    pub error: FetchError,
}

/// What the reading thread hands over for each input.
pub type Entry = Result<Item, Failure>;

/// The bytes an entry holds: its input's, or none for an input that could not be read; for a file
/// not read yet, its size when it was listed.
pub fn entry_bytes(entry: &Entry) -> usize {
    entry.as_ref().map_or(0, |item| {
        item.bytes.len() + item.unread.as_ref().map_or(0, |u| usize::try_from(u.size).unwrap_or(usize::MAX))
    })
}

/// The entries of a list of inputs, in order; see the module docs.
#[derive(Debug)]
pub struct Sources {
    rx: Receiver<(Vec<Entry>, usize)>,
    in_flight: Arc<InFlight>,
    /// The chunk being taken from.
    chunk: std::vec::IntoIter<Entry>,
    reader: Option<JoinHandle<()>>,
}

impl Sources {
    /// Starts reading `inputs`: paths, glob patterns, or `-` for a list of paths on standard
    /// input. Fails only on settings that cannot work (a bad glob).
    pub fn spawn(inputs: Vec<PathBuf>, settings: Settings) -> Result<Sources, FetchError> {
        let filters = Filters::new(&settings.include, &settings.exclude)?;
        let (tx, rx) = sync_channel(READ_AHEAD);
        let limit = usize::try_from(settings.read_ahead_bytes).unwrap_or(usize::MAX);
        let in_flight = Arc::new(InFlight { limit, ..InFlight::default() });
        let producer_in_flight = Arc::clone(&in_flight);
        let reader = std::thread::Builder::new()
            .name("ingest-fetch".into())
            .spawn(move || {
                let producer = Producer {
                    settings,
                    filters,
                    tx,
                    chunk: Mutex::default(),
                    in_flight: producer_in_flight,
                    scratch: Mutex::new(vec![0; SCRATCH_BYTES].into_boxed_slice()),
                };
                // Stopped means the pipeline hung up; there is no one left to tell.
                let _ = producer.run(inputs).and_then(|()| producer.hand_over());
            })
            .map_err(|source| FetchError::Thread { source })?;
        Ok(Sources { rx, in_flight, chunk: Vec::new().into_iter(), reader: Some(reader) })
    }
}

impl Iterator for Sources {
    type Item = Entry;

    fn next(&mut self) -> Option<Entry> {
        loop {
            if let Some(entry) = self.chunk.next() {
                return Some(entry);
            }
            match self.rx.recv() {
                Ok((chunk, bytes)) => {
                    self.in_flight.taken(bytes);
                    self.chunk = chunk.into_iter();
                }
                Err(_) => break,
            }
        }
        // The reader is done. If it panicked, the inputs did not all arrive: say so rather than
        // end the stream as if they had.
        if let Some(reader) = self.reader.take()
            && let Err(panic) = reader.join()
        {
            std::panic::resume_unwind(panic);
        }
        None
    }
}

impl Drop for Sources {
    fn drop(&mut self) {
        self.in_flight.hang_up();
    }
}

/// Input bytes handed over and not yet taken by the pipeline, and whether it hung up.
#[derive(Debug, Default)]
struct InFlight {
    bytes: Mutex<(usize, bool)>,
    room: Condvar,
    /// The most bytes in flight.
    limit: usize,
}

impl InFlight {
    /// Waits until `bytes` more fit under the limit (or nothing is in flight), then counts them.
    fn reserve(&self, bytes: usize) {
        let mut state = self.bytes.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        while !state.1 && state.0 > 0 && state.0 + bytes > self.limit {
            state = self.room.wait(state).unwrap_or_else(std::sync::PoisonError::into_inner);
        }
        state.0 += bytes;
    }

    fn taken(&self, bytes: usize) {
        let mut state = self.bytes.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        state.0 = state.0.saturating_sub(bytes);
        self.room.notify_one();
    }

    /// The pipeline hung up: a waiting reader goes on, to find the channel closed.
    fn hang_up(&self) {
        self.bytes.lock().unwrap_or_else(std::sync::PoisonError::into_inner).1 = true;
        self.room.notify_one();
    }
}

/// The pipeline hung up; stop reading.
#[derive(Debug)]
pub(crate) struct Stopped;

pub(crate) type Flow = Result<(), Stopped>;

/// Where a document is: its name in the output and its name in messages.
#[derive(Debug, Clone)]
pub(crate) struct Place {
    pub(crate) source: String,
    pub(crate) origin: String,
}

impl Place {
    pub(crate) fn member(&self, name: &str) -> Place {
        Place { source: format!("{}!/{name}", self.source), origin: format!("{}!/{name}", self.origin) }
    }

    pub(crate) fn line(&self, number: u64) -> Place {
        Place { source: format!("{}:{number}", self.source), origin: format!("{}:{number}", self.origin) }
    }
}

/// The reading thread.
pub(crate) struct Producer {
    pub(crate) settings: Settings,
    filters: Filters,
    tx: SyncSender<(Vec<Entry>, usize)>,
    in_flight: Arc<InFlight>,
    /// Entries not handed over yet, and their bytes.
    chunk: Mutex<(Vec<Entry>, usize)>,
    /// Where files are read first ([`SCRATCH_BYTES`]); only this thread reads files, but the URL
    /// threads share the `Producer`.
    scratch: Mutex<Box<[u8]>>,
}

impl Producer {
    fn run(&self, inputs: Vec<PathBuf>) -> Flow {
        for input in inputs {
            if input.as_os_str() == "-" {
                self.stdin_list()?;
                continue;
            }
            match split_pattern(&input) {
                Ok(Some((base, pattern))) => {
                    let found = self.walk(base, |source| pattern.is_match(source))?;
                    if found == 0 {
                        tracing::warn!(pattern = %input.display(), "the pattern matches no file");
                    }
                }
                Ok(None) => {
                    self.walk(input, |_| true)?;
                }
                Err(error) => self.fail(&input.display().to_string(), error)?,
            }
        }
        self.urls()
    }

    /// Reads paths from standard input, one a line, and walks each.
    fn stdin_list(&self) -> Flow {
        for line in io::stdin().lines() {
            match line {
                Ok(line) if line.trim().is_empty() => {}
                Ok(line) => {
                    self.walk(PathBuf::from(line.trim()), |_| true)?;
                }
                Err(source) => return self.fail("-", FetchError::Stdin { source }),
            }
        }
        Ok(())
    }

    /// Walks `root`, reading the files whose source `keep` accepts and the filters admit;
    /// returns how many there were.
    fn walk(&self, root: PathBuf, keep: impl Fn(&str) -> bool) -> Result<u64, Stopped> {
        let mut found = 0;
        for entry in Inputs::new([root]) {
            match entry {
                Ok(file) if !keep(&file.source) => {}
                Ok(file) if !self.filters.admits(&file.source) => {
                    tracing::debug!(source = %file.source, "excluded");
                }
                Ok(file) => {
                    found += 1;
                    self.file(file)?;
                }
                Err(failure) => self.send_entry(Err(failure))?,
            }
        }
        Ok(found)
    }

    /// Reads one file. Its strings move into the item: this runs for every input file.
    fn file(&self, file: InputFile) -> Flow {
        let kind = Kind::of(file.source.rsplit('/').next().unwrap_or_default());
        if matches!(kind, Kind::Plain) && self.settings.read_in_workers {
            return self.unread(file);
        }
        let mut opened = match file.open() {
            Ok(opened) => opened,
            Err(source) => return self.fail(&file.source, FetchError::Read { path: file.path, source }),
        };
        let known_size = file.size;
        let place = Place { source: file.source, origin: display_owned(file.path) };
        match kind {
            Kind::Zip => self.zip(opened, &place, None),
            // Read through the scratch buffer: most files fit, and their size is never asked. A
            // larger one is read on into a buffer of its size: the walk's, or else the open
            // file's (no second lookup of the path).
            Kind::Plain => {
                let size = |opened: &File| known_size.or_else(|| opened.metadata().ok().map(|m| m.len())).unwrap_or(0);
                let read = {
                    let mut scratch = self.scratch.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                    read_at_most_unsized(&mut opened, self.settings.max_document_bytes, &mut scratch, size)
                };
                match read {
                    Ok(Some(bytes)) => {
                        let Place { source, origin } = place;
                        self.send_entry(Ok(Item { source, origin, bytes, charset: None, unread: None }))
                    }
                    Ok(None) => self.too_large(&place),
                    Err(err) => self.fail(&place.source, self.read_error(&place, err, None)),
                }
            }
            _ => {
                let name = place.source.rsplit('/').next().unwrap_or_default();
                self.stream(&mut opened, name, &place, None)
            }
        }
    }

    /// Hands a plain file over unread ([`Settings::read_in_workers`]), with its size; a file that
    /// cannot be asked its size, or is larger than the limit, fails here as reading it would.
    fn unread(&self, file: InputFile) -> Flow {
        let size = match file.size() {
            Ok(size) => size,
            Err(source) => return self.fail(&file.source, FetchError::Read { path: file.path, source }),
        };
        let place = Place { source: file.source.clone(), origin: display_owned(file.path.clone()) };
        let limit = self.settings.max_document_bytes;
        if size > limit {
            return self.too_large(&place);
        }
        let Place { source, origin } = place;
        let unread = Some(Unread { file, size, limit });
        self.send_entry(Ok(Item { source, origin, bytes: Vec::new(), charset: None, unread }))
    }

    /// Reads what `reader` holds, taking it by `name` (see the module docs). `budget` is the
    /// archive's, when inside one.
    pub(crate) fn stream(&self, reader: &mut dyn Read, name: &str, place: &Place, budget: Option<&Budget>) -> Flow {
        match Kind::of(name) {
            Kind::Compressed(format, inner) => self.decompress(reader, format, &inner, place, budget),
            Kind::Tar => self.tar(reader, place, budget),
            Kind::Zip => {
                // A zip needs to seek: a zip inside another archive is read into memory, within
                // the document limit, and opened there.
                match read_at_most(reader, self.settings.max_document_bytes) {
                    Ok(Some(bytes)) => self.zip(io::Cursor::new(bytes), place, budget),
                    Ok(None) => self.too_large(place),
                    Err(err) => self.fail(&place.source, self.read_error(place, err, budget)),
                }
            }
            Kind::Jsonl => self.jsonl(reader, place, budget),
            Kind::Warc => self.warc(reader, place, budget),
            Kind::Plain => self.document(reader, place, budget, None),
        }
    }

    /// Reads one document.
    pub(crate) fn document(
        &self,
        reader: &mut dyn Read,
        place: &Place,
        budget: Option<&Budget>,
        charset: Option<String>,
    ) -> Flow {
        match read_at_most(reader, self.settings.max_document_bytes) {
            Ok(Some(bytes)) => self.item(place, bytes, charset),
            Ok(None) => self.too_large(place),
            Err(err) => self.fail(&place.source, self.read_error(place, err, budget)),
        }
    }

    pub(crate) fn item(&self, place: &Place, bytes: Vec<u8>, charset: Option<String>) -> Flow {
        self.send_entry(Ok(Item {
            source: place.source.clone(),
            origin: place.origin.clone(),
            bytes,
            charset,
            unread: None,
        }))
    }

    pub(crate) fn too_large(&self, place: &Place) -> Flow {
        let limit = self.settings.max_document_bytes;
        self.fail(&place.source, FetchError::TooLarge { origin: place.origin.clone(), limit })
    }

    /// The error for a failed read at `place`: the archive limit, a corrupt archive or file, or
    /// (for a plain file) the file's own read error.
    pub(crate) fn read_error(&self, place: &Place, err: io::Error, budget: Option<&Budget>) -> FetchError {
        match budget {
            Some(budget) if is_over_budget(&err) => {
                budget.set_reported();
                FetchError::ArchiveTooLarge { origin: place.origin.clone(), limit: budget.limit }
            }
            // A file that ends too early is broken content, not a failure to read.
            Some(_) => FetchError::Corrupt { origin: place.origin.clone(), cause: err.to_string() },
            None => file_read_error(&place.origin, err),
        }
    }

    pub(crate) fn fail(&self, source: &str, error: FetchError) -> Flow {
        self.send_entry(Err(Failure { source: source.to_owned(), error }))
    }

    pub(crate) fn send_entry(&self, entry: Entry) -> Flow {
        let full = {
            let mut chunk = self.chunk.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            chunk.1 += entry_bytes(&entry);
            chunk.0.push(entry);
            chunk.0.len() >= CHUNK_ENTRIES || chunk.1 >= CHUNK_BYTES
        };
        if full { self.hand_over() } else { Ok(()) }
    }

    /// Hands the entries read so far over to the pipeline.
    fn hand_over(&self) -> Flow {
        let (entries, bytes) =
            std::mem::take(&mut *self.chunk.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
        if entries.is_empty() {
            return Ok(());
        }
        self.in_flight.reserve(bytes);
        self.tx.send((entries, bytes)).map_err(|_| Stopped)
    }
}

/// What an input is, by its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A compressed stream, and the name of what it holds.
    Compressed(Compression, String),
    Tar,
    Zip,
    Jsonl,
    Warc,
    Plain,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Compression {
    Gzip,
    Zstd,
}

impl Kind {
    pub(crate) fn of(name: &str) -> Kind {
        // Compared in place, not on a lowercased copy: this runs for every input.
        let is = |suffix: &str| {
            name.len() >= suffix.len()
                && name.as_bytes()[name.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
        };
        let stem = |suffix: &str| name[..name.len() - suffix.len()].to_owned();
        if is(".tgz") {
            Kind::Compressed(Compression::Gzip, stem(".tgz") + ".tar")
        } else if is(".gz") {
            Kind::Compressed(Compression::Gzip, stem(".gz"))
        } else if is(".zst") {
            Kind::Compressed(Compression::Zstd, stem(".zst"))
        } else if is(".zstd") {
            Kind::Compressed(Compression::Zstd, stem(".zstd"))
        } else if is(".tar") {
            Kind::Tar
        } else if is(".zip") {
            Kind::Zip
        } else if is(".jsonl") || is(".ndjson") {
            Kind::Jsonl
        } else if is(".warc") {
            Kind::Warc
        } else {
            Kind::Plain
        }
    }
}

/// A path as a string for messages, as `display` shows it, without copying a path that is valid
/// UTF-8.
fn display_owned(path: PathBuf) -> String {
    path.into_os_string().into_string().unwrap_or_else(|path| PathBuf::from(path).display().to_string())
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    #[test]
    fn kinds_by_name() {
        use Compression::*;
        for (name, kind) in [
            ("a.txt", Kind::Plain),
            ("a.TXT.GZ", Kind::Compressed(Gzip, "a.TXT".into())),
            ("corpus.tgz", Kind::Compressed(Gzip, "corpus.tar".into())),
            ("corpus.tar.zst", Kind::Compressed(Zstd, "corpus.tar".into())),
            ("x.tar", Kind::Tar),
            ("x.zip", Kind::Zip),
            ("d.jsonl", Kind::Jsonl),
            ("d.ndjson", Kind::Jsonl),
            ("cc.warc", Kind::Warc),
            ("gz", Kind::Plain),
            ("z", Kind::Plain),
            ("x.Zstd", Kind::Compressed(Zstd, "x".into())),
            ("tiếng việt.NDJSON", Kind::Jsonl),
            ("Ổ.TGZ", Kind::Compressed(Gzip, "Ổ.tar".into())),
            ("bản.warc.txt", Kind::Plain),
            ("ẞ.Zip", Kind::Zip),
        ] {
            assert_eq!(Kind::of(name), kind, "{name}");
        }
    }

    /// Every entry of `dir`, with fetch reading plain files itself or leaving them unread.
    fn entries(dir: &std::path::Path, read_in_workers: bool, max_document_bytes: u64) -> Vec<Entry> {
        let settings = Settings { read_in_workers, max_document_bytes, ..Settings::default() };
        Sources::spawn(vec![dir.to_owned()], settings).unwrap().collect()
    }

    /// The outcome of loading an entry, as a pipeline makes it: a document or a reject.
    fn loaded(entry: Entry) -> Result<ingest_core::Document, ingest_core::Reject> {
        entry.map_err(|failure| failure.into_reject(0)).and_then(|item| crate::load(0, item))
    }

    /// Plain files left unread load to the same documents as files fetch read, and fail as they
    /// do: too large when listed, gone or grown past the limit before they are read. Other inputs
    /// (a JSONL dataset here) are read by fetch either way.
    #[test]
    fn files_left_unread_load_as_files_read() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        fs_write(dir, "a.txt", "Hà Nội mùa thu.".as_bytes());
        fs_write(dir, "b.txt", &[0xe0, 0xf2, 0x20, 0x61]);
        fs_write(dir, "c.jsonl", b"{\"text\":\"m\\u1ed9t\"}\n{\"text\":\"hai\"}\n");
        fs_write(dir, "d.txt", &[b'x'; 100]);
        fs_write(dir, "e.txt", b"short");
        fs_write(dir, "f.txt", b"gone");
        let read = entries(dir, false, 64);
        let unread = entries(dir, true, 64);
        let kinds: Vec<Option<bool>> = unread.iter().map(|e| e.as_ref().ok().map(|i| i.unread.is_some())).collect();
        // a, b, e, f unread; c's two lines read; d too large when listed.
        assert_eq!(kinds, [Some(true), Some(true), Some(false), Some(false), None, Some(true), Some(true)]);
        assert_eq!(unread.iter().map(entry_bytes).collect::<Vec<_>>(), [19, 4, 5, 3, 0, 5, 4]);
        // e grows past the limit and f goes after they were listed.
        fs_write(dir, "e.txt", &[b'y'; 65]);
        fs::remove_file(dir.join("f.txt")).unwrap();
        let (read, unread): (Vec<_>, Vec<_>) =
            (read.into_iter().map(loaded).collect(), unread.into_iter().map(loaded).collect());
        assert_eq!(read[..5], unread[..5]);
        let detail = |r: &Result<ingest_core::Document, ingest_core::Reject>| r.as_ref().unwrap_err().detail.clone();
        assert_eq!(detail(&unread[5]), detail(&read[4]).replace("d.txt", "e.txt"), "grown past the limit");
        assert!(
            detail(&unread[6]).contains("f.txt") && detail(&unread[6]).contains("No such file"),
            "{}",
            detail(&unread[6])
        );
    }

    fn fs_write(dir: &std::path::Path, name: &str, bytes: &[u8]) {
        fs::write(dir.join(name), bytes).unwrap();
    }

    #[test]
    fn paths_show_as_display_shows_them() {
        let mut paths = vec![PathBuf::from("a/b.txt"), PathBuf::from("/tin tức/bài 1.txt"), PathBuf::new()];
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            paths.push(PathBuf::from(std::ffi::OsStr::from_bytes(b"d/\xff\xc3/t\xe1m.txt")));
        }
        for path in paths {
            assert_eq!(display_owned(path.clone()), path.display().to_string());
        }
    }
}
