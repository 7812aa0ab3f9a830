//! Throughput of the clean stage on one thread: the seeds (plain text, one word-segmented) and
//! the HTML fixture pages, each cleaned whole (`clean`, with language, measures and filters).
//!
//! `cargo bench -p ingest-clean` (not run by `cargo test`). Criterion reports bytes per second
//! of input.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ingest_clean::{RepeatedLines, Settings, clean};
use ingest_core::Document;

const SEEDS: [&str; 5] = [
    include_str!("../../../seeds/000_eae569450ad647c0.txt"),
    include_str!("../../../seeds/001_99b65eee0feaa7b5.txt"),
    include_str!("../../../seeds/002_d405184045d43514.txt"),
    include_str!("../../../seeds/003_a71ed2b14b648e97.txt"),
    include_str!("../../../seeds/004_c787a8be61310078.txt"),
];

const PAGES: [&str; 3] = [
    include_str!("../../../fixtures/html/baoquocte.html"),
    include_str!("../../../fixtures/html/vnexpress.html"),
    include_str!("../../../fixtures/html/baotintuc.html"),
];

fn bench_set(c: &mut Criterion, name: &str, texts: &[&str]) {
    let settings = Settings::default();
    let repeated = RepeatedLines::none();
    let docs: Vec<Document> = texts
        .iter()
        .map(|t| Document { source: "x.txt".into(), text: (*t).to_owned(), ..Document::default() })
        .collect();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    let mut group = c.benchmark_group("clean");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function(name, |b| {
        b.iter_batched(
            || docs.clone(),
            |docs| docs.into_iter().map(|d| clean(d, &settings, &repeated).is_ok()).filter(|ok| *ok).count(),
            criterion::BatchSize::SmallInput,
        )
    });
    group.finish();
}

fn benches(c: &mut Criterion) {
    bench_set(c, "seeds (plain text)", &SEEDS);
    bench_set(c, "pages (HTML)", &PAGES);
}

criterion_group!(clean_benches, benches);
criterion_main!(clean_benches);
