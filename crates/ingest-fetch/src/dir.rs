//! Directories held open during the walk, so that each file in them is opened by its name alone.
//!
//! Opening `root/a/b/.../name` by its full path makes the kernel look up every component again,
//! for every file; opening `name` relative to its open directory looks up one. Where that is not
//! available (not unix, or the directory could not be opened) files are opened by their paths.

use std::ffi::OsStr;
use std::fs::File;
use std::io;
use std::path::Path;

/// An open directory.
#[cfg(unix)]
#[derive(Debug)]
pub(crate) struct Dir(std::os::fd::OwnedFd);

/// An open directory: none on this target.
#[cfg(not(unix))]
#[derive(Debug)]
pub(crate) enum Dir {}

#[cfg(unix)]
impl Dir {
    /// Opens the directory at `path`, or `None` when it cannot be (its files are then opened by
    /// their paths, which report whatever is wrong).
    pub(crate) fn open(path: &Path) -> Option<Dir> {
        use rustix::fs::{Mode, OFlags};
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
        rustix::io::retry_on_intr(|| rustix::fs::open(path, flags, Mode::empty())).ok().map(Dir)
    }

    /// Opens the file `name` in this directory for reading, as `File::open` would open its path:
    /// following symbolic links, with the same errors.
    pub(crate) fn open_file(&self, name: &OsStr) -> io::Result<File> {
        use rustix::fs::{Mode, OFlags};
        let flags = OFlags::RDONLY | OFlags::CLOEXEC;
        let fd = rustix::io::retry_on_intr(|| rustix::fs::openat(&self.0, name, flags, Mode::empty()))?;
        Ok(File::from(fd))
    }

    /// The size of the file `name` in this directory, following symbolic links, as
    /// `fs::metadata` of its path gives it.
    pub(crate) fn size_of(&self, name: &OsStr) -> io::Result<u64> {
        let stat = rustix::io::retry_on_intr(|| rustix::fs::statat(&self.0, name, rustix::fs::AtFlags::empty()))?;
        Ok(u64::try_from(stat.st_size).unwrap_or(0))
    }
}

#[cfg(not(unix))]
impl Dir {
    pub(crate) fn open(_path: &Path) -> Option<Dir> {
        None
    }

    pub(crate) fn open_file(&self, _name: &OsStr) -> io::Result<File> {
        match *self {}
    }

    pub(crate) fn size_of(&self, _name: &OsStr) -> io::Result<u64> {
        match *self {}
    }
}
