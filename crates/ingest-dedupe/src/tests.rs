//! Dedupe decisions as tables.

use std::collections::HashMap;

use ingest_core::{Document, DuplicateKind, Outcome};

use crate::{Deduper, Keys, Settings, fingerprint};

const SEED_000: &str = include_str!("../../../seeds/000_eae569450ad647c0.txt");
const SEED_002: &str = include_str!("../../../seeds/002_d405184045d43514.txt");
const SEED_003: &str = include_str!("../../../seeds/003_a71ed2b14b648e97.txt");

/// A pseudo-random number below `n` at each call, from xorshift64 started at `seed` (not 0).
pub(crate) fn xorshift(seed: u64) -> impl FnMut(usize) -> usize {
    let mut x = seed;
    move |n| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % n as u64) as usize
    }
}

/// What became of each key: `None` kept, `Some((kind, i))` a duplicate of input `i`.
fn decide_all(keys: &[String], settings: &Settings) -> Vec<Option<(DuplicateKind, usize)>> {
    let mut deduper = Deduper::new(settings);
    let mut kept_ids: HashMap<String, usize> = HashMap::new();
    keys.iter()
        .enumerate()
        .map(|(i, key)| {
            let doc = Document {
                ordinal: i as u64,
                source: format!("{i}.txt"),
                dedupe_key: key.clone(),
                ..Document::default()
            };
            let k = Keys::of(key, deduper.hasher());
            match deduper.decide(doc, &k) {
                Outcome::Document(d) => {
                    assert_eq!(d.id, fingerprint(key).to_hex());
                    kept_ids.insert(d.id.clone(), i);
                    None
                }
                Outcome::Duplicate(dup) => Some((dup.kind, kept_ids[&dup.duplicate_of])),
                Outcome::Reject(r) => panic!("unexpected reject {r:?}"),
            }
        })
        .collect()
}

fn check(keys: &[&str], expected: &[Option<(DuplicateKind, usize)>]) {
    let keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
    assert_eq!(decide_all(&keys, &Settings::default()), expected, "keys {keys:?}");
}

