//! Building the output directory.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use ingest_core::{Document, Outcome, hex};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::EmitError;
use crate::compress::Compression;
use crate::error::IoContext;
use crate::file::JsonlFile;
use crate::manifest::{Counts, FileEntry, Inputs, Manifest};
use crate::provenance::Provenance;
use crate::record::{DocumentRecord, DuplicateRecord, RejectRecord};
use crate::shard::{JournalHeader, Shards, read_journal, start_journal};

pub(crate) const MANIFEST: &str = "manifest.json";

/// How a build is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub compression: Compression,
    /// Uncompressed bytes per document shard before the next one starts.
    pub shard_size: u64,
    /// Every record of `rejects.jsonl` carries a `text` key (the rejected text, or null).
    pub keep_rejected_text: bool,
    /// `git describe` of the tool's source, when it was built from a checkout.
    pub git: Option<String>,
    /// Documents were word-segmented: records carry `segmented` and `metadata.words`.
    pub segmented: bool,
    /// Documents carry `metadata.subword_tokens`.
    pub subword_tokens: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            compression: Compression::None,
            shard_size: 256 << 20,
            keep_rejected_text: false,
            git: None,
            segmented: true,
            subword_tokens: false,
        }
    }
}

/// Writes one build of the dataset; see the crate docs.
#[derive(Debug)]
pub struct Writer {
    out_dir: PathBuf,
    staging: PathBuf,
    options: Options,
    settings: serde_json::Value,
    settings_sha256: String,
    shards: Shards,
    duplicates: JsonlFile,
    rejects: JsonlFile,
    counts: Counts,
    by_kind: BTreeMap<&'static str, u64>,
    inputs_sha: Sha256,
    provenance: Provenance,
    /// Documents already in shards kept from an interrupted run: not written again.
    skip: u64,
    line: Vec<u8>,
    unfinished: Unfinished,
}

impl Writer {
    /// Starts a build that will replace `out_dir` when finished. Refuses a path that exists and is
    /// not a directory ingest wrote, so a mistyped `--out` cannot delete someone's files.
    /// `settings` are the settings that decide the output, recorded in the manifest.
    pub fn create(out_dir: &Path, options: Options, settings: &impl Serialize) -> Result<Writer, EmitError> {
        Writer::open(out_dir, options, settings, false)
    }

    /// Like [`Writer::create`], but keeps the completed document shards of an interrupted build
    /// of the same settings and tool version (as its journal records them), so the run redoes only
    /// the rest. The caller must feed every input again, in the same order; [`Writer::skipped`]
    /// says how many documents need no segmenting.
    pub fn resume(out_dir: &Path, options: Options, settings: &impl Serialize) -> Result<Writer, EmitError> {
        Writer::open(out_dir, options, settings, true)
    }

    fn open(out_dir: &Path, options: Options, settings: &impl Serialize, resume: bool) -> Result<Writer, EmitError> {
        check_replaceable(out_dir)?;
        let staging = sibling(out_dir, "partial")?;
        let settings = serde_json::to_value(settings)?;
        let settings_sha256 = hex(&Sha256::digest(serde_json::to_vec(&settings)?));
        let header =
            JournalHeader { version: env!("CARGO_PKG_VERSION").to_owned(), settings_sha256: settings_sha256.clone() };
        let kept = if resume {
            match read_journal(&staging, options.compression) {
                Some((found, shards)) if found == header => shards,
                Some(_) => {
                    tracing::warn!("the interrupted build used other settings or another version: starting over");
                    Vec::new()
                }
                None => Vec::new(),
            }
        } else {
            Vec::new()
        };
        if kept.is_empty() {
            if staging.exists() {
                fs::remove_dir_all(&staging).at(&staging)?;
            }
            fs::create_dir_all(&staging).at(&staging)?;
            start_journal(&staging, &header)?;
        } else {
            remove_unjournaled(&staging, kept.len())?;
            tracing::info!("resuming: keeping {} completed shards", kept.len());
        }
        let shards = Shards::new(&staging, options.compression, options.shard_size, kept);
        Ok(Writer {
            out_dir: out_dir.to_owned(),
            skip: shards.documents_done(),
            shards,
            duplicates: JsonlFile::create(&staging, "duplicates.jsonl")?,
            rejects: JsonlFile::create(&staging, "rejects.jsonl")?,
            staging: staging.clone(),
            options,
            settings,
            settings_sha256,
            counts: Counts::default(),
            by_kind: BTreeMap::new(),
            inputs_sha: Sha256::new(),
            provenance: Provenance::default(),
            line: Vec::with_capacity(1 << 16),
            unfinished: Unfinished(Some(staging)),
        })
    }

