//! MinHash signatures and LSH banding, written for this crate (no MinHash library).
//!
//! A document's key is cut into lowercase syllables (runs of letters and digits), and every run
//! of [`Params::shingle`] consecutive syllables is a shingle, hashed once (each syllable with
//! FNV-1a as it is read, the shingle's syllable hashes mixed with SplitMix64). The signature
//! is a one-permutation MinHash (Li, Owen and Zhang 2012) with optimal densification (Shrivastava
//! 2017): the hash's high bits pick one of `bands × rows` bins, each bin keeps the smallest low
//! 32 bits it sees, and an empty bin borrows the value of the filled bin that a fixed sequence of
//! probes reaches first. Its equal positions estimate Jaccard similarity like classic MinHash, at
//! one hash per shingle instead of one per shingle and function. The signature keeps 16 bits per
//! bin (the low bits, which are uniform). Everything is seeded with constants, so signatures are
//! the same on every machine and in every run.
//!
//! Bands and rows are chosen for the threshold as in Broder's scheme: the pair that minimizes the
//! area of false positives below the threshold plus false negatives above it, for the probability
//! `1 - (1 - s^r)^b` that two documents of Jaccard similarity `s` share a band, with false negatives
//! weighted nine times more (candidates are confirmed by their estimated similarity anyway).

use xxhash_rust::xxh3::xxh3_64_with_seed;

/// Near-duplicate parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Estimated Jaccard similarity at or above which a document is a near-duplicate.
    pub threshold: f64,
    /// Syllables per shingle.
    pub shingle: usize,
    /// Hash functions available; `bands × rows` of them are used.
    pub num_perm: usize,
}

impl Default for Params {
    fn default() -> Self {
        Params { threshold: 0.8, shingle: 5, num_perm: 128 }
    }
}

/// A signature: 16 bits per hash function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature(pub Box<[u16]>);

/// Computes signatures and band hashes for one set of [`Params`].
#[derive(Debug, Clone)]
pub struct MinHasher {
    params: Params,
    bands: usize,
    rows: usize,
    /// Bins of the signature: `bands × rows`.
    functions: usize,
    seed: u64,
}

impl MinHasher {
    pub fn new(params: Params) -> MinHasher {
        let (bands, rows) = optimal_bands(params.threshold, params.num_perm);
        MinHasher { params, bands, rows, functions: bands * rows, seed: 0x005e_ed1e_550f_1a6e }
    }

    pub fn params(&self) -> Params {
        self.params
    }

    /// (bands, rows) in use.
    pub fn bands_rows(&self) -> (usize, usize) {
        (self.bands, self.rows)
    }

    /// The signature of a dedupe key, or `None` when it has no syllable at all.
    pub fn signature(&self, key: &str) -> Option<Signature> {
        let k = self.functions;
        // Each bin's minimum, `EMPTY` until a shingle falls in it. On the stack for up to 256 bins,
        // where the bin's index, below `k`, is also masked to 256 so it needs no bounds check.
        const EMPTY: u64 = u64::MAX;
        let bin_of = |h: u64| (((h >> 32) * k as u64) >> 32) as usize;
        let mut on_stack = [EMPTY; 256];
        let mut on_heap = Vec::new();
        let any = if k <= on_stack.len() {
            for_each_shingle(key, self.params.shingle, |h| {
                let bin = bin_of(h) % 256;
                on_stack[bin] = on_stack[bin].min(u64::from(h as u32));
            })
        } else {
            on_heap.resize(k, EMPTY);
            for_each_shingle(key, self.params.shingle, |h| {
                let bin = bin_of(h);
                on_heap[bin] = on_heap[bin].min(u64::from(h as u32));
            })
        };
        let mins: &[u64] = if k <= on_stack.len() { &on_stack[..k] } else { &on_heap };
        if !any {
            return None;
        }
        // Optimal densification: an empty bin takes the value of the first filled bin its own
        // fixed sequence of probes reaches, so two documents fill it alike when they agree.
        let dense = (0..k)
            .map(|bin| {
                let min = if mins[bin] != EMPTY {
                    mins[bin]
                } else {
                    (0u64..)
                        .map(|attempt| (splitmix(((bin as u64) << 32) ^ attempt ^ self.seed) % k as u64) as usize)
                        .find(|&j| mins[j] != EMPTY)
                        .map_or(0, |j| mins[j])
                };
                min as u16
            })
            .collect();
        Some(Signature(dense))
    }

