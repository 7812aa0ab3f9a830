//! A file read once from start to end that gives its bytes back as it goes.

use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

/// Reads `file` and, every 8 MiB, punches a hole where the bytes already read were
/// (Linux; elsewhere, or on a file system that cannot, the file is only read). Their disk blocks
/// and page-cache pages are free for the writes that follow, so copying a file into a new one
/// needs the space of one copy, not two. The file is damaged behind the reader: use it only on a
/// file that is thrown away after it is read.
///
/// Emit reads its finished shards this way; the driver reads its spill file so.
#[derive(Debug)]
pub struct FreeBehind {
    file: File,
    /// Bytes read from the start of the file, and bytes freed (whole pages).
    read: u64,
    freed: u64,
    /// False where punching a hole failed (the file system does not do it).
    punching: bool,
}

pub(crate) const STEP: u64 = 8 << 20;

impl FreeBehind {
    /// Opens `path` to read it (and to punch holes in it, which takes a file open for writing).
    pub(crate) fn open(path: &Path) -> io::Result<FreeBehind> {
        Ok(FreeBehind::new(OpenOptions::new().read(true).write(true).open(path)?))
    }

    /// Reads `file` from where it stands, which must be its start; it must be open for reading
    /// and writing. Its bytes are freed from the start on.
    pub fn new(file: File) -> FreeBehind {
        FreeBehind { file, read: 0, freed: 0, punching: cfg!(target_os = "linux") }
    }

    /// Punches a hole over the whole pages read and not yet freed.
    #[cfg(target_os = "linux")]
    fn free(&mut self) {
        use rustix::fs::{FallocateFlags, fallocate};
        let end = self.read & !4095;
        match fallocate(
            &self.file,
            FallocateFlags::PUNCH_HOLE | FallocateFlags::KEEP_SIZE,
            self.freed,
            end - self.freed,
        ) {
            Ok(()) => self.freed = end,
            Err(_) => self.punching = false,
        }
    }

    #[cfg(not(target_os = "linux"))]
    fn free(&mut self) {}
}

impl Read for FreeBehind {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.file.read(buf)?;
        self.read += n as u64;
        if self.punching && self.read - self.freed >= STEP {
            self.free();
        }
        Ok(n)
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use std::io::Write;
    use std::os::unix::fs::MetadataExt;

    use super::*;

    #[test]
    fn what_was_read_is_given_back_and_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let data: Vec<u8> = (0..(3 * STEP + 12_345)).map(|i| (i % 251) as u8).collect();
        File::create(&path).unwrap().write_all(&data).unwrap();
        let on_disk = |f: &File| f.metadata().unwrap().blocks() * 512;
        let mut reader = FreeBehind::open(&path).unwrap();
        assert!(on_disk(&reader.file) >= data.len() as u64);
        let mut back = Vec::new();
        let mut buf = vec![0u8; 1 << 20];
        loop {
            let n = reader.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            back.extend_from_slice(&buf[..n]);
            // What is left on disk is what is not read yet, give or take a step.
            let left = data.len() as u64 - back.len() as u64;
            assert!(on_disk(&reader.file) <= left + STEP + 4096, "{} on disk, {left} to read", on_disk(&reader.file));
        }
        assert_eq!(back, data, "every byte read as written");
        // Every file system Linux builds run on (ext4, xfs, btrfs, tmpfs, overlayfs) punches holes.
        assert!(reader.punching, "punching a hole failed");
        assert_eq!(reader.freed, 3 * STEP);
        assert!(on_disk(&reader.file) <= STEP, "{} bytes still on disk", on_disk(&reader.file));
    }
}