    /// Documents kept from an interrupted build: the first this many documents of the run are
    /// already written and need no segmenting.
    pub fn skipped(&self) -> u64 {
        self.skip
    }

    /// Writes the outcome of the next input, in input order.
    pub fn write(&mut self, outcome: &Outcome) -> Result<(), EmitError> {
        self.write_with_text(outcome, None)
    }

    /// As [`Writer::write`]; a reject's `rejected_text` is written with it when the writer keeps
    /// rejected text.
    pub fn write_with_text(&mut self, outcome: &Outcome, rejected_text: Option<&str>) -> Result<(), EmitError> {
        self.write_with_line(outcome, rejected_text, None)
    }

    /// As [`Writer::write_with_text`]; a document's line is `line` when given, as
    /// [`document_line`] made it with this writer's options (in parallel with others, say).
    pub fn write_with_line(
        &mut self,
        outcome: &Outcome,
        rejected_text: Option<&str>,
        line: Option<&[u8]>,
    ) -> Result<(), EmitError> {
        self.counts.inputs += 1;
        match outcome {
            Outcome::Document(doc) => {
                self.fingerprint(&doc.source, &doc.metadata.raw_sha256);
                self.counts.documents += 1;
                if self.counts.documents <= self.skip {
                    return Ok(());
                }
                if let Some(line) = line {
                    return self.shards.write(line, &doc.id);
                }
                let mut line = std::mem::take(&mut self.line);
                line.clear();
                append_document_line(&mut line, doc, &self.options)?;
                let written = self.shards.write(&line, &doc.id);
                self.line = line;
                written
            }
            Outcome::Duplicate(dup) => {
                self.fingerprint(&dup.source, &dup.raw_sha256);
                self.counts.duplicates += 1;
                *self.by_kind.entry(dup.kind.as_str()).or_default() += 1;
                self.provenance.record(&dup.duplicate_of, &dup.source);
                self.duplicates.write(&DuplicateRecord::from(dup))
            }
            Outcome::Reject(rej) => {
                self.fingerprint(&rej.source, "");
                self.counts.rejects += 1;
                let mut record = RejectRecord::from(rej);
                if self.options.keep_rejected_text {
                    record.text = Some(rejected_text);
                }
                self.rejects.write(&record)
            }
        }
    }

    fn fingerprint(&mut self, source: &str, raw_sha256: &str) {
        self.inputs_sha.update(source.as_bytes());
        self.inputs_sha.update(b"\t");
        self.inputs_sha.update(raw_sha256.as_bytes());
        self.inputs_sha.update(b"\n");
    }

    /// Counts so far.
    pub fn counts(&self) -> Counts {
        self.counts
    }