    /// One hash per band of `sig`, each seeded with its band number.
    pub fn band_hashes<'a>(&'a self, sig: &'a Signature) -> impl Iterator<Item = u64> + 'a {
        // One buffer for all bands: each hashes only the bytes it wrote.
        let mut bytes = [0u8; 2 * 64];
        sig.0.chunks_exact(self.rows).enumerate().map(move |(band, rows)| {
            let len = rows.len().min(64);
            for (i, v) in rows[..len].iter().enumerate() {
                bytes[2 * i..2 * i + 2].copy_from_slice(&v.to_le_bytes());
            }
            xxh3_64_with_seed(&bytes[..2 * len], band as u64)
        })
    }
}

/// SplitMix64's finalizer: a fixed, well-mixed function of its input.
fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The share of equal positions: the MinHash estimate of Jaccard similarity.
pub fn similarity(a: &Signature, b: &Signature) -> f64 {
    let equal = a.0.iter().zip(b.0.iter()).filter(|(x, y)| x == y).count();
    equal as f64 / a.0.len().max(1) as f64
}

/// Hashes of the shingles of `key`: lowercase syllables (runs of letters and digits), `k` at a
/// time; a text with fewer than `k` syllables is one shingle. In text order, repeats included (a
/// minimum does not care).
pub fn shingle_hashes(key: &str, k: usize) -> Vec<u64> {
    let mut hashes = Vec::new();
    for_each_shingle(key, k, |h| hashes.push(h));
    hashes
}

/// Calls `f` with the hash of each shingle of `key`, as [`shingle_hashes`] lists them; false when
/// `key` has no syllable. A shingle's hash is SplitMix64 of the polynomial
/// `h[0]·P^(k-1) + … + h[k-1]` of its syllable hashes (wrapping). For shingles of up to 32
/// syllables it is kept up to date as the window slides: the leaving term is subtracted, the rest
/// multiplied by `P`, the new hash added.
fn for_each_shingle(key: &str, k: usize, mut f: impl FnMut(u64)) -> bool {
    const P: u64 = 0x0100_0000_01b3;
    let k = k.max(1);
    if k > 32 {
        // Longer shingles: each window of the listed syllable hashes is folded whole.
        let mut words = Vec::new();
        for_each_syllable(key, |h| words.push(h));
        let k = k.min(words.len()).max(1);
        for w in words.windows(k) {
            f(splitmix(w.iter().fold(0u64, |acc, &h| acc.wrapping_mul(P).wrapping_add(h))));
        }
        return !words.is_empty();
    }
    let leading = (1..k).fold(1u64, |acc, _| acc.wrapping_mul(P));
    // The last 32 syllable hashes, the `n`th at `n % 32`, so the one leaving, `k` back, is still
    // there (and 0 while fewer than `k` were read).
    let mut window = [0u64; 32];
    let mut seen = 0usize;
    let mut fold = 0u64;
    for_each_syllable(key, |h| {
        let leaving = window[seen.wrapping_sub(k) % 32];
        fold = fold.wrapping_sub(leaving.wrapping_mul(leading)).wrapping_mul(P).wrapping_add(h);
        window[seen % 32] = h;
        seen += 1;
        if seen >= k {
            f(splitmix(fold));
        }
    });
    // Fewer than `k` syllables: one shingle of them all.
    if 0 < seen && seen < k {
        f(splitmix(fold));
    }
    seen > 0
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// Calls `f` with the hash of each lowercase syllable of `key`, in order: FNV-1a over its
/// characters (code points), finished with SplitMix64. Read a byte at a time, without building a
/// string.
fn for_each_syllable(key: &str, mut f: impl FnMut(u64)) {
    let bytes = key.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        // The first letter of a syllable, if one starts here.
        let byte = bytes[at];
        let mut hash = if byte < 0x80 {
            at += 1;
            let lower = ASCII_LOWER[usize::from(byte)];
            if lower == 0 {
                continue;
            }
            (FNV_OFFSET ^ u64::from(lower)).wrapping_mul(FNV_PRIME)
        } else {
            let (next, hash, letter) = read_non_ascii(key, at, FNV_OFFSET);
            at = next;
            if !letter {
                continue;
            }
            hash
        };
        // The rest of the syllable, ASCII first.
        while at < bytes.len() {
            let byte = bytes[at];
            if byte < 0x80 {
                at += 1;
                let lower = ASCII_LOWER[usize::from(byte)];
                if lower == 0 {
                    break;
                }
                hash = (hash ^ u64::from(lower)).wrapping_mul(FNV_PRIME);
            } else {
                let (next, folded, letter) = read_non_ascii(key, at, hash);
                at = next;
                if !letter {
                    break;
                }
                hash = folded;
            }
        }
        f(splitmix(hash));
    }
}

