//! `ingest diff OLD NEW`: what a rebuild changed, for a reviewer or a CI comment.
//!
//! Documents are matched by `source`: added (only in NEW), removed (only in OLD), changed (same
//! source, different text, so a different id). For the first changed ones, a line diff of the
//! text. Duplicates and rejects are compared by their counts.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use anyhow::Result;
use ingest_emit::Build;
use serde::Serialize;

/// Lines of a text compared at most for a line diff (the table is quadratic).
const MAX_DIFF_LINES: usize = 2000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Markdown,
    Json,
}

/// What changed between two builds.
#[derive(Debug, Default, Serialize)]
pub struct Diff {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub changed: Vec<Changed>,
    /// `(old, new)` counts of records per kind, when they differ.
    pub counts: BTreeMap<String, (u64, u64)>,
}

#[derive(Debug, Serialize)]
pub struct Changed {
    pub source: String,
    pub old_id: String,
    pub new_id: String,
    /// A unified line diff of the text, for the first ones only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diff: Option<String>,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty() && self.counts.is_empty()
    }
}

/// Compares two builds, with line diffs for the first `max_diffs` changed documents.
pub fn compare(old: &Path, new: &Path, max_diffs: usize) -> Result<Diff> {
    let (old, new) = (Build::open(old)?, Build::open(new)?);
    let ids = |build: &Build| -> Result<BTreeMap<String, String>> {
        let mut map = BTreeMap::new();
        build.for_each_document(|doc| {
            let field = |k: &str| doc[k].as_str().unwrap_or_default().to_owned();
            map.insert(field("source"), field("id"));
        })?;
        Ok(map)
    };
    let (old_ids, new_ids) = (ids(&old)?, ids(&new)?);
    let mut diff = Diff {
        added: new_ids.keys().filter(|s| !old_ids.contains_key(*s)).cloned().collect(),
        removed: old_ids.keys().filter(|s| !new_ids.contains_key(*s)).cloned().collect(),
        ..Diff::default()
    };
    for (source, old_id) in &old_ids {
        if let Some(new_id) = new_ids.get(source).filter(|id| *id != old_id) {
            diff.changed.push(Changed {
                source: source.clone(),
                old_id: old_id.clone(),
                new_id: new_id.clone(),
                diff: None,
            });
        }
    }
    // Texts only for the changed documents whose diff is shown.
    let shown: BTreeMap<&str, usize> =
        diff.changed.iter().take(max_diffs).enumerate().map(|(i, c)| (c.source.as_str(), i)).collect();
    let texts = |build: &Build| -> Result<Vec<String>> {
        let mut texts = vec![String::new(); shown.len()];
        build.for_each_document(|doc| {
            if let Some(&i) = doc["source"].as_str().and_then(|s| shown.get(s)) {
                texts[i] = doc["text"].as_str().unwrap_or_default().to_owned();
            }
        })?;
        Ok(texts)
    };
    let (old_texts, new_texts) = (texts(&old)?, texts(&new)?);
    for (i, changed) in diff.changed.iter_mut().take(max_diffs).enumerate() {
        changed.diff = Some(line_diff(&old_texts[i], &new_texts[i]));
    }
    let (a, b) = (old.manifest.counts, new.manifest.counts);
    for (kind, x, y) in [
        ("inputs", a.inputs, b.inputs),
        ("documents", a.documents, b.documents),
        ("duplicates", a.duplicates, b.duplicates),
        ("rejects", a.rejects, b.rejects),
    ] {
        if x != y {
            diff.counts.insert(kind.to_owned(), (x, y));
        }
    }
    Ok(diff)
}

/// A unified diff of two texts, line by line, three lines of context.
pub fn line_diff(old: &str, new: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (old.lines().collect(), new.lines().collect());
    if a.len() > MAX_DIFF_LINES || b.len() > MAX_DIFF_LINES {
        return format!("(texts of {} and {} lines differ; too long to compare line by line)\n", a.len(), b.len());
    }
    // Longest common subsequence table, from the ends.
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let mut ops: Vec<(char, &str)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            ops.push((' ', a[i]));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            ops.push(('-', a[i]));
            i += 1;
        } else {
            ops.push(('+', b[j]));
            j += 1;
        }
    }
    let near_change = |k: usize| ops[k.saturating_sub(3)..(k + 4).min(ops.len())].iter().any(|(op, _)| *op != ' ');
    let mut out = String::new();
    let mut skipped = false;
    for (k, (op, line)) in ops.iter().enumerate() {
        if near_change(k) {
            if skipped {
                out.push_str("…\n");
                skipped = false;
            }
            let _ = writeln!(out, "{op} {line}");
        } else {
            skipped = true;
        }
    }
    out
}

/// The diff in `format`.
pub fn render(diff: &Diff, format: Format) -> String {
    let mut out = String::new();
    match format {
        Format::Json => {
            out = serde_json::to_string_pretty(diff).unwrap_or_default();
            out.push('\n');
        }
        Format::Text | Format::Markdown => {
            let md = format == Format::Markdown;
            let title = if diff.is_empty() { "No changes" } else { "Changes" };
            let _ = writeln!(out, "{}{title}", if md { "## " } else { "" });
            let _ = writeln!(
                out,
                "\n{} added, {} removed, {} changed documents",
                diff.added.len(),
                diff.removed.len(),
                diff.changed.len()
            );
            for (kind, (x, y)) in &diff.counts {
                let _ = writeln!(out, "{}{kind}: {x} → {y}", if md { "- " } else { "  " });
            }
            for (name, list) in [("Added", &diff.added), ("Removed", &diff.removed)] {
                if !list.is_empty() {
                    let _ = writeln!(out, "\n{}{name}:", if md { "### " } else { "" });
                    for source in list.iter().take(50) {
                        let _ = writeln!(out, "{}{source}", if md { "- `" } else { "  " });
                        if md {
                            out.pop();
                            out.push_str("`\n");
                        }
                    }
                    if list.len() > 50 {
                        let _ = writeln!(out, "  … and {} more", list.len() - 50);
                    }
                }
            }
            if !diff.changed.is_empty() {
                let _ = writeln!(out, "\n{}Changed:", if md { "### " } else { "" });
                for changed in &diff.changed {
                    let _ = writeln!(out, "{}{}", if md { "#### " } else { "* " }, changed.source);
                    if let Some(d) = &changed.diff {
                        let _ =
                            write!(out, "{}{d}{}", if md { "```diff\n" } else { "" }, if md { "```\n" } else { "" });
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_diff_shows_changes_with_context() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj";
        let new = "a\nb\nc\nd\nE\nf\ng\nh\ni\nj\nk";
        assert_eq!(line_diff(old, new), "…\n  b\n  c\n  d\n- e\n+ E\n  f\n  g\n  h\n  i\n  j\n+ k\n");
        let long_gap = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10";
        assert_eq!(
            line_diff(long_gap, &long_gap.replace("1\n", "one\n").replace("10", "ten")),
            "- 1\n+ one\n  2\n  3\n  4\n…\n  7\n  8\n  9\n- 10\n+ ten\n"
        );
        assert_eq!(line_diff("x", "x"), "");
    }
}
