//! Samples of a corpus for the peer tools: the files themselves (for `ingest run` on the same
//! input), a JSONL of their decoded text (for datatrove's JSONL reader) and the plain articles'
//! lines (for the word segmenters).

use std::fs;
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::{Context, Result};

/// Copies the first `max_bytes` of the corpus in `input` into `out/input/` and writes
/// `out/corpus.jsonl` and `out/text.txt`.
pub fn write(input: &Path, max_bytes: u64, out: &Path) -> Result<()> {
    let copy = out.join("input");
    fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    if copy.exists() {
        fs::remove_dir_all(&copy)?;
    }
    let mut jsonl = BufWriter::new(fs::File::create(out.join("corpus.jsonl")).context("cannot write corpus.jsonl")?);
    let mut text = BufWriter::new(fs::File::create(out.join("text.txt")).context("cannot write text.txt")?);
    let (mut bytes, mut files, mut records) = (0u64, 0usize, 0usize);
    for entry in ingest_fetch::Inputs::new([input.to_path_buf()]) {
        let entry = entry.map_err(|e| anyhow::anyhow!("cannot list {}: {}", e.source, e.error))?;
        let raw = fs::read(&entry.path).with_context(|| format!("cannot read {}", entry.path.display()))?;
        let to = copy.join(&entry.source);
        fs::create_dir_all(to.parent().expect("a file in a directory"))?;
        fs::write(&to, &raw)?;
        files += 1;
        bytes += raw.len() as u64;
        if let Ok(decoded) = ingest_fetch::decode(&raw)
            && !ingest_clean::html::is_html(&decoded.text)
        {
            serde_json::to_writer(&mut jsonl, &serde_json::json!({"id": entry.source, "text": decoded.text}))?;
            jsonl.write_all(b"\n")?;
            records += 1;
            if decoded.encoding == "UTF-8" && !decoded.text.contains('_') {
                for line in decoded.text.lines().filter(|l| !l.trim().is_empty()) {
                    writeln!(text, "{line}")?;
                }
            }
        }
        if bytes >= max_bytes {
            break;
        }
    }
    jsonl.flush()?;
    text.flush()?;
    eprintln!("sample: {files} files, {:.1} MB; {records} records in corpus.jsonl", bytes as f64 / 1e6);
    Ok(())
}
