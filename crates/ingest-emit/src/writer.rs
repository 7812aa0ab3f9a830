//! Building the output directory.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use ingest_core::Outcome;
use serde::Serialize;

use crate::EmitError;
use crate::error::IoContext;
use crate::file::JsonlFile;
use crate::manifest::{Counts, Manifest};
use crate::record::{DocumentRecord, DuplicateRecord, RejectRecord};

const MANIFEST: &str = "manifest.json";

/// Writes one build of the dataset; see the crate docs.
#[derive(Debug)]
pub struct Writer {
    out_dir: PathBuf,
    staging: PathBuf,
    documents: JsonlFile,
    duplicates: JsonlFile,
    rejects: JsonlFile,
    counts: Counts,
}

impl Writer {
    /// Starts a build that will replace `out_dir` when finished. Refuses a path that exists and is
    /// not a directory ingest wrote, so a mistyped `--out` cannot delete someone's files.
    pub fn create(out_dir: &Path) -> Result<Writer, EmitError> {
        check_replaceable(out_dir)?;
        let staging = sibling(out_dir, "partial")?;
        if staging.exists() {
            fs::remove_dir_all(&staging).at(&staging)?;
        }
        fs::create_dir_all(&staging).at(&staging)?;
        Ok(Writer {
            out_dir: out_dir.to_owned(),
            documents: JsonlFile::create(&staging, "documents.jsonl")?,
            duplicates: JsonlFile::create(&staging, "duplicates.jsonl")?,
            rejects: JsonlFile::create(&staging, "rejects.jsonl")?,
            staging,
            counts: Counts::default(),
        })
    }

    /// Writes the outcome of the next input, in input order.
    pub fn write(&mut self, outcome: &Outcome) -> Result<(), EmitError> {
        self.counts.inputs += 1;
        match outcome {
            Outcome::Document(doc) => {
                self.counts.documents += 1;
                self.documents.write(&DocumentRecord::from(doc.as_ref()))
            }
            Outcome::Duplicate(dup) => {
                self.counts.duplicates += 1;
                self.duplicates.write(&DuplicateRecord::from(dup))
            }
            Outcome::Reject(rej) => {
                self.counts.rejects += 1;
                self.rejects.write(&RejectRecord::from(rej))
            }
        }
    }

    /// Counts so far.
    pub fn counts(&self) -> Counts {
        self.counts
    }

    /// Completes every file, writes the manifest with `settings`, and puts the build in place of
    /// the output directory.
    pub fn finish<S: Serialize>(self, settings: S) -> Result<Manifest<S>, EmitError> {
        let files = vec![self.documents.finish()?, self.duplicates.finish()?, self.rejects.finish()?];
        let manifest =
            Manifest { tool: "ingest", version: env!("CARGO_PKG_VERSION"), settings, counts: self.counts, files };
        write_manifest(&self.staging, &manifest)?;
        swap_into_place(&self.staging, &self.out_dir)?;
        Ok(manifest)
    }
}

fn write_manifest<S: Serialize>(dir: &Path, manifest: &Manifest<S>) -> Result<(), EmitError> {
    let tmp = dir.join(format!("{MANIFEST}.tmp"));
    let mut json = serde_json::to_vec_pretty(manifest)?;
    json.push(b'\n');
    let mut file = File::create(&tmp).at(&tmp)?;
    file.write_all(&json).at(&tmp)?;
    file.sync_all().at(&tmp)?;
    fs::rename(&tmp, dir.join(MANIFEST)).at(dir.join(MANIFEST))
}

/// `out_dir` may be replaced if it does not exist, is empty, or holds a manifest.
fn check_replaceable(out_dir: &Path) -> Result<(), EmitError> {
    let meta = match fs::metadata(out_dir) {
        Ok(meta) => meta,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(err) => return Err(EmitError::Io { path: out_dir.to_owned(), source: err }),
    };
    if !meta.is_dir() {
        return Err(EmitError::NotADirectory { path: out_dir.to_owned() });
    }
    let empty = fs::read_dir(out_dir).at(out_dir)?.next().is_none();
    if empty || out_dir.join(MANIFEST).is_file() {
        Ok(())
    } else {
        Err(EmitError::NotAnOutputDir { path: out_dir.to_owned() })
    }
}

/// `PARENT/.NAME.SUFFIX` for `out_dir` = `PARENT/NAME`: on the same file system, so renames are
/// atomic.
fn sibling(out_dir: &Path, suffix: &str) -> Result<PathBuf, EmitError> {
    let name = out_dir.file_name().ok_or_else(|| EmitError::Unnamed { path: out_dir.to_owned() })?;
    let parent = out_dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(parent).at(parent)?;
    Ok(parent.join(format!(".{}.{suffix}", name.to_string_lossy())))
}

