//! The benchmark corpus generator against the real pipeline: every file of a generated corpus
//! must get the outcome `truth.json` says, so `just bench` can trust its correctness check.

use std::path::Path;

use ingest_bench::corpus::{self, Kind, Mix, Options};
use ingest_bench::{check, sources};

use crate::util::{Sandbox, assert_code, repo};

/// The repository's sentences: seeds and the treebank slice.
pub(crate) fn sentences() -> Vec<String> {
    sources::load(&sources::Sources {
        seeds: Some(repo().join("seeds")),
        conllu: vec![repo().join("fixtures/ud-vtb/dev-slice.conllu")],
        texts: vec![],
    })
    .unwrap()
}

/// Generates a corpus of about `bytes` into `dir/input` with `dir/truth.json`.
pub(crate) fn generate(dir: &Path, bytes: u64, seed: u64, files_per_dir: usize) -> corpus::Truth {
    let options = Options { bytes, seed, files_per_dir, mix: Mix::default(), min_similarity: 0.9 };
    corpus::generate(&sentences(), &options, &dir.join("input"), &dir.join("truth.json")).unwrap()
}

#[test]
fn every_generated_file_gets_the_outcome_its_truth_says() {
    let sb = Sandbox::new();
    // Small directories, so copies, near duplicates and repeated lines meet many times.
    let truth = generate(sb.dir.path(), 1_500_000, 11, 100);
    for kind in [Kind::Article, Kind::Html, Kind::Segmented, Kind::Exact, Kind::Variant, Kind::Near, Kind::Junk] {
        assert!(truth.counts.get(&kind).copied().unwrap_or(0) > 3, "few files of kind {kind:?}: {:?}", truth.counts);
    }
    let run = sb.ingest(&["run", "input", "--out", "out"]);
    assert_code(&run, 0);
    let report = check::check(&corpus::Truth::read(&sb.path("truth.json")).unwrap(), &sb.path("out")).unwrap();
    // Every file, TCVN3 variants included, ends as its truth says.
    assert!(report.wrong_by.is_empty(), "{:?}\n{}", report.wrong_by, report.table);
}

#[test]
fn a_corpus_is_the_same_bytes_for_the_same_seed() {
    let sb = Sandbox::new();
    let a = generate(&sb.path("a"), 200_000, 5, 50);
    let b = generate(&sb.path("b"), 200_000, 5, 50);
    let c = generate(&sb.path("c"), 200_000, 6, 50);
    assert_eq!(std::fs::read(sb.path("a/truth.json")).unwrap(), std::fs::read(sb.path("b/truth.json")).unwrap());
    for f in &a.files {
        let (x, y) = (sb.path(&format!("a/input/{}", f.path)), sb.path(&format!("b/input/{}", f.path)));
        assert!(std::fs::read(x).unwrap() == std::fs::read(y).unwrap(), "{} differs", f.path);
    }
    assert_eq!(a.files.len(), b.files.len());
    assert_ne!(
        std::fs::read(sb.path("a/truth.json")).unwrap(),
        std::fs::read(sb.path("c/truth.json")).unwrap(),
        "another seed, another corpus"
    );
    assert!(c.bytes >= 200_000);
}