fn key(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

use DuplicateKind::{Exact, Near, Paragraphs};

#[test]
fn first_occurrence_wins() {
    check(
        &["a b", "c d", "a b", "e f", "c d", "a b"],
        &[None, None, Some((Exact, 0)), None, Some((Exact, 1)), Some((Exact, 0))],
    );
    // Tones keep words apart. Case keeps keys apart, but shingles are lowercase, so `Mà` is a near
    // duplicate of `mà`.
    check(&["mà", "má", "mả", "mã", "mạ", "Mà"], &[None, None, None, None, None, Some((Near, 0))]);
    check(&[], &[]);
}

#[test]
fn one_edited_word_is_a_near_duplicate() {
    let original = key(SEED_000);
    let words: Vec<&str> = original.split(' ').collect();
    assert!(words.len() > 300);
    let mut edited: Vec<&str> = words.clone();
    edited[150] = "khác";
    let dropped_last_paragraph = key(&SEED_000.lines().take(6).collect::<Vec<_>>().join("\n"));
    check(
        &[&original, &edited.join(" "), &key(SEED_003), &dropped_last_paragraph],
        &[None, Some((Near, 0)), None, Some((Near, 0))],
    );
}

#[test]
fn two_articles_on_the_same_event_are_not_duplicates() {
    // Seeds 000 and 002 are both about the Vũ–Titov strategic dialogue, in different years.
    let unsegmented = SEED_002.replace('_', " ");
    check(&[&key(SEED_000), &key(&unsegmented)], &[None, None]);
}

#[test]
fn near_detection_can_be_turned_off() {
    let original = key(SEED_000);
    let edited = original.replacen("Nga", "Nga Xô", 1);
    let exact_only = Settings { near: None, paragraphs: false };
    let keys = vec![original.clone(), edited, original];
    assert_eq!(decide_all(&keys, &exact_only), [None, None, Some((Exact, 0))]);
}

#[test]
fn the_earliest_of_a_cluster_is_kept() {
    // b and c are each near a, and c is near b: both are recorded against a.
    let a = key(SEED_000);
    let b = a.replacen("Nga", "Liên bang Nga", 1);
    let c = b.replacen("Việt Nam", "nước Việt Nam", 1);
    check(&[&a, &b, &c], &[None, Some((Near, 0)), Some((Near, 0))]);
}

#[test]
fn paragraphs_seen_in_earlier_documents_are_dropped() {
    let settings = Settings { near: None, paragraphs: true };
    let mut deduper = Deduper::new(&settings);
    let mut decide = |i: u64, text: &str| {
        let doc = Document { ordinal: i, text: text.into(), dedupe_key: key(text), ..Document::default() };
        let keys = Keys::of(&doc.dedupe_key.clone(), None);
        deduper.decide(doc, &keys)
    };
    let Outcome::Document(first) = decide(0, "Mở đầu.\nĐoạn chung về hợp tác.\n\nKết.") else {
        panic!()
    };
    // A later article that shares one paragraph keeps the rest; the block break before the removed
    // paragraph stays.
    let Outcome::Document(second) = decide(1, "Tin khác.\n\nĐoạn  chung về hợp tác.\nCuối.") else {
        panic!()
    };
    assert_eq!(second.text, "Tin khác.\n\nCuối.");
    // One made only of earlier paragraphs is a duplicate of the first document it matched.
    match decide(2, "Cuối.\nĐoạn chung về hợp tác.") {
        Outcome::Duplicate(dup) => {
            assert_eq!(dup.kind, Paragraphs);
            assert_eq!(dup.duplicate_of, first.id);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(deduper.paragraphs_removed(), 1);
}

/// Precision and recall of near-duplicate detection on a generated set with known edits: base
/// articles of ten sentences (seeds and the VTB slice), then copies with 1% to 40% of their words
/// replaced. The truth is the exact Jaccard similarity of the shingle sets.
#[test]
fn near_duplicate_precision_and_recall() {
    use crate::minhash::shingle_hashes;
    let mut sentences: Vec<String> = include_str!("../../../fixtures/ud-vtb/dev-slice.conllu")
        .lines()
        .filter_map(|l| l.strip_prefix("# text = "))
        .map(str::to_owned)
        .collect();
    for seed in [SEED_000, SEED_003] {
        sentences.extend(seed.lines().filter(|l| l.len() > 40).map(str::to_owned));
    }
    let mut rand = xorshift(42);
    let bases: Vec<String> = (0..60)
        .map(|_| (0..10).map(|_| sentences[rand(sentences.len())].as_str()).collect::<Vec<_>>().join(" "))
        .collect();
    let mut keys: Vec<String> = bases.clone();
    let mut origin: Vec<Option<usize>> = vec![None; bases.len()];
    for (b, base) in bases.iter().enumerate() {
        for rate in [0.01, 0.02, 0.03, 0.05, 0.08, 0.12, 0.2, 0.4] {
            let mut words: Vec<String> = base.split(' ').map(str::to_owned).collect();
            let edits = ((words.len() as f64 * rate).round() as usize).max(1);
            for _ in 0..edits {
                let at = rand(words.len());
                words[at] = format!("x{}", rand(1_000_000));
            }
            keys.push(words.join(" "));
            origin.push(Some(b));
        }
    }
    let set = |text: &str| {
        let mut hashes = shingle_hashes(text, 5);
        hashes.sort_unstable();
        hashes.dedup();
        hashes
    };
    let jaccard = |a: &str, b: &str| {
        let (sa, sb) = (set(a), set(b));
        let common = sa.iter().filter(|h| sb.binary_search(h).is_ok()).count();
        common as f64 / (sa.len() + sb.len() - common) as f64
    };
    let decided = decide_all(&keys, &Settings::default());
    // Counted twice: over all copies, and over copies whose similarity is not within 0.1 of the
    // threshold, where a 126-function estimate (standard error about 0.035) can fall either way.
    let mut all = [0usize; 3];
    let mut clear = [0usize; 3];
    for (i, decision) in decided.iter().enumerate() {
        let Some(b) = origin[i] else { continue };
        // For a copy called near, the truth is its similarity to the document it was matched to;
        // for one kept, its similarity to its base.
        let (truth, cell) = match decision {
            Some((Near, of)) => {
                let j = jaccard(&keys[i], &keys[*of]);
                (j, Some(if j >= 0.8 { 0 } else { 1 }))
            }
            _ => {
                let j = jaccard(&keys[i], &bases[b]);
                (j, (j >= 0.8).then_some(2))
            }
        };
        if let Some(cell) = cell {
            all[cell] += 1;
            if (truth - 0.8).abs() >= 0.1 {
                clear[cell] += 1;
            }
        }
    }
    let score =
        |[tp, fp, fneg]: [usize; 3]| (tp as f64 / (tp + fp).max(1) as f64, tp as f64 / (tp + fneg).max(1) as f64);
    let (precision, recall) = score(all);
    let (clear_precision, clear_recall) = score(clear);
    eprintln!(
        "near-duplicates: precision {precision:.3}, recall {recall:.3} {all:?}; outside 0.7-0.9: precision {clear_precision:.3}, recall {clear_recall:.3} {clear:?}"
    );
    assert!(precision >= 0.85 && recall >= 0.8, "precision {precision:.3}, recall {recall:.3}");
    assert!(
        clear_precision >= 0.98 && clear_recall >= 0.98,
        "precision {clear_precision:.3}, recall {clear_recall:.3}"
    );
}