    /// Completes every file, writes the manifest with `stats`, and puts the build in place of the
    /// output directory.
    pub fn finish<T: Serialize>(mut self, stats: T) -> Result<Manifest<T>, EmitError> {
        if self.counts.documents < self.skip {
            return Err(EmitError::ResumeMismatch {
                detail: format!(
                    "the interrupted build had written {} documents, this run has only {}",
                    self.skip, self.counts.documents
                ),
            });
        }
        let mut files = self.shards.finish(&self.provenance)?;
        let card = crate::card::card(self.options.segmented, self.options.subword_tokens, &self.counts, &files);
        files.push(self.duplicates.finish()?);
        files.push(self.rejects.finish()?);
        files.push(write_card(&self.staging, &card)?);
        let manifest = Manifest {
            tool: "ingest",
            version: env!("CARGO_PKG_VERSION"),
            git: self.options.git.clone(),
            settings: self.settings,
            settings_sha256: self.settings_sha256,
            inputs: Inputs { count: self.counts.inputs, sha256: hex(&self.inputs_sha.finalize()) },
            counts: self.counts,
            duplicates: self.by_kind,
            stats,
            files,
        };
        write_manifest(&self.staging, &manifest)?;
        swap_into_place(&self.staging, &self.out_dir)?;
        self.unfinished.0 = None;
        Ok(manifest)
    }
}

/// The line of `doc` in the documents file, as a writer with `options` writes it: apart from the
/// writer, so that lines can be made in parallel and handed to [`Writer::write_with_line`].
pub fn document_line(doc: &Document, options: &Options) -> Result<Vec<u8>, EmitError> {
    document_line_in(doc, options, Vec::new())
}

/// [`document_line`], made in `line` (emptied first): a buffer a line written before leaves, so
/// that a run allocates its line buffers once rather than one per document.
pub fn document_line_in(doc: &Document, options: &Options, mut line: Vec<u8>) -> Result<Vec<u8>, EmitError> {
    // Room for the long strings with a `\n` escape every 16 bytes, and for the metadata.
    let removed: usize = doc.metadata.removed.iter().map(|r| r.line.len() + 32).sum();
    let long = doc.text.len() + doc.segmented.len();
    line.clear();
    line.reserve(long + long / 16 + removed + 2048);
    append_document_line(&mut line, doc, options)?;
    Ok(line)
}

fn append_document_line(line: &mut Vec<u8>, doc: &Document, options: &Options) -> Result<(), EmitError> {
    crate::json::append_document(line, &DocumentRecord::of(doc, options.segmented))?;
    line.push(b'\n');
    Ok(())
}

/// Writes the dataset card as `README.md`; its manifest entry.
fn write_card(staging: &Path, card: &str) -> Result<FileEntry, EmitError> {
    let path = staging.join("README.md");
    fs::write(&path, card).at(&path)?;
    Ok(FileEntry {
        name: "README.md".into(),
        lines: card.lines().count() as u64,
        bytes: card.len() as u64,
        uncompressed_bytes: None,
        sha256: hex(&Sha256::digest(card.as_bytes())),
    })
}

/// Removes what an interrupted build left that its journal does not vouch for: partial shards,
/// shards after the kept ones, the other files (rewritten from the start).
fn remove_unjournaled(staging: &Path, kept: usize) -> Result<(), EmitError> {
    for entry in fs::read_dir(staging).at(staging)? {
        let path = entry.at(staging)?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let keep = name == crate::shard::JOURNAL
            || (name.ends_with(".done")
                && name
                    .strip_prefix("documents-")
                    .and_then(|rest| rest.get(..5))
                    .and_then(|n| n.parse::<usize>().ok())
                    .is_some_and(|n| n < kept));
        if !keep {
            fs::remove_file(&path).at(&path)?;
        }
    }
    Ok(())
}

/// Removes the staging directory of a build dropped unfinished (an error stopped the run), so it
/// leaves nothing behind; the previous output was never touched. A killed process cannot run
/// this: its staging directory stays for `--resume`.
#[derive(Debug)]
struct Unfinished(Option<PathBuf>);

impl Drop for Unfinished {
    fn drop(&mut self) {
        if let Some(staging) = self.0.take().filter(|s| s.exists())
            && let Err(err) = fs::remove_dir_all(&staging)
        {
            tracing::warn!(path = %staging.display(), "cannot remove unfinished build: {err}");
        }
    }
}

