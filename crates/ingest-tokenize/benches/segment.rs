//! Micro-benchmarks of the hot functions: `cargo bench -p ingest-tokenize`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ingest_tokenize::{Segmenter, segment_text, sentences, syllables};

fn seeds() -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../seeds");
    let mut names: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    names.iter().map(|p| std::fs::read_to_string(p).unwrap().replace('_', " ")).collect::<Vec<_>>().join("\n")
}

fn bench(c: &mut Criterion) {
    let text = seeds();
    Segmenter::get();
    let mut group = c.benchmark_group("seeds");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("tokenize", |b| {
        b.iter(|| text.lines().map(|l| syllables::tokenize(black_box(l)).len()).sum::<usize>())
    });
    group.bench_function("tokenize+sentences", |b| {
        b.iter(|| text.lines().map(|l| sentences::split(&syllables::tokenize(black_box(l))).len()).sum::<usize>())
    });
    group.bench_function("segment_text", |b| b.iter(|| segment_text(black_box(&text)).counts));
    group.finish();

    // Linear time on a pathological line: 1 MB without a space.
    let long = "ả".repeat(1 << 19);
    let mut group = c.benchmark_group("pathological");
    group.throughput(Throughput::Bytes(long.len() as u64));
    group.sample_size(10);
    group.bench_function("1MB_line_without_spaces", |b| b.iter(|| segment_text(black_box(&long)).counts));
    let dots = ".".repeat(1 << 20);
    group.bench_function("1MB_of_dots", |b| b.iter(|| segment_text(black_box(&dots)).counts));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
