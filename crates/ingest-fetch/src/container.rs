//! Compressed files and archives: gzip, zstd, tar, zip.
//!
//! Nothing is ever written to disk: members are read from the archive stream straight into
//! memory, one at a time and within the document limit, so member names (absolute, `..`) are
//! only names. Everything decompressed is charged to the archive's budget (the per-archive limit);
//! when it runs out, the member being read is rejected `too_large` and the rest of the archive
//! is not read, so a decompression bomb costs a reject, not the machine's memory.

use std::cell::Cell;
use std::io::{BufReader, Read, Seek};

use flate2::read::MultiGzDecoder;

use crate::FetchError;
use crate::limit::{Budget, Metered};
use crate::source::{Compression, Flow, Place, Producer};

impl Producer {
    /// Decompresses `reader` and reads what it holds by `inner`, its name without the suffix.
    pub(crate) fn decompress(
        &self,
        reader: &mut dyn Read,
        format: Compression,
        inner: &str,
        place: &Place,
        budget: Option<&Budget>,
    ) -> Flow {
        let mut own = None;
        let budget = self.budget(budget, &mut own);
        let mut decoder: Box<dyn Read + '_> = match format {
            Compression::Gzip => Box::new(MultiGzDecoder::new(BufReader::new(reader))),
            Compression::Zstd => match zstd::Decoder::new(reader) {
                Ok(decoder) => Box::new(decoder),
                Err(err) => return self.fail(&place.source, self.read_error(place, err, Some(budget))),
            },
        };
        let mut metered = Metered::new(&mut decoder, budget);
        self.stream(&mut metered, inner, place, Some(budget))
    }

    /// Reads each regular member of a tar stream. `reader` is already metered when `budget` is
    /// given (a tar inside a compressed file); a bare tar gets a budget of its own.
    pub(crate) fn tar(&self, reader: &mut dyn Read, place: &Place, budget: Option<&Budget>) -> Flow {
        let mut own = None;
        let metered_upstream = budget.is_some();
        let budget = self.budget(budget, &mut own);
        let mut reader: Box<dyn Read + '_> =
            if metered_upstream { Box::new(reader) } else { Box::new(Metered::new(reader, budget)) };
        // Once the tar stream itself fails, nothing after can be read: the member being read
        // when it failed carries the reject, and the archive stops there.
        let broken = Cell::new(false);
        let mut archive = tar::Archive::new(Watched { inner: &mut reader, broken: &broken });
        let entries = match archive.entries() {
            Ok(entries) => entries,
            Err(err) => return self.fail(&place.source, self.read_error(place, err, Some(budget))),
        };
        for entry in entries {
            let mut entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    if !budget.is_reported() {
                        self.fail(&place.source, self.read_error(place, err, Some(budget)))?;
                    }
                    return Ok(());
                }
            };
            let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
            if !entry.header().entry_type().is_file() || is_hidden(&name) {
                tracing::debug!(archive = %place.origin, member = %name, "skipping member that is not a regular file");
                continue;
            }
            self.stream(&mut entry, &name, &place.member(&name), Some(budget))?;
            if budget.is_spent() || broken.get() {
                return Ok(());
            }
        }
        Ok(())
    }

    /// The archive's budget: the one given (inside an archive), else a new one kept in `own`.
    fn budget<'a>(&self, given: Option<&'a Budget>, own: &'a mut Option<Budget>) -> &'a Budget {
        match given {
            Some(budget) => budget,
            None => own.insert(Budget::new(self.settings.max_archive_bytes)),
        }
    }

    /// Reads each file member of a zip archive.
    pub(crate) fn zip<R: Read + Seek>(&self, reader: R, place: &Place, budget: Option<&Budget>) -> Flow {
        let mut own = None;
        let budget = self.budget(budget, &mut own);
        let mut archive = match zip::ZipArchive::new(reader) {
            Ok(archive) => archive,
            Err(err) => return self.fail(&place.source, corrupt(place, err)),
        };
        for index in 0..archive.len() {
            let name = match archive.name_for_index(index) {
                Some(Ok(name)) => name.into_owned(),
                _ => format!("#{index}"),
            };
            let member = place.member(&name);
            let mut file = match archive.by_index(index) {
                Ok(file) => file,
                Err(err) => {
                    self.fail(&member.source, corrupt(&member, err))?;
                    continue;
                }
            };
            if file.is_dir() || file.is_symlink() || is_hidden(&name) {
                tracing::debug!(archive = %place.origin, member = %name, "skipping member that is not a regular file");
                continue;
            }
            let mut metered = Metered::new(&mut file, budget);
            self.stream(&mut metered, &name, &member, Some(budget))?;
            if budget.is_spent() {
                return Ok(());
            }
        }
        Ok(())
    }
}

/// A reader that remembers whether it ever failed.
struct Watched<'a, R> {
    inner: R,
    broken: &'a Cell<bool>,
}

impl<R: Read> Read for Watched<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let result = self.inner.read(buf);
        if result.is_err() {
            self.broken.set(true);
        }
        result
    }
}

fn corrupt(place: &Place, err: zip::result::ZipError) -> FetchError {
    FetchError::Corrupt { origin: place.origin.clone(), cause: err.to_string() }
}

/// Members the walk would skip as hidden: a name component starting with `.` (and macOS's
/// `__MACOSX/` resource forks).
fn is_hidden(name: &str) -> bool {
    name.split('/').any(|part| (part.starts_with('.') && part != "." && part != "..") || part == "__MACOSX")
}
