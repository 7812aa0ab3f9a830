//! Fetch throughput: `cargo bench -p ingest-fetch`.
//!
//! `decode/*`: the five seed articles in each encoding of `fixtures/fetch/encodings` (UTF-8,
//! windows-1258, TCVN3, VNI, VISCII, and text that is mojibake), decoded as fetch decides them.
//! `read/files`: `Sources` reading a directory of 2,000 small files, as `ingest run` does.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ingest_fetch::{Settings, Sources, decode};

fn fixtures() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/fetch/encodings"))
}

fn bench_decode(c: &mut Criterion) {
    let mut group = c.benchmark_group("decode");
    group.sample_size(20);
    for encoding in ["utf-8", "windows-1258", "tcvn3", "vni", "viscii", "mojibake"] {
        let files: Vec<Vec<u8>> =
            (0..5).map(|i| std::fs::read(fixtures().join(format!("{i:03}.{encoding}.txt"))).unwrap()).collect();
        let bytes: usize = files.iter().map(Vec::len).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(encoding, |b| {
            b.iter(|| files.iter().map(|f| decode(black_box(f)).map_or(0, |d| d.text.len())).sum::<usize>())
        });
    }
    group.finish();
}

fn bench_read(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read(fixtures().join("000.utf-8.txt")).unwrap();
    for i in 0..2_000 {
        let sub = dir.path().join(format!("{:02}", i / 500));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join(format!("{i:05}.txt")), &text[..text.len() - i % 100]).unwrap();
    }
    let mut group = c.benchmark_group("read");
    group.sample_size(20);
    group.throughput(Throughput::Elements(2_000));
    group.bench_function("files", |b| {
        b.iter(|| {
            let sources = Sources::spawn(vec![dir.path().to_owned()], Settings::default()).unwrap();
            sources.map(|entry| ingest_fetch::entry_bytes(&entry)).sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench_decode, bench_read);
criterion_main!(benches);
