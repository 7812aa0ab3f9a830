//! Dedupe throughput and index size: `cargo bench -p ingest-dedupe`.
//!
//! The corpus: 20,000 articles of 3 kB made from the seeds' sentences, each made unique by its own
//! number, so the index grows as it would on real news.
#![allow(clippy::print_stdout)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ingest_core::Document;
use ingest_dedupe::{Deduper, Keys, MinHasher, Params, Settings, fingerprint};

fn corpus(n: usize) -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../seeds");
    let mut names: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    let sentences: Vec<String> = names
        .iter()
        .flat_map(|p| {
            std::fs::read_to_string(p).unwrap().replace('_', " ").lines().map(str::to_owned).collect::<Vec<_>>()
        })
        .filter(|l| l.len() > 60)
        .collect();
    let mut x = 1u64;
    (0..n)
        .map(|i| {
            let mut text = format!("Bản tin số {i}.");
            while text.len() < 3000 {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                text.push(' ');
                text.push_str(&sentences[(x >> 33) as usize % sentences.len()]);
            }
            text
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let docs = corpus(2_000);
    let bytes: usize = docs.iter().map(String::len).sum();
    let hasher = MinHasher::new(Params::default());
    let mut group = c.benchmark_group("dedupe");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("sha256_key", |b| b.iter(|| docs.iter().map(|d| fingerprint(black_box(d)).0[0]).sum::<u8>()));
    group.bench_function("minhash_signature", |b| {
        b.iter(|| docs.iter().map(|d| hasher.signature(black_box(d)).map_or(0, |s| s.0[0])).sum::<u16>())
    });
    let keys: Vec<Keys> = docs.iter().map(|d| Keys::of(d, Some(&hasher))).collect();
    group.bench_function("decide_exact_and_near", |b| {
        b.iter(|| {
            let mut deduper = Deduper::new(&Settings::default());
            for (i, k) in keys.iter().enumerate() {
                black_box(deduper.decide(Document { ordinal: i as u64, ..Document::default() }, k));
            }
        })
    });
    group.finish();

    // Index size per kept document, on 20,000 distinct articles.
    let many = corpus(20_000);
    for (name, settings) in
        [("exact only", Settings { near: None, paragraphs: false }), ("exact + near", Settings::default())]
    {
        let mut deduper = Deduper::new(&settings);
        for (i, d) in many.iter().enumerate() {
            let k = Keys::of(d, deduper.hasher());
            deduper.decide(Document { ordinal: i as u64, ..Document::default() }, &k);
        }
        println!(
            "index, {name}: {} documents kept, {:.0} bytes per document",
            deduper.kept(),
            deduper.heap_bytes() as f64 / deduper.kept() as f64
        );
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
