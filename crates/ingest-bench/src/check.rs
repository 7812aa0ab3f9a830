//! The correctness of a run: what `ingest run` decided for every file of a generated corpus,
//! against what `truth.json` says the file is.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use anyhow::{Context, Result};
use serde::Deserialize;

use crate::corpus::{FileTruth, Kind, Truth};

/// What the run did with one input.
#[derive(Debug, Clone, PartialEq)]
enum Got {
    Document { id: String, segmented_input: bool, text_ok: bool },
    Duplicate { kind: String, of: String },
    Reject { reason: String },
    Missing,
}

#[derive(Deserialize)]
struct DocumentLine {
    id: String,
    source: String,
    text: String,
    metadata: DocumentMeta,
}

#[derive(Deserialize)]
struct DocumentMeta {
    input_segmented: bool,
}

#[derive(Deserialize)]
struct DuplicateLine {
    source: String,
    duplicate_of: String,
    kind: String,
}

#[derive(Deserialize)]
struct RejectLine {
    source: String,
    reason: String,
}

/// The result of checking a run.
#[derive(Debug, Default)]
pub struct Report {
    /// Files whose outcome is not the expected one.
    pub wrong: u64,
    /// The same, per kind and form (`variant`, `tcvn3`); only those with some.
    pub wrong_by: BTreeMap<(Kind, String), u64>,
    /// A table for people.
    pub table: String,
}

fn jsonl<T: for<'de> Deserialize<'de>>(path: &Path, mut each: impl FnMut(T)) -> Result<()> {
    let file = File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    for (n, line) in BufReader::with_capacity(1 << 20, file).lines().enumerate() {
        let line = line.with_context(|| format!("cannot read {}", path.display()))?;
        each(serde_json::from_str(&line).with_context(|| format!("{}:{}", path.display(), n + 1))?);
    }
    Ok(())
}

/// Checks the output directory `out` of a run on the corpus `truth` describes.
pub fn check(truth: &Truth, out: &Path) -> Result<Report> {
    let index: HashMap<&str, usize> = truth.files.iter().enumerate().map(|(i, f)| (f.path.as_str(), i)).collect();
    let mut got = vec![Got::Missing; truth.files.len()];
    let mut source_of_id: HashMap<String, usize> = HashMap::new();
    // The documents may be sharded and compressed: read them through the build's manifest.
    let build = ingest_emit::Build::open(out)?;
    let mut malformed: Option<String> = None;
    build.for_each_document(|value| {
        let d = match serde_json::from_value::<DocumentLine>(value) {
            Ok(d) => d,
            Err(err) => {
                malformed.get_or_insert_with(|| err.to_string());
                return;
            }
        };
        if let Some(&i) = index.get(d.source.as_str()) {
            let text_ok = truth.files[i].lead.as_ref().is_none_or(|lead| {
                d.text.starts_with(ingest_clean::normalize::normalize(lead).as_str())
                    && !crate::html::FURNITURE.iter().any(|f| d.text.contains(f))
            });
            source_of_id.insert(d.id.clone(), i);
            got[i] = Got::Document { id: d.id, segmented_input: d.metadata.input_segmented, text_ok };
        }
    })?;
    if let Some(err) = malformed {
        anyhow::bail!("a document record of {} is not as expected: {err}", out.display());
    }
    jsonl(&out.join("duplicates.jsonl"), |d: DuplicateLine| {
        if let Some(&i) = index.get(d.source.as_str()) {
            got[i] = Got::Duplicate { kind: d.kind, of: d.duplicate_of };
        }
    })?;
    jsonl(&out.join("rejects.jsonl"), |r: RejectLine| {
        if let Some(&i) = index.get(r.source.as_str()) {
            got[i] = Got::Reject { reason: r.reason };
        }
    })?;
    let path_of_id = |id: &str| source_of_id.get(id).map(|&i| truth.files[i].path.as_str());
    let mut rows: BTreeMap<(Kind, String), Row> = BTreeMap::new();
    let mut dups = DupScores::default();
    let mut wrong_examples = Vec::new();
    for (file, got) in truth.files.iter().zip(&got) {
        let ok = expected(file, got, &path_of_id);
        let row = rows.entry((file.kind, file.form.clone().unwrap_or_default())).or_default();
        row.files += 1;
        row.ok += u64::from(ok);
        *row.outcomes.entry(outcome_name(got)).or_default() += 1;
        let row = &rows[&(file.kind, file.form.clone().unwrap_or_default())];
        // A few examples of each kind and form that went wrong.
        if !ok && row.files - row.ok <= 2 {
            wrong_examples.push(format!("  {} ({}{}): {got:?}", file.path, file.kind.name(), form_suffix(file)));
        }
        dups.add(file, got, &path_of_id);
    }
    let mut table = String::new();
    let (files, ok): (u64, u64) = rows.values().fold((0, 0), |(f, o), r| (f + r.files, o + r.ok));
    let _ = writeln!(table, "{:<10} {:<18} {:>8} {:>8}  outcomes", "kind", "form", "files", "right");
    for ((kind, form), row) in &rows {
        let outcomes: Vec<String> = row.outcomes.iter().map(|(k, n)| format!("{k} {n}")).collect();
        let _ =
            writeln!(table, "{:<10} {:<18} {:>8} {:>8}  {}", kind.name(), form, row.files, row.ok, outcomes.join(", "));
    }
    let _ = writeln!(
        table,
        "{:<10} {:<18} {:>8} {:>8}  ({:.2}% right)",
        "all",
        "",
        files,
        ok,
        100.0 * ok as f64 / files.max(1) as f64
    );
    let kept_expected =
        truth.files.iter().filter(|f| matches!(f.kind, Kind::Article | Kind::Html | Kind::Segmented)).count();
    let kept = got.iter().filter(|g| matches!(g, Got::Document { .. })).count();
    let _ = writeln!(table, "documents kept: {kept} (truth: {kept_expected})");
    let _ = writeln!(table, "{:<28} {:>9} {:>9} {:>9} {:>9}", "duplicates", "truth", "found", "precision", "recall");
    for (name, s) in [("exact (copies and variants)", dups.exact), ("near", dups.near), ("any kind", dups.any)] {
        let _ = writeln!(
            table,
            "{name:<28} {:>9} {:>9} {:>9} {:>9}",
            s.truth,
            s.found,
            percent(s.right, s.found),
            percent(s.right, s.truth)
        );
    }
    if !wrong_examples.is_empty() {
        let _ = writeln!(
            table,
            "files with another outcome than expected (the first two of each kind):\n{}",
            wrong_examples.join("\n")
        );
    }
    let wrong_by = rows.iter().filter(|(_, r)| r.ok < r.files).map(|(k, r)| (k.clone(), r.files - r.ok)).collect();
    Ok(Report { wrong: files - ok, wrong_by, table })
}

