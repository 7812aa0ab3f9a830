//! Emit throughput: `cargo bench -p ingest-emit`.
//!
//! 2,000 documents of about 3 kB (the seed articles' lines, numbered to be distinct, with a
//! segmented copy) written by a `Writer` and finished, without compression and with zstd; one
//! document in ten has a duplicate, so finishing adds `duplicate_sources`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ingest_core::{Document, Duplicate, DuplicateKind, Metadata, Outcome};
use ingest_emit::{Compression, Options, Writer};

fn outcomes(n: usize) -> Vec<Outcome> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../seeds");
    let mut names: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    let lines: Vec<String> = names
        .iter()
        .flat_map(|p| std::fs::read_to_string(p).unwrap().lines().map(str::to_owned).collect::<Vec<_>>())
        .collect();
    let mut out = Vec::new();
    for i in 0..n {
        let mut text = format!("Bản tin số {i}.");
        let mut k = i;
        while text.len() < 3000 {
            k = k.wrapping_mul(31).wrapping_add(7);
            text.push('\n');
            text.push_str(&lines[k % lines.len()]);
        }
        let id = format!("{:064x}", i + 1);
        let doc = Document {
            ordinal: out.len() as u64,
            source: format!("site/{i:05}.txt"),
            segmented: text.replace(' ', "_"),
            id: id.clone(),
            metadata: Metadata {
                encoding: "UTF-8".into(),
                encoding_reason: "valid-utf8".into(),
                bytes: text.len() as u64,
                raw_sha256: "ab".repeat(32),
                ..Metadata::default()
            },
            text,
            ..Document::default()
        };
        out.push(Outcome::Document(Box::new(doc)));
        if i % 10 == 0 {
            out.push(Outcome::Duplicate(Duplicate {
                ordinal: out.len() as u64,
                source: format!("copies/{i:05}.txt"),
                duplicate_of: id,
                kind: DuplicateKind::Exact,
                similarity: None,
                raw_sha256: "cd".repeat(32),
            }));
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let outcomes = outcomes(2_000);
    let bytes: usize =
        outcomes.iter().map(|o| if let Outcome::Document(d) = o { d.text.len() + d.segmented.len() } else { 0 }).sum();
    let dir = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("emit");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));
    for (name, compression) in
        [("write_finish", Compression::None), ("write_finish_zstd", Compression::Zstd { level: 3 })]
    {
        group.bench_function(name, |b| {
            b.iter(|| {
                let out = dir.path().join(name);
                let options = Options { compression, ..Options::default() };
                let mut writer = Writer::create(&out, options, &()).unwrap();
                for outcome in &outcomes {
                    writer.write(black_box(outcome)).unwrap();
                }
                writer.finish(()).unwrap();
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
