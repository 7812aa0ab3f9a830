//! The real sentences a corpus is made of: the lines of `seeds/` (the word-segmented one restored
//! to natural text), the gold sentences of a CoNLL-U file (`# text = ...`, detokenized), and the
//! lines of any text files given.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// Fewest words for a line to be a usable sentence: shorter lines are captions, bylines, menus.
const MIN_WORDS: usize = 6;

/// Where the sentences come from.
#[derive(Debug, Clone)]
pub struct Sources {
    pub seeds: Option<PathBuf>,
    pub conllu: Vec<PathBuf>,
    pub texts: Vec<PathBuf>,
}

/// Reads every source and returns its distinct usable sentences, in a stable order.
pub fn load(sources: &Sources) -> Result<Vec<String>> {
    let mut lines = Vec::new();
    if let Some(dir) = &sources.seeds {
        let mut files: Vec<PathBuf> = fs::read_dir(dir)
            .with_context(|| format!("cannot list {}", dir.display()))?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()?;
        files.sort();
        for file in files {
            let text = read(&file)?;
            let segmented = ingest_clean::segmented::is_segmented(&text);
            lines.extend(text.lines().map(|l| if segmented { natural(l) } else { l.to_owned() }));
        }
    }
    for file in &sources.conllu {
        let text = read(file)?;
        lines.extend(text.lines().filter_map(|l| l.strip_prefix("# text = ")).map(natural));
    }
    for file in &sources.texts {
        lines.extend(read(file)?.lines().map(str::to_owned));
    }
    let mut seen = std::collections::HashSet::new();
    let sentences: Vec<String> = lines
        .iter()
        .map(|line| line.trim().to_owned())
        .filter(|s| s.split_whitespace().count() >= MIN_WORDS && ends_like_a_sentence(s) && typeset(s) && !caption(s))
        .filter(|s| seen.insert(s.clone()))
        .collect();
    if sentences.len() < 20 {
        bail!("only {} usable sentences in the sources; at least 20 are needed", sentences.len());
    }
    Ok(sentences)
}

fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path).with_context(|| format!("cannot read {} as UTF-8", path.display()))
}

/// Tokenized or word-segmented text (`Ngoại_giao , ngày 4 / 3 .`) back to natural text.
fn natural(line: &str) -> String {
    ingest_clean::segmented::restore(&line.replace('_', " "))
}

/// Photo captions (`(Ảnh do ... cung cấp)`, `Ảnh: ...`) are page debris clean removes, not
/// article sentences.
fn caption(s: &str) -> bool {
    s.contains("(Ảnh") || s.contains("Ảnh:")
}

/// No trace of tokenization left: punctuation attached, no `_`. (A few treebank sentences keep
/// spaced marks that restoring leaves alone as ambiguous; they are not used.)
fn typeset(s: &str) -> bool {
    !s.contains('_') && ![" ,", " .", " :", " ;", " !", " ?", " )", "( "].iter().any(|p| s.contains(p))
}

fn ends_like_a_sentence(s: &str) -> bool {
    s.ends_with(['.', '!', '?', '…', '"', '”', ')'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
    }

    #[test]
    fn seeds_and_treebank_give_natural_sentences() {
        let sources = Sources {
            seeds: Some(repo().join("seeds")),
            conllu: vec![repo().join("fixtures/ud-vtb/dev-slice.conllu")],
            texts: vec![],
        };
        let sentences = load(&sources).unwrap();
        assert!(sentences.len() > 250, "{}", sentences.len());
        let bad: Vec<&String> =
            sentences.iter().filter(|s| s.contains('_') || s.contains(" , ") || s.contains(" .")).collect();
        assert!(bad.is_empty(), "{bad:?}");
        // The treebank's first sentence, detokenized.
        assert!(sentences.iter().any(|s| s.starts_with("Trả lời phỏng vấn, ông Lộc nói:")), "{:?}", &sentences[..3]);
        // Seed 002 is word-segmented; its first line comes back as typeset text.
        assert!(sentences.iter().any(|s| s.starts_with("Sáng 4/3, Thứ trưởng thường trực Bộ Ngoại giao")));
    }

    #[test]
    fn too_few_sentences_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("few.txt");
        fs::write(&file, "Một câu đủ dài để được dùng làm câu mẫu.\nNgắn.\n").unwrap();
        let err = load(&Sources { seeds: None, conllu: vec![], texts: vec![file] }).unwrap_err();
        assert!(err.to_string().contains("only 1 usable sentences"), "{err}");
    }
}