fn percent(part: u64, whole: u64) -> String {
    if whole == 0 { "-".to_owned() } else { format!("{:.2}%", 100.0 * part as f64 / whole as f64) }
}

fn form_suffix(file: &FileTruth) -> String {
    file.form.as_ref().map(|f| format!(", {f}")).unwrap_or_default()
}

#[derive(Debug, Default)]
struct Row {
    files: u64,
    ok: u64,
    outcomes: BTreeMap<String, u64>,
}

fn outcome_name(got: &Got) -> String {
    match got {
        Got::Document { .. } => "document".to_owned(),
        Got::Duplicate { kind, .. } => format!("duplicate/{kind}"),
        Got::Reject { reason } => format!("reject/{reason}"),
        Got::Missing => "missing".to_owned(),
    }
}

/// Whether the run did with `file` what its kind says it must.
fn expected<'a>(file: &FileTruth, got: &Got, path_of_id: &impl Fn(&str) -> Option<&'a str>) -> bool {
    match (file.kind, got) {
        (Kind::Article, Got::Document { .. }) => true,
        (Kind::Html, Got::Document { text_ok, .. }) => *text_ok,
        (Kind::Segmented, Got::Document { segmented_input, .. }) => *segmented_input,
        (Kind::Exact | Kind::Variant, Got::Duplicate { kind, of }) => {
            kind == "exact" && path_of_id(of) == file.of.as_deref()
        }
        (Kind::Near, Got::Duplicate { kind, of }) => kind == "near" && path_of_id(of) == file.of.as_deref(),
        (Kind::Junk, Got::Reject { .. }) => true,
        _ => false,
    }
}

#[derive(Debug, Default, Clone, Copy)]
struct Score {
    /// Duplicates of this kind in the truth.
    truth: u64,
    /// Duplicates of this kind the run found.
    found: u64,
    /// Found, and a duplicate of the right original.
    right: u64,
}

#[derive(Debug, Default)]
struct DupScores {
    exact: Score,
    near: Score,
    any: Score,
}

impl DupScores {
    fn add<'a>(&mut self, file: &FileTruth, got: &Got, path_of_id: &impl Fn(&str) -> Option<&'a str>) {
        let truth_exact = matches!(file.kind, Kind::Exact | Kind::Variant);
        let truth_near = file.kind == Kind::Near;
        let (found_kind, right) = match got {
            Got::Duplicate { kind, of } => {
                (Some(kind.as_str()), file.of.is_some() && path_of_id(of) == file.of.as_deref())
            }
            _ => (None, false),
        };
        for (score, truth, found) in [
            (&mut self.exact, truth_exact, found_kind == Some("exact")),
            (&mut self.near, truth_near, found_kind == Some("near")),
            (&mut self.any, truth_exact || truth_near, found_kind.is_some()),
        ] {
            score.truth += u64::from(truth);
            score.found += u64::from(found);
            score.right += u64::from(found && truth && right);
        }
    }
}