/// Replaces `out_dir` with `staging`: the old build is moved aside first and removed last, so at
/// every moment one complete build exists under one of the two names.
fn swap_into_place(staging: &Path, out_dir: &Path) -> Result<(), EmitError> {
    let previous = sibling(out_dir, "previous")?;
    if previous.exists() {
        fs::remove_dir_all(&previous).at(&previous)?;
    }
    let had_previous = out_dir.exists();
    if had_previous {
        fs::rename(out_dir, &previous).at(out_dir)?;
    }
    fs::rename(staging, out_dir).at(out_dir)?;
    if had_previous {
        fs::remove_dir_all(&previous).at(&previous)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ingest_core::{Document, Duplicate, DuplicateKind, Reject, RejectReason, Stage};

    fn outcomes() -> Vec<Outcome> {
        vec![
            Outcome::Document(Box::new(Document {
                id: "ab".into(),
                text: "Hà Nội \"x\"".into(),
                source: "a.txt".into(),
                segmented: "Hà_Nội \" x \"".into(),
                ..Document::default()
            })),
            Outcome::Duplicate(Duplicate {
                ordinal: 1,
                source: "b.txt".into(),
                duplicate_of: "ab".into(),
                kind: DuplicateKind::Exact,
            }),
            Outcome::Reject(Reject {
                ordinal: 2,
                source: "c.bin".into(),
                stage: Stage::Fetch,
                reason: RejectReason::Binary,
                detail: "binary data (PNG image)".into(),
            }),
        ]
    }

    fn build(out: &Path) -> Result<Manifest<&'static str>, EmitError> {
        let mut writer = Writer::create(out)?;
        for outcome in outcomes() {
            writer.write(&outcome)?;
        }
        writer.finish("settings")
    }

    #[test]
    fn writes_every_file_and_replaces_the_previous_build() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        build(&out).unwrap();
        fs::write(out.join("stale.txt"), "from an older build").unwrap();
        let manifest = build(&out).unwrap();
        assert_eq!(manifest.counts, Counts { inputs: 3, documents: 1, duplicates: 1, rejects: 1 });
        let mut names: Vec<String> =
            fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        assert_eq!(names, ["documents.jsonl", "duplicates.jsonl", "manifest.json", "rejects.jsonl"]);
        let docs = fs::read_to_string(out.join("documents.jsonl")).unwrap();
        assert_eq!(
            docs,
            "{\"id\":\"ab\",\"text\":\"Hà Nội \\\"x\\\"\",\"title\":null,\"source\":\"a.txt\",\"segmented\":\"Hà_Nội \\\" x \\\"\",\
             \"metadata\":{\"encoding\":\"\",\"bytes\":0,\"chars\":0,\"syllables\":0,\"words\":0,\"raw_sha256\":\"\",\"input_segmented\":false,\"encoding_reason\":\"\"}}\n"
        );
        let rejects = fs::read_to_string(out.join("rejects.jsonl")).unwrap();
        assert_eq!(
            rejects,
            "{\"source\":\"c.bin\",\"stage\":\"fetch\",\"reason\":\"binary\",\"detail\":\"binary data (PNG image)\"}\n"
        );
        let only_out: Vec<_> = fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(only_out, ["out"], "no staging or previous directory is left behind");
    }

    #[test]
    fn refuses_to_replace_a_directory_it_did_not_write() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("home");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("thesis.tex"), "precious").unwrap();
        let err = build(&out).unwrap_err();
        assert!(matches!(err, EmitError::NotAnOutputDir { .. }), "{err}");
        assert_eq!(fs::read_to_string(out.join("thesis.tex")).unwrap(), "precious");

        let file = tmp.path().join("file");
        fs::write(&file, "x").unwrap();
        assert!(matches!(build(&file).unwrap_err(), EmitError::NotADirectory { .. }));
    }

    #[test]
    fn manifest_hashes_match_the_files() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let manifest = build(&out).unwrap();
        for entry in &manifest.files {
            let bytes = fs::read(out.join(&entry.name)).unwrap();
            use sha2::Digest;
            assert_eq!(entry.sha256, ingest_core::hex(&sha2::Sha256::digest(&bytes)), "{}", entry.name);
            assert_eq!(entry.bytes, bytes.len() as u64);
            assert_eq!(entry.lines, bytes.iter().filter(|&&b| b == b'\n').count() as u64);
        }
    }
}