/// Reads the character at byte `at` of `key`, which is not ASCII: returns the byte after it, `hash`
/// with the character's lowercase folded in (FNV-1a) if it is a letter or digit, and whether it is
/// one. Vietnamese letters are looked up in tables; only the other characters are decoded.
#[inline(always)]
fn read_non_ascii(key: &str, at: usize, hash: u64) -> (usize, u64, bool) {
    let bytes = key.as_bytes();
    let byte = bytes[at];
    let (lower, len) = if (0xc3..=0xc6).contains(&byte) {
        // U+00C0..U+01BF (the `% 256` changes nothing but spares a bounds check).
        let code = (u32::from(byte & 0x1f) << 6) | u32::from(bytes[at + 1] & 0x3f);
        match LATIN_LOWER[(code as usize - 0xc0) % 256] {
            0 => return read_other(key, at, hash),
            lower => (u32::from(lower), 2),
        }
    } else if byte == 0xe1 && (0xba..=0xbb).contains(&bytes[at + 1]) {
        // U+1E80..U+1EFF: of it, U+1EA0..U+1EF9 are the Vietnamese letters with a tone, in
        // uppercase-lowercase pairs.
        let code = 0x1000 | (u32::from(bytes[at + 1] & 0x3f) << 6) | u32::from(bytes[at + 2] & 0x3f);
        if !(0x1ea0..=0x1ef9).contains(&code) {
            return read_other(key, at, hash);
        }
        (code | 1, 3)
    } else {
        return read_other(key, at, hash);
    };
    (at + len, (hash ^ u64::from(lower)).wrapping_mul(FNV_PRIME), true)
}

/// [`read_non_ascii`] for a character the tables do not have.
#[cold]
#[inline(never)]
fn read_other(key: &str, at: usize, mut hash: u64) -> (usize, u64, bool) {
    let c = key[at..].chars().next().expect("at is a character boundary");
    let next = at + c.len_utf8();
    if let Some(lower) = ingest_core::letters::vietnamese_lowercase(c) {
        (next, (hash ^ u64::from(lower)).wrapping_mul(FNV_PRIME), true)
    } else if c.is_alphanumeric() {
        c.to_lowercase().for_each(|l| hash = (hash ^ u64::from(l)).wrapping_mul(FNV_PRIME));
        (next, hash, true)
    } else {
        (next, hash, false)
    }
}