fn write_manifest<T: Serialize>(dir: &Path, manifest: &Manifest<T>) -> Result<(), EmitError> {
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
                similarity: None,
                raw_sha256: "00".into(),
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
        let mut writer = Writer::create(out, Options::default(), &"settings")?;
        for outcome in outcomes() {
            writer.write(&outcome)?;
        }
        writer.finish("stats")
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
        assert_eq!(names, ["README.md", "documents.jsonl", "duplicates.jsonl", "manifest.json", "rejects.jsonl"]);
        let docs = fs::read_to_string(out.join("documents.jsonl")).unwrap();
        assert_eq!(
            docs,
            "{\"id\":\"ab\",\"text\":\"Hà Nội \\\"x\\\"\",\"title\":null,\"source\":\"a.txt\",\"segmented\":\"Hà_Nội \\\" x \\\"\",\
             \"metadata\":{\"encoding\":\"\",\"encoding_reason\":\"\",\"bytes\":0,\"chars\":0,\"syllables\":0,\"words\":0,\"raw_sha256\":\"\",\"input_segmented\":false,\"byline\":null,\"removed\":[],\"lang\":null,\"lang_confidence\":null,\"quality\":null,\"published\":null,\"author\":null,\"url\":null,\"site\":null}}\n"
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
    fn a_build_dropped_unfinished_leaves_nothing_and_keeps_the_previous_one() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        build(&out).unwrap();
        let before = fs::read(out.join("documents.jsonl")).unwrap();
        let mut writer = Writer::create(&out, Options::default(), &"settings").unwrap();
        writer.write(&outcomes()[2]).unwrap();
        drop(writer);
        let names: Vec<_> = fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["out"]);
        assert_eq!(fs::read(out.join("documents.jsonl")).unwrap(), before);
    }

    #[test]
    fn rejected_text_is_written_only_when_kept() {
        let tmp = tempfile::tempdir().unwrap();
        for (keep, want) in [
            (
                false,
                "{\"source\":\"c.bin\",\"stage\":\"fetch\",\"reason\":\"binary\",\"detail\":\"binary data (PNG image)\"}\n",
            ),
            (
                true,
                "{\"source\":\"c.bin\",\"stage\":\"fetch\",\"reason\":\"binary\",\"detail\":\"binary data (PNG image)\",\"text\":\"Hà Nội\"}\n",
            ),
        ] {
            let out = tmp.path().join(format!("out-{keep}"));
            let options = Options { keep_rejected_text: keep, ..Options::default() };
            let mut writer = Writer::create(&out, options, &"settings").unwrap();
            writer.write_with_text(&outcomes()[2], Some("Hà Nội")).unwrap();
            writer.finish("stats").unwrap();
            assert_eq!(fs::read_to_string(out.join("rejects.jsonl")).unwrap(), want);
        }
        let out = tmp.path().join("null");
        let options = Options { keep_rejected_text: true, ..Options::default() };
        let mut writer = Writer::create(&out, options, &"settings").unwrap();
        writer.write(&outcomes()[2]).unwrap();
        writer.finish("stats").unwrap();
        assert!(fs::read_to_string(out.join("rejects.jsonl")).unwrap().ends_with(",\"text\":null}\n"));
    }

    fn doc(i: usize) -> Outcome {
        Outcome::Document(Box::new(Document {
            ordinal: i as u64,
            id: format!("{i:064x}"),
            text: format!("Văn bản số {i}. ").repeat(20),
            source: format!("{i}.txt"),
            ..Document::default()
        }))
    }

    fn shard_build(out: &Path, options: Options, docs: usize) -> Manifest<&'static str> {
        let mut writer = Writer::create(out, options, &"settings").unwrap();
        for i in 0..docs {
            writer.write(&doc(i)).unwrap();
        }
        writer.finish("stats").unwrap()
    }

    /// A build of the first `docs` documents that dies before finishing (forget skips clean-up, as
    /// SIGKILL would), its completed shards left in the staging directory.
    fn killed_build(out: &Path, options: &Options, settings: &'static str, docs: usize) {
        let mut writer = Writer::create(out, options.clone(), &settings).unwrap();
        for i in 0..docs {
            writer.write(&doc(i)).unwrap();
        }
        std::mem::forget(writer);
    }

    /// Writes the 60 documents of a build through `resumed`, finishes it, and checks that its files
    /// are those of the uninterrupted build in `whole`.
    fn finish_like(mut resumed: Writer, out: &Path, whole: &Path, manifest: &Manifest<&'static str>) {
        for i in 0..60 {
            resumed.write(&doc(i)).unwrap();
        }
        assert_eq!(resumed.finish("stats").unwrap().files, manifest.files);
        for file in &manifest.files {
            assert_eq!(
                fs::read(out.join(&file.name)).unwrap(),
                fs::read(whole.join(&file.name)).unwrap(),
                "{}",
                file.name
            );
        }
    }

    /// Every document line of a build, decompressed, in shard order.
    fn lines(out: &Path, manifest: &Manifest<&'static str>) -> Vec<String> {
        let mut all = Vec::new();
        for file in manifest.files.iter().filter(|f| f.name.starts_with("documents")) {
            let mut text = String::new();
            std::io::Read::read_to_string(
                &mut crate::reader(File::open(out.join(&file.name)).unwrap(), &file.name).unwrap(),
                &mut text,
            )
            .unwrap();
            assert_eq!(text.lines().count() as u64, file.lines, "{}", file.name);
            assert_eq!(file.uncompressed_bytes, Some(text.len() as u64));
            all.extend(text.lines().map(str::to_owned));
        }
        all
    }

    #[test]
    fn shards_roll_over_and_compress_to_the_same_records() {
        let tmp = tempfile::tempdir().unwrap();
        let plain = shard_build(&tmp.path().join("plain"), Options::default(), 50);
        assert_eq!(plain.files[0].name, "documents.jsonl", "one shard keeps the plain name");
        let want = lines(&tmp.path().join("plain"), &plain);
        for compression in [Compression::None, Compression::Zstd { level: 3 }, Compression::Gzip { level: 6 }] {
            let out = tmp.path().join(compression.name());
            let options = Options { compression, shard_size: 4096, ..Options::default() };
            let manifest = shard_build(&out, options, 50);
            let names: Vec<&str> = manifest.files.iter().map(|f| f.name.as_str()).collect();
            let ext = compression.extension();
            assert!(names.len() > 4, "{names:?}");
            assert_eq!(names[0], format!("documents-00000.jsonl{ext}"));
            assert_eq!(names[1], format!("documents-00001.jsonl{ext}"));
            assert_eq!(lines(&out, &manifest), want, "{}", compression.name());
            for file in manifest.files.iter().filter(|f| f.name.starts_with("documents")) {
                assert!(file.uncompressed_bytes.unwrap() <= 4096);
                let bytes = fs::read(out.join(&file.name)).unwrap();
                use sha2::Digest;
                assert_eq!(file.sha256, ingest_core::hex(&sha2::Sha256::digest(&bytes)));
            }
        }
    }

    /// A gzip build's shards are zstd until the end (`Compression::interim`): resume finds them by
    /// that name and still gives the same gzip bytes.
    #[test]
    fn resume_keeps_journaled_shards_and_gives_the_same_bytes() {
        for (compression, interim) in [
            (Compression::Zstd { level: 3 }, ".zst"),
            (Compression::Gzip { level: 6 }, ".zst"),
            (Compression::None, ""),
        ] {
            let tmp = tempfile::tempdir().unwrap();
            let options = Options { compression, shard_size: 4096, ..Options::default() };
            let whole = tmp.path().join("whole");
            let manifest = shard_build(&whole, options.clone(), 60);
            let out = tmp.path().join("out");
            // An interrupted build: shards completed, then the process dies.
            killed_build(&out, &options, "settings", 40);
            let staging = tmp.path().join(".out.partial");
            assert!(staging.join("journal.jsonl").exists());
            assert!(staging.join(format!("documents-00000.jsonl{interim}.done")).exists(), "{compression:?}");
            // Resuming with other settings starts over; with the same ones it keeps the shards.
            let other = Writer::resume(&out, options.clone(), &"other settings").unwrap();
            assert_eq!(other.skipped(), 0);
            std::mem::forget(other);
            killed_build(&out, &options, "settings", 40);
            let resumed = Writer::resume(&out, options, &"settings").unwrap();
            let skipped = resumed.skipped();
            assert!(skipped > 0 && skipped < 40, "{compression:?}: {skipped}");
            finish_like(resumed, &out, &whole, &manifest);
            assert!(!staging.exists());
        }
    }

    /// A `.done` file that no longer holds what its journal line says is made again, with the
    /// shards after it; the shards before it are kept, and the build is the same:
    /// - finishing gives a shard's `.done` file back as it copies it, so a run that ends then
    ///   leaves zeros (a hole) where its start was;
    /// - `.done` shards and journal lines are not synced, so after a power failure a shard may
    ///   have lost its end, or all of it.
    #[test]
    fn resume_makes_again_a_shard_whose_done_file_is_damaged() {
        for damage in ["hole", "cut short", "empty", "missing"] {
            let tmp = tempfile::tempdir().unwrap();
            let options = Options { shard_size: 4096, ..Options::default() };
            let whole = tmp.path().join("whole");
            let manifest = shard_build(&whole, options.clone(), 60);
            let out = tmp.path().join("out");
            killed_build(&out, &options, "settings", 40);
            let done = tmp.path().join(".out.partial").join("documents-00001.jsonl.done");
            let bytes = fs::read(&done).unwrap();
            match damage {
                "hole" => fs::write(&done, [&[0; 100][..], &bytes[100..]].concat()).unwrap(),
                "cut short" => fs::write(&done, &bytes[..bytes.len() / 2]).unwrap(),
                "empty" => fs::write(&done, b"").unwrap(),
                _ => fs::remove_file(&done).unwrap(),
            }
            let resumed = Writer::resume(&out, options, &"settings").unwrap();
            assert_eq!(resumed.skipped(), manifest.files[0].lines, "{damage}: only the first shard is kept");
            finish_like(resumed, &out, &whole, &manifest);
        }
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
        // With a duplicate, the shards are rewritten to add `duplicate_sources`; without one,
        // they keep their bytes and are hashed by reading them.
        for with_duplicate in [true, false] {
            let tmp = tempfile::tempdir().unwrap();
            let out = tmp.path().join("out");
            let mut writer = Writer::create(&out, Options::default(), &"settings").unwrap();
            for mut outcome in outcomes() {
                // Ids as long as real ones, which is what `duplicate_sources` goes by.
                match &mut outcome {
                    Outcome::Document(doc) => doc.id = "ab".repeat(32),
                    Outcome::Duplicate(dup) => dup.duplicate_of = "ab".repeat(32),
                    Outcome::Reject(_) => {}
                }
                if with_duplicate || !matches!(outcome, Outcome::Duplicate(_)) {
                    writer.write(&outcome).unwrap();
                }
            }
            let manifest = writer.finish("stats").unwrap();
            let documents = fs::read_to_string(out.join("documents.jsonl")).unwrap();
            assert_eq!(documents.contains("duplicate_sources"), with_duplicate);
            for entry in &manifest.files {
                let bytes = fs::read(out.join(&entry.name)).unwrap();
                use sha2::Digest;
                assert_eq!(entry.sha256, ingest_core::hex(&sha2::Sha256::digest(&bytes)), "{}", entry.name);
                assert_eq!(entry.bytes, bytes.len() as u64);
                assert_eq!(entry.lines, bytes.iter().filter(|&&b| b == b'\n').count() as u64);
            }
        }
    }
}
