//! Near duplicates of an article: a paragraph dropped or a few words replaced, kept only when the
//! copy stays at least as similar as asked, by the measure dedupe estimates (the Jaccard similarity
//! of 5-syllable shingles, lowercase, punctuation ignored), computed here exactly.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::rng::Rng;

/// How the copy differs, its similarity to the original, and its paragraphs.
pub(super) type Edit = (&'static str, f64, Vec<String>);

/// A word worth editing: letters only, two or more.
pub(super) fn is_word(w: &str) -> bool {
    w.chars().count() >= 2 && w.chars().all(char::is_alphabetic)
}

/// The article without one of its paragraphs after the first, if that is similar enough.
pub(super) fn dropped(original: &[String], before: &HashSet<u64>, min: f64) -> Option<Edit> {
    for drop in 1..original.len() {
        let mut kept = original.to_vec();
        kept.remove(drop);
        let similarity = jaccard(before, &shingles(&kept.join(" ")));
        if similarity >= min {
            return Some(("dropped-paragraph", similarity, kept));
        }
    }
    None
}

/// The article with 1-3 words replaced by other words, if that is similar enough.
pub(super) fn edited(
    original: &[String],
    before: &HashSet<u64>,
    min: f64,
    rng: &mut Rng,
    vocabulary: &[&str],
) -> Option<Edit> {
    for edits in (1..=3).rev() {
        let mut edited = original.to_vec();
        for _ in 0..edits {
            let p = rng.below(edited.len());
            let mut words: Vec<String> = edited[p].split(' ').map(str::to_owned).collect();
            let candidates: Vec<usize> = (0..words.len()).filter(|&i| is_word(&words[i])).collect();
            if candidates.is_empty() {
                continue;
            }
            let w = *rng.pick(&candidates);
            let mut replacement = *rng.pick(vocabulary);
            while replacement.to_lowercase() == words[w].to_lowercase() {
                replacement = *rng.pick(vocabulary);
            }
            words[w] = replacement.to_owned();
            edited[p] = words.join(" ");
        }
        let similarity = jaccard(before, &shingles(&edited.join(" ")));
        if similarity >= min && edited != original {
            return Some(("edited-words", similarity, edited));
        }
    }
    None
}

/// Hashes of the 5-syllable shingles of `text`: lowercase, punctuation ignored, as dedupe does.
pub(super) fn shingles(text: &str) -> HashSet<u64> {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| w.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>())
        .filter(|w| !w.is_empty())
        .collect();
    let hash = |ws: &[String]| {
        let mut h = DefaultHasher::new();
        ws.hash(&mut h);
        h.finish()
    };
    if words.len() < 5 {
        return std::iter::once(hash(&words)).collect();
    }
    words.windows(5).map(hash).collect()
}

pub(super) fn jaccard(a: &HashSet<u64>, b: &HashSet<u64>) -> f64 {
    let shared = a.intersection(b).count();
    let union = a.len() + b.len() - shared;
    if union == 0 { 1.0 } else { shared as f64 / union as f64 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraphs() -> Vec<String> {
        [
            "Hai bên nhất trí tăng cường hợp tác trong các lĩnh vực kinh tế, thương mại và đầu tư.",
            "Thứ trưởng cho biết nhiều dự án đã được triển khai đúng tiến độ trong năm qua.",
            "Phía bạn mong muốn mở rộng trao đổi đoàn các cấp và giao lưu nhân dân.",
            "Hai bên cũng trao đổi về các vấn đề khu vực và quốc tế cùng quan tâm.",
            "Cuộc gặp diễn ra trong bầu không khí hữu nghị, cởi mở và tin cậy.",
        ]
        .map(String::from)
        .to_vec()
    }

    #[test]
    fn similarity_ignores_case_and_punctuation() {
        let a = shingles("Hai bên nhất trí, tăng cường hợp tác.");
        assert_eq!(jaccard(&a, &shingles("hai bên NHẤT trí tăng cường hợp tác")), 1.0);
        assert!(jaccard(&a, &shingles("Hai bên nhất trí giảm cường hợp tác.")) < 0.5);
    }

    #[test]
    fn edits_stay_similar_and_differ() {
        let original = paragraphs();
        let before = shingles(&original.join(" "));
        let vocabulary = ["tuyệt", "vời", "nhanh"];
        let mut rng = Rng::new(4);
        let (form, similarity, edited) = edited(&original, &before, 0.8, &mut rng, &vocabulary).unwrap();
        assert_eq!(form, "edited-words");
        assert!(edited != original && (0.8..1.0).contains(&similarity), "{similarity}");
        assert_eq!(similarity, jaccard(&before, &shingles(&edited.join(" "))));
        // Dropping one of five paragraphs cannot stay 0.9 similar; at 0.7 it can, never the first.
        assert!(dropped(&original, &before, 0.9).is_none());
        let (_, similarity, kept) = dropped(&original, &before, 0.7).unwrap();
        assert_eq!((kept.len(), &kept[0]), (4, &original[0]));
        assert!(similarity >= 0.7);
    }
}
