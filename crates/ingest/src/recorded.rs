//! The settings that decide a build's output, as its manifest records them.

use ingest_dedupe::MinHasher;
use serde::Serialize;

use crate::config::Settings;
use crate::subwords::Subwords;

/// The settings that decide the output, as recorded in the manifest.
#[derive(Debug, Serialize)]
pub struct OutputSettings {
    pub keep_rejected: bool,
    pub output: OutputFiles,
    pub clean: CleanSettings,
    pub dedupe: DedupeSettings,
    pub tokenize: TokenizeSettings,
    pub fetch: FetchSettings,
}

/// The fetch settings that decide which inputs there are and what they hold.
#[derive(Debug, Serialize)]
pub struct FetchSettings {
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    pub text_field: String,
    pub id_field: Option<String>,
    pub url_field: Option<String>,
    pub max_document_bytes: u64,
    pub max_archive_bytes: u64,
}

/// How the document files are cut and compressed.
#[derive(Debug, Serialize)]
pub struct OutputFiles {
    pub compress: &'static str,
    pub shard_size: u64,
}

#[derive(Debug, Serialize)]
pub struct CleanSettings {
    pub restore_segmented: bool,
    pub tone_style: &'static str,
    pub repeated_min_documents: u32,
    pub repeated_max_words: usize,
    pub filters: ingest_clean::quality::Filters,
    /// What turns HTML into text, and what names the language.
    pub html: &'static str,
    pub language: &'static str,
}

#[derive(Debug, Serialize)]
pub struct DedupeSettings {
    pub method: &'static str,
    pub key: &'static str,
    /// MinHash-LSH parameters, or `false` when near-duplicate detection is off.
    pub near: NearSettings,
    pub paragraphs: bool,
}

#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum NearSettings {
    Off(bool),
    On { threshold: f64, shingle: usize, bands: usize, rows: usize, hash: &'static str },
}

#[derive(Debug, Serialize)]
pub struct TokenizeSettings {
    pub segmenter: &'static str,
    pub model: &'static str,
    /// SHA-256 of the `--hf-tokenizer` file, when subwords are counted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hf_tokenizer_sha256: Option<String>,
}

impl OutputSettings {
    pub fn of(settings: &Settings, subwords: Option<&Subwords>) -> OutputSettings {
        OutputSettings {
            keep_rejected: settings.keep_rejected,
            output: OutputFiles { compress: settings.compression.name(), shard_size: settings.shard_size },
            clean: CleanSettings {
                restore_segmented: settings.clean.restore_segmented,
                tone_style: settings.clean.tone_style.as_str(),
                repeated_min_documents: settings.clean.repeated_min_documents,
                repeated_max_words: settings.clean.repeated_max_words,
                filters: settings.clean.filters.clone(),
                html: "dom_smoothie readability, formatted text",
                language: "whatlang and the share of Vietnamese-only letters",
            },
            dedupe: DedupeSettings {
                method: "exact-sha256",
                key: "clean text, tone marks of oa/oe/uy in the new style, whitespace runs as one space",
                near: match settings.dedupe.near {
                    None => NearSettings::Off(false),
                    Some(params) => {
                        let (bands, rows) = MinHasher::new(params).bands_rows();
                        NearSettings::On {
                            threshold: params.threshold,
                            shingle: params.shingle,
                            bands,
                            rows,
                            hash: "one-permutation MinHash over FNV-1a/SplitMix64 shingle hashes, densified, 16 bits a bin",
                        }
                    }
                },
                paragraphs: settings.dedupe.paragraphs,
            },
            tokenize: match settings.segment {
                true => TokenizeSettings {
                    segmenter: "rdrsegmenter",
                    model: "RDRsegmenter Model.RDR, VnVocab and name lists (Nguyen et al., LREC 2018)",
                    hf_tokenizer_sha256: subwords.map(|s| s.sha256.clone()),
                },
                false => TokenizeSettings {
                    segmenter: "none",
                    model: "none: syllables counted, no segmented text and no word counts",
                    hf_tokenizer_sha256: None,
                },
            },
            fetch: {
                let f = &settings.fetch;
                FetchSettings {
                    include: f.include.clone(),
                    exclude: f.exclude.clone(),
                    text_field: f.text_field.clone(),
                    id_field: f.id_field.clone(),
                    url_field: f.url_field.clone(),
                    max_document_bytes: f.max_document_bytes,
                    max_archive_bytes: f.max_archive_bytes,
                }
            },
        }
    }
}
