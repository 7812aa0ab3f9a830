//! Subword counts under a Hugging Face tokenizer (`tokenizer.json`), e.g. PhoBERT's BPE, so a
//! corpus builder knows how many model tokens each document costs. Built only with the
//! `subwords` feature.
//!
//! The tokenizer is given the segmented text, line by line, without special tokens: what a
//! PhoBERT-style model reads.

/// A tokenizer.json that could not be loaded, or text it could not encode.
#[derive(Debug, thiserror::Error)]
pub enum SubwordError {
    #[error("not a usable tokenizer.json: {0}")]
    Load(String),
    #[error("the tokenizer failed to encode the text: {0}")]
    Encode(String),
}

/// Counts subword tokens.
pub struct SubwordCounter {
    tokenizer: tokenizers::Tokenizer,
}

impl std::fmt::Debug for SubwordCounter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SubwordCounter").finish_non_exhaustive()
    }
}

impl SubwordCounter {
    /// Loads the contents of a `tokenizer.json`.
    pub fn from_json(bytes: &[u8]) -> Result<SubwordCounter, SubwordError> {
        let tokenizer = tokenizers::Tokenizer::from_bytes(bytes).map_err(|e| SubwordError::Load(e.to_string()))?;
        Ok(SubwordCounter { tokenizer })
    }

    /// Tokens in `segmented`, summed over its lines.
    pub fn count(&self, segmented: &str) -> Result<u64, SubwordError> {
        let mut total = 0u64;
        for line in segmented.lines().filter(|l| !l.is_empty()) {
            let encoding = self.tokenizer.encode_fast(line, false).map_err(|e| SubwordError::Encode(e.to_string()))?;
            total += encoding.len() as u64;
        }
        Ok(total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokenizers::models::TrainerWrapper;
    use tokenizers::models::bpe::{BPE, BpeTrainer};
    use tokenizers::pre_tokenizers::whitespace::WhitespaceSplit;
    use tokenizers::{Model, Tokenizer};

    /// Trains a small BPE on segmented seed text, as a stand-in for PhoBERT's (no downloads).
    fn trained() -> Vec<u8> {
        let corpus: Vec<String> =
            include_str!("../../../seeds/002_d405184045d43514.txt").lines().map(str::to_owned).collect();
        let mut trainer: TrainerWrapper =
            BpeTrainer::builder().vocab_size(300).min_frequency(2).show_progress(false).build().into();
        let mut tokenizer = Tokenizer::new(BPE::default());
        tokenizer.with_pre_tokenizer(Some(WhitespaceSplit));
        tokenizer.train(&mut trainer, corpus.iter()).unwrap();
        assert!(tokenizer.get_model().get_vocab_size() > 50);
        tokenizer.to_string(false).unwrap().into_bytes()
    }

    /// The trained tokenizer is also a fixture of the driver's `--hf-tokenizer` test; training is
    /// deterministic, so the committed file must be what training gives (`UPDATE_EXPECT=1` rewrites it).
    #[test]
    fn fixture_tokenizer_is_the_trained_one() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/tokenizer/bpe-seed-002.json");
        let trained = trained();
        if std::env::var_os("UPDATE_EXPECT").is_some_and(|v| v == "1") {
            std::fs::create_dir_all(std::path::Path::new(path).parent().unwrap()).unwrap();
            std::fs::write(path, &trained).unwrap();
        }
        let committed = std::fs::read(path).unwrap();
        assert!(committed == trained, "fixtures/tokenizer/bpe-seed-002.json differs from a fresh training");
    }

    #[test]
    fn counts_subwords_of_segmented_text() {
        let counter = SubwordCounter::from_json(&trained()).unwrap();
        // A frequent word of the training text is one token; a word it never saw is split into
        // pieces, at least one a character.
        assert_eq!(counter.count("hợp_tác").unwrap(), 1);
        let rare = counter.count("khủng_long").unwrap();
        assert!(rare > 1, "unseen word split into {rare} pieces");
        // Lines add up; blank lines cost nothing.
        let two = counter.count("hợp_tác\n\nhợp_tác").unwrap();
        assert_eq!(two, 2);
        assert_eq!(counter.count("").unwrap(), 0);
    }

    #[test]
    fn rejects_a_file_that_is_not_a_tokenizer() {
        let err = SubwordCounter::from_json(b"{\"not\": \"a tokenizer\"}").unwrap_err();
        assert!(matches!(err, SubwordError::Load(_)), "{err}");
    }
}