/// The lowercase of each ASCII letter and digit; 0 for the other ASCII bytes.
const ASCII_LOWER: [u8; 128] = {
    let mut table = [0; 128];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        if byte.is_ascii_alphanumeric() {
            table[b] = byte.to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

/// The lowercase of each Vietnamese letter in U+00C0..U+01BF, as
/// `ingest_core::letters::vietnamese_lowercase` has them; 0 for the other characters.
const LATIN_LOWER: [u16; 256] = {
    let mut table = [0; 256];
    let mut i = 0;
    while i < 256 {
        let code = 0xc0 + i as u16;
        table[i] = match code {
            0xd7 | 0xf7 => 0,
            0xc0..=0xde => code + 0x20,
            0xdf..=0xff => code,
            0x0102 | 0x0110 | 0x0128 | 0x0168 | 0x01a0 | 0x01af => code + 1,
            0x0103 | 0x0111 | 0x0129 | 0x0169 | 0x01a1 | 0x01b0 => code,
            _ => 0,
        };
        i += 1;
    }
    table
};

/// How much a false positive of the LSH step weighs against a false negative. Candidates are
/// confirmed by their estimated similarity, so a false positive costs one comparison while a false
/// negative is a duplicate kept: recall matters more.
const FALSE_POSITIVE_WEIGHT: f64 = 0.1;

/// The (bands, rows) with `bands × rows ≤ num_perm` that minimize weighted false positives and
/// false negatives around `threshold`.
pub fn optimal_bands(threshold: f64, num_perm: usize) -> (usize, usize) {
    let integrate = |f: &dyn Fn(f64) -> f64, lo: f64, hi: f64| {
        let steps = 200;
        let dx = (hi - lo) / steps as f64;
        (0..steps).map(|i| f(lo + (i as f64 + 0.5) * dx) * dx).sum::<f64>()
    };
    let mut best = (1, 1);
    let mut best_error = f64::INFINITY;
    for bands in 1..=num_perm {
        for rows in 1..=num_perm / bands {
            let p = |s: f64| 1.0 - (1.0 - s.powi(rows as i32)).powi(bands as i32);
            let false_positive = integrate(&p, 0.0, threshold);
            let false_negative = integrate(&|s| 1.0 - p(s), threshold, 1.0);
            let error = FALSE_POSITIVE_WEIGHT * false_positive + (1.0 - FALSE_POSITIVE_WEIGHT) * false_negative;
            if error < best_error - 1e-12 {
                best_error = error;
                best = (bands, rows);
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The syllable hashes as first written: a character at a time.
    fn syllable_hashes_slowly(key: &str) -> Vec<u64> {
        let mut words = Vec::new();
        let mut hash = 0xcbf2_9ce4_8422_2325u64;
        let mut in_word = false;
        for c in key.chars().chain(std::iter::once(' ')) {
            if c.is_alphanumeric() {
                c.to_lowercase().for_each(|l| hash = (hash ^ u64::from(l)).wrapping_mul(0x0100_0000_01b3));
                in_word = true;
            } else if in_word {
                words.push(splitmix(hash));
                hash = 0xcbf2_9ce4_8422_2325;
                in_word = false;
            }
        }
        words
    }

    fn syllable_hashes(key: &str) -> Vec<u64> {
        let mut words = Vec::new();
        for_each_syllable(key, |h| words.push(h));
        words
    }

    #[test]
    fn syllable_hashes_agree_with_a_character_at_a_time() {
        let samples = ["", "a", "ĐỨC Việt, năm 2024!", "İstanbul ǅ ß Σσς", "x\u{a0}y—z “quote” 𝔸𝟙 日本", "a_b-c.d"];
        for key in samples {
            assert_eq!(syllable_hashes(key), syllable_hashes_slowly(key), "{key:?}");
        }
        // Every character below U+3000 and some beyond, between letters and alone.
        for c in (0u32..0x3000).chain(0x1d400..0x1d420).filter_map(char::from_u32) {
            for key in [format!("a{c}b"), format!("{c}"), format!("{c}{c} x")] {
                assert_eq!(syllable_hashes(&key), syllable_hashes_slowly(&key), "{key:?}");
            }
        }
    }

    /// The code as it was before shingles were hashed as they are read: the reference that
    /// signatures must keep to, since the persistent index stores them.
    mod before {
        use super::super::{MinHasher, Signature, splitmix};

        const ASCII_LOWER: [Option<u8>; 128] = {
            let mut table = [None; 128];
            let mut b = 0;
            while b < 128 {
                let byte = b as u8;
                if byte.is_ascii_alphanumeric() {
                    table[b] = Some(byte.to_ascii_lowercase());
                }
                b += 1;
            }
            table
        };

        pub(super) fn signature(hasher: &MinHasher, key: &str) -> Option<Signature> {
            let shingles = shingle_hashes(key, hasher.params.shingle);
            if shingles.is_empty() {
                return None;
            }
            let k = hasher.functions;
            let mut mins = vec![u32::MAX; k];
            let mut filled = vec![false; k];
            for &h in &shingles {
                let bin = (((h >> 32) * k as u64) >> 32) as usize;
                let value = h as u32;
                if value <= mins[bin] {
                    mins[bin] = value;
                    filled[bin] = true;
                }
            }
            let dense: Vec<u32> = (0..k)
                .map(|bin| {
                    if filled[bin] {
                        return mins[bin];
                    }
                    (0u64..)
                        .map(|attempt| (splitmix(((bin as u64) << 32) ^ attempt ^ hasher.seed) % k as u64) as usize)
                        .find(|&j| filled[j])
                        .map_or(0, |j| mins[j])
                })
                .collect();
            Some(Signature(dense.into_iter().map(|m| m as u16).collect()))
        }

        pub(super) fn band_hashes(hasher: &MinHasher, sig: &Signature) -> Vec<u64> {
            sig.0
                .chunks_exact(hasher.rows)
                .enumerate()
                .map(|(band, rows)| {
                    let mut bytes = [0u8; 2 * 64];
                    let len = rows.len().min(64);
                    for (i, v) in rows[..len].iter().enumerate() {
                        bytes[2 * i..2 * i + 2].copy_from_slice(&v.to_le_bytes());
                    }
                    xxhash_rust::xxh3::xxh3_64_with_seed(&bytes[..2 * len], band as u64)
                })
                .collect()
        }

        pub(super) fn shingle_hashes(key: &str, k: usize) -> Vec<u64> {
            let words = syllable_hashes(key);
            if words.is_empty() {
                return Vec::new();
            }
            let k = k.clamp(1, words.len());
            words
                .windows(k)
                .map(|w| splitmix(w.iter().fold(0u64, |acc, &h| acc.wrapping_mul(0x0100_0000_01b3).wrapping_add(h))))
                .collect()
        }

        pub(super) fn syllable_hashes(key: &str) -> Vec<u64> {
            const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
            const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;
            let bytes = key.as_bytes();
            let mut words: Vec<u64> = Vec::with_capacity(key.len() / 5);
            let mut hash = FNV_OFFSET;
            let mut in_word = false;
            let mut at = 0;
            while at < bytes.len() {
                let byte = bytes[at];
                let lower = if byte < 0x80 {
                    at += 1;
                    ASCII_LOWER[usize::from(byte)].map(char::from)
                } else {
                    let c = key[at..].chars().next().expect("at is a character boundary");
                    at += c.len_utf8();
                    if let Some(lower) = ingest_core::letters::vietnamese_lowercase(c) {
                        Some(lower)
                    } else if c.is_alphanumeric() {
                        c.to_lowercase().for_each(|l| hash = (hash ^ u64::from(l)).wrapping_mul(FNV_PRIME));
                        in_word = true;
                        continue;
                    } else {
                        None
                    }
                };
                match lower {
                    Some(l) => {
                        hash = (hash ^ u64::from(l)).wrapping_mul(FNV_PRIME);
                        in_word = true;
                    }
                    None if in_word => {
                        words.push(splitmix(hash));
                        hash = FNV_OFFSET;
                        in_word = false;
                    }
                    None => {}
                }
            }
            if in_word {
                words.push(splitmix(hash));
            }
            words
        }
    }

    /// Characters random keys are made of: ASCII, Vietnamese letters in both cases and with every
    /// tone, other scripts' letters and digits (some whose lowercase is several characters),
    /// punctuation, marks, and every kind of whitespace.
    fn alphabet() -> Vec<char> {
        let mut chars: Vec<char> = (0x20u8..0x7f).map(char::from).collect();
        chars.extend(
            "\t\n\r\x0b\x0c\u{85}\u{a0}\u{1680}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}\u{200b}\u{feff}".chars(),
        );
        chars.extend((0x2000..=0x200a).filter_map(char::from_u32));
        chars.extend((0xa1..=0x1ff).filter_map(char::from_u32));
        chars.extend((0x1e00..=0x1eff).filter_map(char::from_u32));
        chars.extend(
            "ĐđƠơƯưİıßẞǅǈΣσςΩωΆάΐЁёЯя日本語中文한국어ﬁﬀŉǰ٣५𝔸𝟙𐐀𐐨\u{300}\u{301}\u{303}\u{309}\u{323}–—“”‘’…«»·•€₫%"
                .chars(),
        );
        chars
    }

    /// Pseudo-random keys: runs of the alphabet, words of Vietnamese text, and both mixed.
    fn random_keys() -> Vec<String> {
        let alphabet = alphabet();
        let text: Vec<&str> = include_str!("../../../seeds/000_eae569450ad647c0.txt").split_whitespace().collect();
        let mut rand = crate::tests::xorshift(0x2545_f491_4f6c_dd1d);
        (0..3000)
            .map(|i| {
                let len = rand(if i % 10 == 0 { 2000 } else { 60 });
                let mut key = String::new();
                for _ in 0..len {
                    match i % 3 {
                        0 => key.push(alphabet[rand(alphabet.len())]),
                        1 => {
                            key.push_str(text[rand(text.len())]);
                            key.push(' ');
                        }
                        _ if rand(4) == 0 => key.push_str(text[rand(text.len())]),
                        _ => key.push(alphabet[rand(alphabet.len())]),
                    }
                }
                if i % 7 == 0 {
                    key = key.to_uppercase();
                }
                key
            })
            .collect()
    }

    /// Real keys: the seeds and the treebank slice, whole and line by line.
    fn real_keys() -> Vec<String> {
        let mut keys = Vec::new();
        for text in [
            include_str!("../../../seeds/000_eae569450ad647c0.txt"),
            include_str!("../../../seeds/001_99b65eee0feaa7b5.txt"),
            include_str!("../../../seeds/002_d405184045d43514.txt"),
            include_str!("../../../seeds/003_a71ed2b14b648e97.txt"),
            include_str!("../../../seeds/004_c787a8be61310078.txt"),
            include_str!("../../../fixtures/ud-vtb/dev-slice.conllu"),
        ] {
            keys.push(text.to_owned());
            keys.push(text.replace('_', " ").split_whitespace().collect::<Vec<_>>().join(" "));
            keys.extend(text.lines().map(str::to_owned));
        }
        keys
    }

    #[test]
    fn signatures_and_shingles_agree_with_the_code_before() {
        let keys: Vec<String> = random_keys().into_iter().chain(real_keys()).collect();
        for key in &keys {
            assert_eq!(syllable_hashes(key), before::syllable_hashes(key), "{key:?}");
            for k in [1, 2, 3, 5, 8, 33] {
                assert_eq!(shingle_hashes(key, k), before::shingle_hashes(key, k), "k={k} {key:?}");
            }
        }
        for params in [
            Params::default(),
            Params { shingle: 1, ..Params::default() },
            Params { shingle: 3, num_perm: 16, ..Params::default() },
            Params { shingle: 40, num_perm: 300, threshold: 0.9 },
        ] {
            let hasher = MinHasher::new(params);
            if params.num_perm == 300 {
                assert!(hasher.functions > 256, "the bins on the heap are tested too");
            }
            for key in &keys {
                let sig = hasher.signature(key);
                assert_eq!(sig, before::signature(&hasher, key), "{params:?} {key:?}");
                if let Some(sig) = sig {
                    let bands: Vec<u64> = hasher.band_hashes(&sig).collect();
                    assert_eq!(bands, before::band_hashes(&hasher, &sig), "{params:?} {key:?}");
                }
            }
        }
    }

    #[test]
    fn latin_table_agrees_with_vietnamese_lowercase() {
        for (i, &lower) in LATIN_LOWER.iter().enumerate() {
            let c = char::from_u32(0xc0 + i as u32).unwrap();
            let expected = ingest_core::letters::vietnamese_lowercase(c).map_or(0, u32::from);
            assert_eq!(u32::from(lower), expected, "{c:?}");
        }
    }

    #[test]
    fn shingles_are_lowercase() {
        assert_eq!(shingle_hashes("ĐỨC Việt", 1), shingle_hashes("đức việt", 1));
    }

    fn words(n: usize, seed: u64) -> Vec<String> {
        let mut x = seed;
        (0..n)
            .map(|_| {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                format!("từ{}", x >> 54)
            })
            .collect()
    }

    #[test]
    fn bands_for_the_default_threshold() {
        let (b, r) = optimal_bands(0.8, 128);
        assert!(b * r <= 128);
        // The S-curve's steepest point (1/b)^(1/r) sits a little below the threshold.
        let knee = (1.0 / b as f64).powf(1.0 / r as f64);
        assert!((0.6..0.8).contains(&knee), "b={b} r={r} knee={knee}");
        // Documents at the threshold are candidates nearly always.
        let p = |s: f64| 1.0 - (1.0 - s.powi(r as i32)).powi(b as i32);
        assert!(p(0.8) > 0.85, "b={b} r={r} p(0.8)={}", p(0.8));
        assert!(p(0.5) < 0.1, "b={b} r={r} p(0.5)={}", p(0.5));
    }

    #[test]
    fn similarity_estimates_jaccard() {
        let hasher = MinHasher::new(Params::default());
        let base = words(300, 1);
        let sig = |w: &[String]| hasher.signature(&w.join(" ")).unwrap();
        let a = sig(&base);
        assert_eq!(similarity(&a, &a), 1.0);
        // One word changed in 300: 5 of ~296 shingles differ, Jaccard ≈ 0.97.
        let mut edited = base.clone();
        edited[150] = "khác".into();
        assert!(similarity(&a, &sig(&edited)) > 0.9);
        // Unrelated text.
        assert!(similarity(&a, &sig(&words(300, 2))) < 0.1);
        // Case and punctuation do not matter; word order does.
        let shouted = base.iter().map(|w| w.to_uppercase()).collect::<Vec<_>>().join(", ");
        assert_eq!(similarity(&a, &hasher.signature(&shouted).unwrap()), 1.0);
        assert!(hasher.signature(" , . ").is_none());
    }

    #[test]
    fn signatures_are_stable_across_runs_and_machines() {
        let hasher = MinHasher::new(Params::default());
        let sig = hasher.signature("Hai bên nhất trí tăng cường trao đổi thông tin").unwrap();
        // Pinned: a change to seeds, hashing or shingling changes every stored index.
        let head: Vec<u16> = sig.0[..4].to_vec();
        let again =
            MinHasher::new(Params::default()).signature("Hai bên nhất trí tăng cường trao đổi thông tin").unwrap();
        assert_eq!(sig, again);
        assert_eq!(head, [6846, 6846, 47962, 45864]);
        assert_eq!(hasher.band_hashes(&sig).count(), hasher.bands_rows().0);
    }
}
